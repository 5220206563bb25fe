// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {OperatorInfo} from "../types/OperatorTypes.sol";

/// @title IOperatorRegistry
/// @notice Oracle operators bonded by their active stake in the vault. An operator is eligible for new work while its
/// active stake is at least the governable minimum; its selection weight is its active stake. Operators declare the
/// model versions they can prove, and are drawn only for those. Weights, slots and declarations keep their history,
/// so an assignment is drawn over the set as it stood before the randomness that draws it was known.
interface IOperatorRegistry {
    /// @notice `operator` registered with an endpoint/metadata URI and a public key for encrypted inputs.
    event OperatorRegistered(address indexed operator, string endpoint, bytes publicKey);
    /// @notice `operator` changed its endpoint or public key.
    event OperatorUpdated(address indexed operator, string endpoint, bytes publicKey);
    /// @notice `operator` left the set.
    event OperatorDeregistered(address indexed operator);
    /// @notice `operator` was removed from the set by `by`: its stake was below the minimum, or `by` holds more
    /// stake and took its slot in a full set.
    event OperatorEvicted(address indexed operator, address indexed by, uint256 operatorStake);
    /// @notice `operator`'s selection weight changed (0 when ineligible).
    event OperatorWeightUpdated(address indexed operator, uint256 weight);
    /// @notice `account` declared (or withdrew) that it can prove requests on version `version` of model `modelId`.
    event ServedVersionDeclared(address indexed account, uint256 indexed modelId, uint32 indexed version, bool serves);
    /// @notice Governance changed the minimum active stake of an eligible operator.
    event MinOperatorStakeUpdated(uint256 previous, uint256 current);

    /// @dev `operator` is already registered.
    error OperatorAlreadyRegistered(address operator);
    /// @dev `operator` is not registered.
    error OperatorNotRegistered(address operator);
    /// @dev `operator` has `stake` of active stake; registering needs at least `minimum`.
    error OperatorInsufficientStake(address operator, uint256 stake, uint256 minimum);
    /// @dev The operator set is full (`max` operators): evict an operator below the minimum, or take the slot of one
    /// holding less stake with `registerOperatorReplacing`.
    error OperatorCapacityReached(uint256 max);
    /// @dev `operator` holds `stake`, at least the minimum `minimum`: it cannot be evicted for lack of stake.
    error OperatorNotEvictable(address operator, uint256 stake, uint256 minimum);
    /// @dev Taking `incumbent`'s slot needs strictly more active stake than its `incumbentStake`; the caller has
    /// `stake`.
    error OperatorStakeNotAboveIncumbent(address incumbent, uint256 incumbentStake, uint256 stake);
    /// @dev The set still has a free slot: register normally instead of replacing `incumbent`.
    error OperatorSetNotFull(address incumbent);
    /// @dev The endpoint URI is empty or longer than `maxLength` bytes.
    error OperatorInvalidEndpoint(uint256 length, uint256 maxLength);
    /// @dev The public key must be 33 (compressed) or 65 (uncompressed) bytes; got `length`.
    error OperatorInvalidPublicKey(uint256 length);
    /// @dev No operator is eligible for work.
    error OperatorNoneEligible();
    /// @dev The minimum operator stake must be > 0.
    error OperatorMinStakeZero();
    /// @dev `modelIds` has `modelCount` entries but `versions` has `versionCount`.
    error OperatorDeclarationLengthMismatch(uint256 modelCount, uint256 versionCount);

    /// @notice Registers the caller as an operator. Requires at least `minOperatorStake()` of active stake and a free
    /// slot. The caller is drawn only for the versions it declares (`declareServedVersions`).
    /// @param endpoint Metadata or endpoint URI (1..256 bytes).
    /// @param publicKey secp256k1 public key (33 or 65 bytes) that requesters use to encrypt inputs.
    function registerOperator(string calldata endpoint, bytes calldata publicKey) external;

    /// @notice Registers the caller in the slot of `incumbent` when the set is full, evicting it. The caller must hold
    /// strictly more active stake than the incumbent, so a full set always keeps the largest stakes.
    /// @param endpoint Metadata or endpoint URI (1..256 bytes).
    /// @param publicKey secp256k1 public key (33 or 65 bytes).
    /// @param incumbent The registered operator whose slot the caller takes.
    function registerOperatorReplacing(string calldata endpoint, bytes calldata publicKey, address incumbent) external;

    /// @notice Removes `operator` from the set because its active stake is below the minimum, freeing its slot. Anyone
    /// may call: a slot held at weight zero serves nobody. The operator's stake and past assignments are untouched.
    /// @param operator The operator to evict.
    function evictOperator(address operator) external;

    /// @notice Updates the caller's endpoint and public key.
    /// @param endpoint Metadata or endpoint URI (1..256 bytes).
    /// @param publicKey secp256k1 public key (33 or 65 bytes).
    function updateOperator(string calldata endpoint, bytes calldata publicKey) external;

    /// @notice Removes the caller from the operator set; its stake is untouched, and so are assignments already drawn.
    function deregisterOperator() external;

    /// @notice Declares that the caller can (or, with `serves` false, no longer can) prove requests on each listed
    /// model version: it holds the circuit's artifacts and the weights that open the version's commitment. Operators
    /// are drawn, and data nodes held to their requests, only for versions they declared before the request.
    /// @param modelIds The models, one per entry.
    /// @param versions The versions, one per entry.
    /// @param serves True to declare, false to withdraw (effective for later requests only).
    function declareServedVersions(uint256[] calldata modelIds, uint32[] calldata versions, bool serves) external;

    /// @notice Recomputes `operator`'s selection weight from its current stake and the current minimum. Anyone may
    /// call; stake changes already do this, so it only matters after the minimum changes. A zero weight (active stake
    /// below the minimum: a dormant operator) is raised only when the operator calls for itself: stake paid in by
    /// someone else or a lower minimum does not make a dormant operator drawable again.
    /// @param operator The operator to refresh.
    function syncOperator(address operator) external;

    /// @notice Sets the minimum active stake for an operator to be eligible. Governance only. Refreshes every
    /// operator's weight (the set is bounded by MAX_OPERATORS).
    /// @param minimum The new minimum, > 0.
    function setMinOperatorStake(uint256 minimum) external;

    /// @notice Picks an eligible operator with probability proportional to its current stake, in O(log n).
    /// @param randomness Any uniformly random number (e.g. from VRF); it is reduced modulo the total weight.
    /// @return operator The selected operator.
    function pickOperator(uint256 randomness) external view returns (address operator);

    /// @notice The operator drawn for request `requestId` on version `version` of model `modelId`: stake-weighted
    /// over the operators that, at the end of second `asOf`, were eligible and had declared the version. Up to
    /// MAX_DRAWS draws from `keccak256(seed, requestId, draw)`; address(0) if none of them hits such an operator.
    /// @param seed Randomness unknown at `asOf` (the request's round seed).
    /// @param requestId The request.
    /// @param modelId The request's model.
    /// @param version The request's version.
    /// @param asOf The second whose end fixes the weights, slots and declarations used.
    function assignedOperatorAt(uint256 seed, uint256 requestId, uint256 modelId, uint32 version, uint48 asOf)
        external
        view
        returns (address);

    /// @notice Whether `account` had declared version `version` of model `modelId` at the end of second `at`.
    function servedVersionAt(address account, uint256 modelId, uint32 version, uint48 at) external view returns (bool);

    /// @notice Whether `account` currently declares version `version` of model `modelId`.
    function servesVersion(address account, uint256 modelId, uint32 version) external view returns (bool);

    /// @notice Whether `operator` is registered and holds at least the minimum active stake.
    function isEligibleOperator(address operator) external view returns (bool);

    /// @notice The selection weight of `operator` (its active stake if eligible, otherwise 0).
    function operatorWeight(address operator) external view returns (uint256);

    /// @notice The sum of the weights of all eligible operators.
    function totalOperatorWeight() external view returns (uint256);

    /// @notice Registration data of `operator`.
    function operatorInfo(address operator) external view returns (OperatorInfo memory);

    /// @notice Every slot ever used, in order, with its current weight (free slots show address 0).
    function operators() external view returns (address[] memory accounts, uint256[] memory weights);

    /// @notice The minimum active stake for eligibility.
    function minOperatorStake() external view returns (uint256);
}
