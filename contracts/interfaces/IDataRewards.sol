// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IDataRewards
/// @notice Shares the data part of inference fees among the contributions a model version was trained on. Each
/// version with a training-data root has a pool; deposits raise its reward-per-weight accumulator, and a contribution
/// proves its (contributionId, weight) leaf against the version's root to claim `weight × accumulator − paid`, paid to
/// its owner at claim time, as often as fees keep coming. A leaf whose training consent was not in force at the
/// version's publication can never claim: anyone may sweep its share to the treasury instead.
interface IDataRewards {
    /* ------------------------------------------------------------------ */
    /*                                TYPES                               */
    /* ------------------------------------------------------------------ */

    /// @notice The reward pool of one model version.
    /// @dev `deposited - distributed` is rounding dust carried into the next deposit. `distributed` is the accumulator
    /// times the version's total weight, rounded up: what the whole tree could ever claim, never more than deposited.
    struct Pool {
        /// @dev Rewards per unit of weight since the version was published, scaled by ACC_PRECISION.
        uint256 rewardPerWeight;
        uint256 deposited;
        uint256 distributed;
        uint256 claimed;
        uint256 swept;
    }

    /// @notice Contract-wide totals, for accounting checks.
    /// @dev deposited == forwarded + claimed + swept + outstanding, and the contract's token balance is outstanding
    /// (barring tokens sent to it directly).
    struct Totals {
        /// @dev Everything ever passed to `depositReward`.
        uint256 deposited;
        /// @dev Deposits for versions without a training-data root, sent straight to the treasury.
        uint256 forwarded;
        uint256 claimed;
        uint256 swept;
        /// @dev Held for pools: owed to leaves (accrued or not yet) plus carried dust.
        uint256 outstanding;
    }

    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice `depositor` added `amount` to the pool of `modelId`/`version`; `rewardPerWeight` is the accumulator
    /// after it and `undistributed` the dust carried into the next deposit.
    event RewardDeposited(
        uint256 indexed modelId,
        uint32 indexed version,
        address indexed depositor,
        uint256 amount,
        uint256 rewardPerWeight,
        uint256 undistributed
    );
    /// @notice The version has no training data: `amount` from `depositor` went straight to `treasury`.
    event RewardForwarded(
        uint256 indexed modelId, uint32 indexed version, address indexed depositor, address treasury, uint256 amount
    );
    /// @notice `amount` of the share of `contributionId` in `modelId`/`version` was paid to its owner `owner`.
    event RewardClaimed(
        uint256 indexed modelId, uint32 version, uint256 indexed contributionId, address indexed owner, uint256 amount
    );
    /// @notice The share of a leaf without training consent, `amount`, was sent to `treasury`.
    event RewardSwept(
        uint256 indexed modelId,
        uint32 version,
        uint256 indexed contributionId,
        address indexed treasury,
        uint256 amount
    );
    /// @notice Governance changed the treasury.
    event TreasuryUpdated(address indexed previous, address indexed current);

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev An amount of zero was given where a positive amount is required.
    error DataRewardsZeroAmount();
    /// @dev The zero address was given where a token, registry, treasury or admin is required.
    error DataRewardsZeroAddress();
    /// @dev The version has no training-data root: there are no leaves to claim or sweep.
    error DataRewardsNoTrainingData(uint256 modelId, uint32 version);
    /// @dev Consent at the version's publication (`publishedAt`) could still change within the publishing block:
    /// claims and sweeps wait for a later block.
    error DataRewardsConsentNotFinal(uint256 modelId, uint32 version, uint64 publishedAt);
    /// @dev (`contributionId`, `weight`) with this proof is not a leaf of the version's training-data root.
    error DataRewardsInvalidProof(uint256 modelId, uint32 version, uint256 contributionId, uint256 weight);
    /// @dev `contributionId` had not consented to training for `modelId` when the version was published
    /// (`publishedAt`): it can never claim; its share can be swept.
    error DataRewardsNoTrainingConsent(uint256 contributionId, uint256 modelId, uint64 publishedAt);
    /// @dev `contributionId` had consented to training for `modelId` at `publishedAt`: its share is its owner's.
    error DataRewardsTrainingConsented(uint256 contributionId, uint256 modelId, uint64 publishedAt);
    /// @dev The leaf has nothing accrued beyond what was already paid.
    error DataRewardsNothingOwed(uint256 modelId, uint32 version, uint256 contributionId);
    /// @dev Paying `requested` would take the pool beyond what was distributed to it (`available` left): the tree's
    /// weights exceed the version's total weight. Other pools are never touched.
    error DataRewardsPoolOverdrawn(uint256 modelId, uint32 version, uint256 requested, uint256 available);

    /* ------------------------------------------------------------------ */
    /*                               REWARDS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Adds `amount` (pulled from the caller, who approved this contract) to the pool of a model version.
    /// Anyone may call; the inference coordinator calls it with the data share of each fulfilled inference. Rounding
    /// dust is carried into the next deposit, never lost. For a version without a training-data root the amount goes
    /// straight to the treasury.
    /// @param modelId The model.
    /// @param version The version, which must exist in the model registry.
    /// @param amount Tokens to add, > 0.
    function depositReward(uint256 modelId, uint32 version, uint256 amount) external;

    /// @notice Pays a leaf's accrued share, `weight × rewardPerWeight − paid`, to the owner of the contribution now.
    /// Anyone may call: the tokens always go to the owner. Refused if the contribution had not consented to training
    /// for this model when the version was published.
    /// @param modelId The model.
    /// @param version The version.
    /// @param contributionId The leaf's contribution.
    /// @param weight The leaf's weight.
    /// @param proof The Merkle proof of the leaf against the version's training-data root.
    /// @return amount The amount paid.
    function claim(uint256 modelId, uint32 version, uint256 contributionId, uint256 weight, bytes32[] calldata proof)
        external
        returns (uint256 amount);

    /// @notice Sends the accrued share of a leaf that can never claim (no training consent for this model at the
    /// version's publication) to the treasury. Anyone may call, again as more fees come.
    /// @param modelId The model.
    /// @param version The version.
    /// @param contributionId The leaf's contribution.
    /// @param weight The leaf's weight.
    /// @param proof The Merkle proof of the leaf against the version's training-data root.
    /// @return amount The amount swept.
    function sweep(uint256 modelId, uint32 version, uint256 contributionId, uint256 weight, bytes32[] calldata proof)
        external
        returns (uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Sets where forwarded and swept rewards go. Governance only.
    /// @param treasury The new treasury, non-zero.
    function setTreasury(address treasury) external;

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice What `claim` would pay now for this leaf; 0 where it would revert (invalid proof, no training data,
    /// no consent, consent not final yet, nothing owed, pool overdrawn). Reverts for an unknown version.
    function claimable(
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (uint256);

    /// @notice What `sweep` would send to the treasury now for this leaf; 0 where it would revert.
    function sweepable(
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (uint256);

    /// @notice The pool of a model version.
    function pool(uint256 modelId, uint32 version) external view returns (Pool memory);

    /// @notice What a contribution's leaf in a version has been paid so far (claimed or swept).
    function paidOut(uint256 modelId, uint32 version, uint256 contributionId) external view returns (uint256);

    /// @notice Contract-wide totals.
    function totals() external view returns (Totals memory);

    /// @notice The reward token.
    function token() external view returns (address);

    /// @notice The model registry that holds versions, their roots, total weights and publication times.
    function modelRegistry() external view returns (address);

    /// @notice The data registry that holds contribution owners and consent history.
    function dataRegistry() external view returns (address);

    /// @notice Where forwarded and swept rewards go.
    function treasury() external view returns (address);
}
