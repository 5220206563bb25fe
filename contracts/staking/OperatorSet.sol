// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {StakeSumTree} from "../libraries/StakeSumTree.sol";

/// @title OperatorSet
/// @notice The operator half of the staking vault: registration, eligibility and stake-weighted selection.
/// @dev Abstract: the vault supplies active stake through `_activeStakeOf` and calls `_syncWeight` whenever an
/// account's active stake changes. State lives in its own ERC-7201 namespace.
abstract contract OperatorSet is IOperatorRegistry {
    using StakeSumTree for StakeSumTree.Tree;

    /// @notice Upper bound on operator slots, so that a change of the minimum can refresh every operator in one call.
    uint256 public constant MAX_OPERATORS = 256;
    /// @notice Longest endpoint URI accepted, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    /// @custom:storage-location erc7201:symbiote.storage.OperatorSet
    struct OperatorSetStorage {
        uint256 minOperatorStake;
        StakeSumTree.Tree tree;
        mapping(address operator => OperatorInfo) info;
        mapping(uint256 slot => address operator) slotOwner;
        uint256[] freeSlots;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.OperatorSet")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant OPERATOR_SET_STORAGE = 0x724c6e8740eac17697efd2e3ac36b4fe1fa075f94bc1a2e27f51eec7c087d700;

    function _operatorSetStorage() private pure returns (OperatorSetStorage storage $) {
        assembly {
            $.slot := OPERATOR_SET_STORAGE
        }
    }

    /// @dev The active stake of `account`, supplied by the vault.
    function _activeStakeOf(address account) internal view virtual returns (uint256);

    // forge-lint: disable-next-line(mixed-case-function)
    function __OperatorSet_init(uint256 minimum) internal {
        _setMinOperatorStake(minimum);
    }

    /* ------------------------------------------------------------------ */
    /*                          OPERATOR ACTIONS                          */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IOperatorRegistry
    function registerOperator(string calldata endpoint, bytes calldata publicKey) external {
        OperatorSetStorage storage $ = _operatorSetStorage();
        OperatorInfo storage info = $.info[msg.sender];
        if (info.registered) revert OperatorAlreadyRegistered(msg.sender);
        _checkRegistrationData(endpoint, publicKey);
        uint256 stake = _activeStakeOf(msg.sender);
        if (stake < $.minOperatorStake) revert OperatorInsufficientStake(msg.sender, stake, $.minOperatorStake);

        uint256 slot;
        uint256 free = $.freeSlots.length;
        if (free != 0) {
            slot = $.freeSlots[free - 1];
            $.freeSlots.pop();
        } else {
            if ($.tree.size >= MAX_OPERATORS) revert OperatorCapacityReached(MAX_OPERATORS);
            slot = $.tree.append();
        }
        $.slotOwner[slot] = msg.sender;
        info.registered = true;
        // forge-lint: disable-next-line(unsafe-typecast)
        info.slot = uint32(slot); // slot <= MAX_OPERATORS
        info.registeredAt = uint64(block.timestamp);
        info.endpoint = endpoint;
        info.publicKey = publicKey;
        emit OperatorRegistered(msg.sender, endpoint, publicKey);
        _syncWeight(msg.sender);
    }

    /// @inheritdoc IOperatorRegistry
    function updateOperator(string calldata endpoint, bytes calldata publicKey) external {
        OperatorInfo storage info = _operatorSetStorage().info[msg.sender];
        if (!info.registered) revert OperatorNotRegistered(msg.sender);
        _checkRegistrationData(endpoint, publicKey);
        info.endpoint = endpoint;
        info.publicKey = publicKey;
        emit OperatorUpdated(msg.sender, endpoint, publicKey);
    }

    /// @inheritdoc IOperatorRegistry
    function deregisterOperator() external {
        OperatorSetStorage storage $ = _operatorSetStorage();
        OperatorInfo storage info = $.info[msg.sender];
        if (!info.registered) revert OperatorNotRegistered(msg.sender);
        uint256 slot = info.slot;
        $.tree.set(slot, 0);
        delete $.slotOwner[slot];
        $.freeSlots.push(slot);
        delete $.info[msg.sender];
        emit OperatorDeregistered(msg.sender);
    }

    /// @inheritdoc IOperatorRegistry
    function syncOperator(address operator) external {
        if (!_operatorSetStorage().info[operator].registered) revert OperatorNotRegistered(operator);
        _syncWeight(operator);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IOperatorRegistry
    function pickOperator(uint256 randomness) external view returns (address) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint256 total = $.tree.total;
        if (total == 0) revert OperatorNoneEligible();
        return $.slotOwner[$.tree.find(randomness % total)];
    }

    /// @inheritdoc IOperatorRegistry
    function isEligibleOperator(address operator) public view returns (bool) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        return $.info[operator].registered && _activeStakeOf(operator) >= $.minOperatorStake;
    }

    /// @inheritdoc IOperatorRegistry
    function operatorWeight(address operator) external view returns (uint256) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        OperatorInfo storage info = $.info[operator];
        return info.registered ? $.tree.weightOf(info.slot) : 0;
    }

    /// @inheritdoc IOperatorRegistry
    function totalOperatorWeight() external view returns (uint256) {
        return _operatorSetStorage().tree.total;
    }

    /// @inheritdoc IOperatorRegistry
    function operatorInfo(address operator) external view returns (OperatorInfo memory) {
        return _operatorSetStorage().info[operator];
    }

    /// @inheritdoc IOperatorRegistry
    function operators() external view returns (address[] memory accounts, uint256[] memory weights) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint256 size = $.tree.size;
        accounts = new address[](size);
        weights = new uint256[](size);
        for (uint256 slot = 1; slot <= size; ++slot) {
            accounts[slot - 1] = $.slotOwner[slot];
            weights[slot - 1] = $.tree.weightOf(slot);
        }
    }

    /// @inheritdoc IOperatorRegistry
    function minOperatorStake() external view returns (uint256) {
        return _operatorSetStorage().minOperatorStake;
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev Brings `account`'s selection weight in line with its active stake; a no-op for non-operators.
    function _syncWeight(address account) internal {
        OperatorSetStorage storage $ = _operatorSetStorage();
        OperatorInfo storage info = $.info[account];
        if (!info.registered) return;
        uint256 stake = _activeStakeOf(account);
        uint256 weight = stake >= $.minOperatorStake ? stake : 0;
        if ($.tree.weightOf(info.slot) == weight) return;
        $.tree.set(info.slot, weight);
        emit OperatorWeightUpdated(account, weight);
    }

    /// @dev Sets the minimum and refreshes every operator's weight (bounded by MAX_OPERATORS).
    function _setMinOperatorStake(uint256 minimum) internal {
        if (minimum == 0) revert OperatorMinStakeZero();
        OperatorSetStorage storage $ = _operatorSetStorage();
        emit MinOperatorStakeUpdated($.minOperatorStake, minimum);
        $.minOperatorStake = minimum;
        uint256 size = $.tree.size;
        for (uint256 slot = 1; slot <= size; ++slot) {
            address operator = $.slotOwner[slot];
            if (operator != address(0)) _syncWeight(operator);
        }
    }

    function _checkRegistrationData(string calldata endpoint, bytes calldata publicKey) private pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert OperatorInvalidEndpoint(length, MAX_ENDPOINT_LENGTH);
        if (publicKey.length != 33 && publicKey.length != 65) revert OperatorInvalidPublicKey(publicKey.length);
    }
}
