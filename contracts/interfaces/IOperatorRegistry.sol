// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOperatorRegistry
/// @notice Oracle operators bonded by their active stake in the vault. An operator is eligible for new work while its
/// active stake is at least the governable minimum; its selection weight is its active stake.
interface IOperatorRegistry {
    /// @notice Public registration data of an operator.
    struct OperatorInfo {
        bool registered;
        uint32 slot;
        uint64 registeredAt;
        string endpoint;
        bytes publicKey;
    }

    /// @notice `operator` registered with an endpoint/metadata URI and a public key for encrypted inputs.
    event OperatorRegistered(address indexed operator, string endpoint, bytes publicKey);
    /// @notice `operator` changed its endpoint or public key.
    event OperatorUpdated(address indexed operator, string endpoint, bytes publicKey);
    /// @notice `operator` left the set.
    event OperatorDeregistered(address indexed operator);
    /// @notice `operator`'s selection weight changed (0 when ineligible).
    event OperatorWeightUpdated(address indexed operator, uint256 weight);
    /// @notice Governance changed the minimum active stake of an eligible operator.
    event MinOperatorStakeUpdated(uint256 previous, uint256 current);

    /// @dev `operator` is already registered.
    error OperatorAlreadyRegistered(address operator);
    /// @dev `operator` is not registered.
    error OperatorNotRegistered(address operator);
    /// @dev `operator` has `stake` of active stake; registering needs at least `minimum`.
    error OperatorInsufficientStake(address operator, uint256 stake, uint256 minimum);
    /// @dev The operator set is full (`max` operators).
    error OperatorCapacityReached(uint256 max);
    /// @dev The endpoint URI is empty or longer than `maxLength` bytes.
    error OperatorInvalidEndpoint(uint256 length, uint256 maxLength);
    /// @dev The public key must be 33 (compressed) or 65 (uncompressed) bytes; got `length`.
    error OperatorInvalidPublicKey(uint256 length);
    /// @dev No operator is eligible for work.
    error OperatorNoneEligible();
    /// @dev The minimum operator stake must be > 0.
    error OperatorMinStakeZero();

    /// @notice Registers the caller as an operator. Requires at least `minOperatorStake()` of active stake.
    /// @param endpoint Metadata or endpoint URI (1..256 bytes).
    /// @param publicKey secp256k1 public key (33 or 65 bytes) that requesters use to encrypt inputs.
    function registerOperator(string calldata endpoint, bytes calldata publicKey) external;

    /// @notice Updates the caller's endpoint and public key.
    /// @param endpoint Metadata or endpoint URI (1..256 bytes).
    /// @param publicKey secp256k1 public key (33 or 65 bytes).
    function updateOperator(string calldata endpoint, bytes calldata publicKey) external;

    /// @notice Removes the caller from the operator set; its stake is untouched.
    function deregisterOperator() external;

    /// @notice Recomputes `operator`'s selection weight from its current stake and the current minimum. Anyone may
    /// call; stake changes already do this, so it only matters after the minimum changes.
    /// @param operator The operator to refresh.
    function syncOperator(address operator) external;

    /// @notice Sets the minimum active stake for an operator to be eligible. Governance only. Refreshes every
    /// operator's weight (the set is bounded by MAX_OPERATORS).
    /// @param minimum The new minimum, > 0.
    function setMinOperatorStake(uint256 minimum) external;

    /// @notice Picks an eligible operator with probability proportional to its stake, in O(log n).
    /// @param randomness Any uniformly random number (e.g. from VRF); it is reduced modulo the total weight.
    /// @return operator The selected operator.
    function pickOperator(uint256 randomness) external view returns (address operator);

    /// @notice Whether `operator` is registered and holds at least the minimum active stake.
    function isEligibleOperator(address operator) external view returns (bool);

    /// @notice The selection weight of `operator` (its active stake if eligible, otherwise 0).
    function operatorWeight(address operator) external view returns (uint256);

    /// @notice The sum of the weights of all eligible operators.
    function totalOperatorWeight() external view returns (uint256);

    /// @notice Registration data of `operator`.
    function operatorInfo(address operator) external view returns (OperatorInfo memory);

    /// @notice Every operator slot in order with its current weight (slots of departed operators show address 0).
    function operators() external view returns (address[] memory accounts, uint256[] memory weights);

    /// @notice The minimum active stake for eligibility.
    function minOperatorStake() external view returns (uint256);
}
