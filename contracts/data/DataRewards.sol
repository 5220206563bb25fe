// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IDataRewards} from "../interfaces/IDataRewards.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {RewardAccumulator} from "../libraries/RewardAccumulator.sol";
import {Pool, Totals} from "../types/DataRewardsTypes.sol";
import {Version} from "../types/ModelTypes.sol";
import {TrainingDataLeaf} from "./TrainingDataLeaf.sol";

/// @title DataRewards
/// @notice Pays data contributors their share of inference fees per model version, pro rata to the weights committed
/// in the version's training-data Merkle root, in O(1) per claim whatever the number of contributors.
/// @dev Accounting identity, checked by the invariant tests: totals.deposited == forwarded + claimed + swept +
/// outstanding, and the token balance equals outstanding. Per pool, claimed + swept ≤ distributed ≤ deposited, so a
/// malformed tree (weights summing beyond the version's total) can only exhaust its own pool.
contract DataRewards is Initializable, AccessControlUpgradeable, UUPSUpgradeable, IDataRewards {
    using SafeERC20 for IERC20;

    /// @notice Scale of each pool's reward-per-weight accumulator. Weights are plain integers (1e6 per unit of Shapley
    /// value in the trainer) up to uint128, so the scale is large enough that W / ACC_PRECISION stays below one wei for
    /// any realistic total, while cumulative deposits up to ~1e41 wei per pool still fit at a total weight of 1.
    uint256 public constant ACC_PRECISION = 1e36;

    /// @dev Why a leaf is paid: to its owner (consent in force) or to the treasury (not).
    enum Payee {
        Owner,
        Treasury
    }

    /// @custom:storage-location erc7201:symbiote.storage.DataRewards
    struct DataRewardsStorage {
        IERC20 token;
        IModelRegistry modelRegistry;
        IDataRegistry dataRegistry;
        address treasury;
        Totals totals;
        mapping(uint256 modelId => mapping(uint32 version => Pool)) pools;
        mapping(uint256 modelId => mapping(uint32 version => mapping(uint256 contributionId => uint256))) paid;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.DataRewards")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant DATA_REWARDS_STORAGE = 0x77a69137cfe46823a268fdf141aa5d61fdcfa43346743f369f8cc8ea78da8b00;

    function _rewardsStorage() private pure returns (DataRewardsStorage storage $) {
        assembly {
            $.slot := DATA_REWARDS_STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the rewards contract behind its proxy.
    /// @param token_ The reward token (the token inference fees are paid in).
    /// @param modelRegistry_ The model registry.
    /// @param dataRegistry_ The data registry.
    /// @param treasury_ Where forwarded and swept rewards go.
    /// @param admin Receives the admin role (governance: the timelock).
    function initialize(address token_, address modelRegistry_, address dataRegistry_, address treasury_, address admin)
        external
        initializer
    {
        if (
            token_ == address(0) || modelRegistry_ == address(0) || dataRegistry_ == address(0)
                || treasury_ == address(0) || admin == address(0)
        ) revert DataRewardsZeroAddress();
        __AccessControl_init();
        DataRewardsStorage storage $ = _rewardsStorage();
        $.token = IERC20(token_);
        $.modelRegistry = IModelRegistry(modelRegistry_);
        $.dataRegistry = IDataRegistry(dataRegistry_);
        $.treasury = treasury_;
        emit TreasuryUpdated(address(0), treasury_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /* ------------------------------------------------------------------ */
    /*                               REWARDS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRewards
    function depositReward(uint256 modelId, uint32 version, uint256 amount) external {
        if (amount == 0) revert DataRewardsZeroAmount();
        DataRewardsStorage storage $ = _rewardsStorage();
        // Reverts for an unknown model or version: fees only ever belong to a published version.
        uint256 totalWeight = $.modelRegistry.version(modelId, version).totalDataWeight;
        $.totals.deposited += amount;

        if (totalWeight == 0) {
            // No training data, so no leaves: holding the deposit would strand it.
            $.totals.forwarded += amount;
            address treasury_ = $.treasury;
            $.token.safeTransferFrom(msg.sender, treasury_, amount);
            emit RewardForwarded(modelId, version, msg.sender, treasury_, amount);
            return;
        }

        Pool storage p = $.pools[modelId][version];
        uint256 deposited = p.deposited + amount;
        (uint256 rewardPerWeight, uint256 distributed) =
            RewardAccumulator.distribute(p.rewardPerWeight, p.distributed, deposited, totalWeight, ACC_PRECISION);
        p.deposited = deposited;
        p.rewardPerWeight = rewardPerWeight;
        p.distributed = distributed;
        $.totals.outstanding += amount;
        $.token.safeTransferFrom(msg.sender, address(this), amount);
        emit RewardDeposited(modelId, version, msg.sender, amount, rewardPerWeight, deposited - distributed);
    }

    /// @inheritdoc IDataRewards
    function claim(uint256 modelId, uint32 version, uint256 contributionId, uint256 weight, bytes32[] calldata proof)
        external
        returns (uint256 amount)
    {
        DataRewardsStorage storage $ = _rewardsStorage();
        uint64 publishedAt = _checkLeaf($, modelId, version, contributionId, weight, proof);
        if (_payee($, contributionId, modelId, publishedAt) != Payee.Owner) {
            revert DataRewardsNoTrainingConsent(contributionId, modelId, publishedAt);
        }
        amount = _settle($, modelId, version, contributionId, weight);
        $.pools[modelId][version].claimed += amount;
        $.totals.claimed += amount;
        // The owner now, not at publication: rewards follow the contribution when it changes hands.
        address owner = $.dataRegistry.ownerOf(contributionId);
        $.token.safeTransfer(owner, amount);
        emit RewardClaimed(modelId, version, contributionId, owner, amount);
    }

    /// @inheritdoc IDataRewards
    function sweep(uint256 modelId, uint32 version, uint256 contributionId, uint256 weight, bytes32[] calldata proof)
        external
        returns (uint256 amount)
    {
        DataRewardsStorage storage $ = _rewardsStorage();
        uint64 publishedAt = _checkLeaf($, modelId, version, contributionId, weight, proof);
        if (_payee($, contributionId, modelId, publishedAt) != Payee.Treasury) {
            revert DataRewardsTrainingConsented(contributionId, modelId, publishedAt);
        }
        amount = _settle($, modelId, version, contributionId, weight);
        $.pools[modelId][version].swept += amount;
        $.totals.swept += amount;
        address treasury_ = $.treasury;
        $.token.safeTransfer(treasury_, amount);
        emit RewardSwept(modelId, version, contributionId, treasury_, amount);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRewards
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert DataRewardsZeroAddress();
        DataRewardsStorage storage $ = _rewardsStorage();
        emit TreasuryUpdated($.treasury, treasury_);
        $.treasury = treasury_;
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRewards
    function claimable(
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (uint256) {
        return _preview(modelId, version, contributionId, weight, proof, Payee.Owner);
    }

    /// @inheritdoc IDataRewards
    function sweepable(
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof
    ) external view returns (uint256) {
        return _preview(modelId, version, contributionId, weight, proof, Payee.Treasury);
    }

    /// @inheritdoc IDataRewards
    function pool(uint256 modelId, uint32 version) external view returns (Pool memory) {
        return _rewardsStorage().pools[modelId][version];
    }

    /// @inheritdoc IDataRewards
    function paidOut(uint256 modelId, uint32 version, uint256 contributionId) external view returns (uint256) {
        return _rewardsStorage().paid[modelId][version][contributionId];
    }

    /// @inheritdoc IDataRewards
    function totals() external view returns (Totals memory) {
        return _rewardsStorage().totals;
    }

    /// @inheritdoc IDataRewards
    function token() external view returns (address) {
        return address(_rewardsStorage().token);
    }

    /// @inheritdoc IDataRewards
    function modelRegistry() external view returns (address) {
        return address(_rewardsStorage().modelRegistry);
    }

    /// @inheritdoc IDataRewards
    function dataRegistry() external view returns (address) {
        return address(_rewardsStorage().dataRegistry);
    }

    /// @inheritdoc IDataRewards
    function treasury() external view returns (address) {
        return _rewardsStorage().treasury;
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Checks that the version has training data, that consent at its publication is final, and that the leaf
    /// belongs to its root. Returns the publication time.
    function _checkLeaf(
        DataRewardsStorage storage $,
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof
    ) private view returns (uint64 publishedAt) {
        Version memory published = $.modelRegistry.version(modelId, version);
        if (published.totalDataWeight == 0) revert DataRewardsNoTrainingData(modelId, version);
        publishedAt = published.publishedAt;
        // A consent change later in the publishing block would still count at `publishedAt`: deciding before that
        // block ends could pay a leaf to its owner and later to the treasury.
        if (block.timestamp <= publishedAt) revert DataRewardsConsentNotFinal(modelId, version, publishedAt);
        bytes32 leaf = TrainingDataLeaf.hash(contributionId, weight);
        if (!MerkleProof.verifyCalldata(proof, published.trainingDataRoot, leaf)) {
            revert DataRewardsInvalidProof(modelId, version, contributionId, weight);
        }
    }

    /// @dev Owner if the contribution had consented to training for this model when the version was published.
    function _payee(DataRewardsStorage storage $, uint256 contributionId, uint256 modelId, uint64 publishedAt)
        private
        view
        returns (Payee)
    {
        (bool training,) = $.dataRegistry.consentAt(contributionId, modelId, publishedAt);
        return training ? Payee.Owner : Payee.Treasury;
    }

    /// @dev Records the leaf's accrued-but-unpaid amount as paid and takes it out of what the contract owes.
    function _settle(
        DataRewardsStorage storage $,
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight
    ) private returns (uint256 amount) {
        Pool storage p = $.pools[modelId][version];
        uint256 alreadyPaid = $.paid[modelId][version][contributionId];
        amount = _owed(p, alreadyPaid, weight);
        if (amount == 0) revert DataRewardsNothingOwed(modelId, version, contributionId);
        uint256 available = p.distributed - p.claimed - p.swept;
        if (amount > available) revert DataRewardsPoolOverdrawn(modelId, version, amount, available);
        $.paid[modelId][version][contributionId] = alreadyPaid + amount;
        $.totals.outstanding -= amount;
    }

    /// @dev Accrued minus paid, or zero if a larger weight was already paid under the same contribution id (only a
    /// malformed tree lists an id twice).
    function _owed(Pool storage p, uint256 alreadyPaid, uint256 weight) private view returns (uint256) {
        uint256 accrued = RewardAccumulator.earned(weight, 0, p.rewardPerWeight, ACC_PRECISION);
        return accrued > alreadyPaid ? accrued - alreadyPaid : 0;
    }

    function _preview(
        uint256 modelId,
        uint32 version,
        uint256 contributionId,
        uint256 weight,
        bytes32[] calldata proof,
        Payee payee
    ) private view returns (uint256) {
        DataRewardsStorage storage $ = _rewardsStorage();
        Version memory published = $.modelRegistry.version(modelId, version);
        if (published.totalDataWeight == 0 || block.timestamp <= published.publishedAt) return 0;
        if (!MerkleProof.verifyCalldata(
                proof, published.trainingDataRoot, TrainingDataLeaf.hash(contributionId, weight)
            )) {
            return 0;
        }
        if (_payee($, contributionId, modelId, published.publishedAt) != payee) return 0;
        Pool storage p = $.pools[modelId][version];
        uint256 amount = _owed(p, $.paid[modelId][version][contributionId], weight);
        return amount > p.distributed - p.claimed - p.swept ? 0 : amount;
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
