// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {CheckpointedSumTree} from "../libraries/CheckpointedSumTree.sol";
import {StakeSumTree} from "../libraries/StakeSumTree.sol";
import {OperatorInfo} from "../types/OperatorTypes.sol";

/// @title OperatorSet
/// @notice The operator half of the staking vault: registration, eviction, declarations of the versions each operator
/// can prove, and stake-weighted selection over the set as it stood at a given time.
/// @dev Abstract: the vault supplies active stake through `_activeStakeOf` and calls `_syncWeight` whenever an
/// account's active stake changes. State lives in its own ERC-7201 namespace. Weights, slot owners and declarations
/// are checkpointed per second, so `assignedOperatorAt` answers the same for a past time whatever happened since.
abstract contract OperatorSet is IOperatorRegistry {
    using CheckpointedSumTree for CheckpointedSumTree.Tree;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Upper bound on operator slots, so that a change of the minimum can refresh every operator in one call.
    uint256 public constant MAX_OPERATORS = CheckpointedSumTree.CAPACITY;
    /// @notice Longest endpoint URI accepted, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    /// @notice Most draws an assignment makes before giving up: a draw that lands on an operator which had not declared
    /// the version is redrawn, which keeps the pick stake-weighted among those that had.
    uint256 public constant MAX_DRAWS = 8;

    /// @custom:storage-location erc7201:symbiote.storage.OperatorSet
    struct OperatorSetStorage {
        uint256 minOperatorStake;
        // Superseded by `weights` (a live-only tree could not answer for the past); kept for the storage layout.
        StakeSumTree.Tree tree;
        mapping(address operator => OperatorInfo) info;
        mapping(uint256 slot => address operator) slotOwner;
        uint256[] freeSlots;
        CheckpointedSumTree.Tree weights;
        // Slot owners with their history (an address as a number; 0 for a free slot).
        mapping(uint256 slot => Checkpoints.Trace208) slotOwners;
        mapping(address account => mapping(uint256 modelId => mapping(uint32 version => Checkpoints.Trace208))) served;
        // Slots 1..slotsUsed have been handed out at least once; free ones among them are in freeSlots.
        uint256 slotsUsed;
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
        uint256 slot;
        uint256 free = $.freeSlots.length;
        if (free != 0) {
            slot = $.freeSlots[free - 1];
            $.freeSlots.pop();
        } else {
            if ($.slotsUsed >= MAX_OPERATORS) revert OperatorCapacityReached(MAX_OPERATORS);
            slot = ++$.slotsUsed;
        }
        _register($, slot, endpoint, publicKey);
    }

    /// @inheritdoc IOperatorRegistry
    function registerOperatorReplacing(string calldata endpoint, bytes calldata publicKey, address incumbent) external {
        OperatorSetStorage storage $ = _operatorSetStorage();
        if ($.freeSlots.length != 0 || $.slotsUsed < MAX_OPERATORS) revert OperatorSetNotFull(incumbent);
        OperatorInfo storage held = $.info[incumbent];
        if (!held.registered) revert OperatorNotRegistered(incumbent);
        uint256 incumbentStake = _activeStakeOf(incumbent);
        uint256 stake = _activeStakeOf(msg.sender);
        if (stake <= incumbentStake) revert OperatorStakeNotAboveIncumbent(incumbent, incumbentStake, stake);
        uint256 slot = held.slot;
        _removeFromSlot($, incumbent);
        emit OperatorEvicted(incumbent, msg.sender, incumbentStake);
        _register($, slot, endpoint, publicKey);
    }

    /// @inheritdoc IOperatorRegistry
    function evictOperator(address operator) external {
        OperatorSetStorage storage $ = _operatorSetStorage();
        if (!$.info[operator].registered) revert OperatorNotRegistered(operator);
        uint256 stake = _activeStakeOf(operator);
        if (stake >= $.minOperatorStake) revert OperatorNotEvictable(operator, stake, $.minOperatorStake);
        $.freeSlots.push(_removeFromSlot($, operator));
        emit OperatorEvicted(operator, msg.sender, stake);
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
        if (!$.info[msg.sender].registered) revert OperatorNotRegistered(msg.sender);
        $.freeSlots.push(_removeFromSlot($, msg.sender));
        emit OperatorDeregistered(msg.sender);
    }

    /// @inheritdoc IOperatorRegistry
    function declareServedVersions(uint256[] calldata modelIds, uint32[] calldata versions, bool serves) external {
        if (modelIds.length != versions.length) {
            revert OperatorDeclarationLengthMismatch(modelIds.length, versions.length);
        }
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint48 now_ = SafeCast.toUint48(block.timestamp);
        for (uint256 i; i < modelIds.length; ++i) {
            $.served[msg.sender][modelIds[i]][versions[i]].push(now_, serves ? 1 : 0);
            emit ServedVersionDeclared(msg.sender, modelIds[i], versions[i], serves);
        }
    }

    /// @inheritdoc IOperatorRegistry
    function syncOperator(address operator) external {
        if (!_operatorSetStorage().info[operator].registered) revert OperatorNotRegistered(operator);
        _syncWeight(operator, msg.sender == operator);
    }

    /* ------------------------------------------------------------------ */
    /*                                VIEWS                               */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IOperatorRegistry
    function pickOperator(uint256 randomness) external view returns (address) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint256 total = $.weights.total();
        if (total == 0) revert OperatorNoneEligible();
        return $.slotOwner[$.weights.findAt(randomness % total, SafeCast.toUint48(block.timestamp))];
    }

    /// @inheritdoc IOperatorRegistry
    function assignedOperatorAt(uint256 seed, uint256 requestId, uint256 modelId, uint32 version, uint48 asOf)
        external
        view
        returns (address)
    {
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint256 total = $.weights.totalAt(asOf);
        if (total == 0) return address(0);
        for (uint256 draw; draw < MAX_DRAWS; ++draw) {
            uint256 target = uint256(keccak256(abi.encode(seed, requestId, draw))) % total;
            uint256 slot = $.weights.findAt(target, asOf);
            // forge-lint: disable-next-line(unsafe-typecast)
            address operator = address(uint160($.slotOwners[slot].upperLookupRecent(asOf)));
            if ($.served[operator][modelId][version].upperLookupRecent(asOf) != 0) return operator;
        }
        return address(0);
    }

    /// @inheritdoc IOperatorRegistry
    function servedVersionAt(address account, uint256 modelId, uint32 version, uint48 asOf)
        external
        view
        returns (bool)
    {
        return _operatorSetStorage().served[account][modelId][version].upperLookupRecent(asOf) != 0;
    }

    /// @inheritdoc IOperatorRegistry
    function servesVersion(address account, uint256 modelId, uint32 version) external view returns (bool) {
        return _operatorSetStorage().served[account][modelId][version].latest() != 0;
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
        return info.registered ? $.weights.weightOf(info.slot) : 0;
    }

    /// @inheritdoc IOperatorRegistry
    function totalOperatorWeight() external view returns (uint256) {
        return _operatorSetStorage().weights.total();
    }

    /// @inheritdoc IOperatorRegistry
    function operatorInfo(address operator) external view returns (OperatorInfo memory) {
        return _operatorSetStorage().info[operator];
    }

    /// @inheritdoc IOperatorRegistry
    function operators() external view returns (address[] memory accounts, uint256[] memory weights) {
        OperatorSetStorage storage $ = _operatorSetStorage();
        uint256 size = $.slotsUsed;
        accounts = new address[](size);
        weights = new uint256[](size);
        for (uint256 slot = 1; slot <= size; ++slot) {
            accounts[slot - 1] = $.slotOwner[slot];
            weights[slot - 1] = $.weights.weightOf(slot);
        }
    }

    /// @inheritdoc IOperatorRegistry
    function minOperatorStake() external view returns (uint256) {
        return _operatorSetStorage().minOperatorStake;
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _register(OperatorSetStorage storage $, uint256 slot, string calldata endpoint, bytes calldata publicKey)
        private
    {
        OperatorInfo storage info = $.info[msg.sender];
        if (info.registered) revert OperatorAlreadyRegistered(msg.sender);
        _checkRegistrationData(endpoint, publicKey);
        uint256 stake = _activeStakeOf(msg.sender);
        if (stake < $.minOperatorStake) revert OperatorInsufficientStake(msg.sender, stake, $.minOperatorStake);
        $.slotOwner[slot] = msg.sender;
        $.slotOwners[slot].push(SafeCast.toUint48(block.timestamp), uint160(msg.sender));
        info.registered = true;
        // forge-lint: disable-next-line(unsafe-typecast)
        info.slot = uint32(slot); // slot <= MAX_OPERATORS
        info.registeredAt = uint64(block.timestamp);
        info.endpoint = endpoint;
        info.publicKey = publicKey;
        emit OperatorRegistered(msg.sender, endpoint, publicKey);
        _syncWeight(msg.sender, true);
    }

    /// @dev Empties `operator`'s slot from now on and returns it; the slot's past stays as it was.
    function _removeFromSlot(OperatorSetStorage storage $, address operator) private returns (uint256 slot) {
        slot = $.info[operator].slot;
        if ($.weights.weightOf(slot) != 0) {
            $.weights.set(slot, 0);
            emit OperatorWeightUpdated(operator, 0);
        }
        delete $.slotOwner[slot];
        $.slotOwners[slot].push(SafeCast.toUint48(block.timestamp), 0);
        delete $.info[operator];
    }

    /// @dev Brings `account`'s selection weight in line with its active stake; a no-op for non-operators. A zero
    /// weight (the operator's active stake fell below the minimum: it is leaving, or was slashed below it) rises
    /// again only when `byOperator`, the operator's own act (its stake, registration or `syncOperator`): otherwise
    /// anyone could `stakeFor` the minimum into an operator that has unstaked and shut its node down, have it drawn
    /// for requests it will not answer, and see every timeout slash it, the gift first, then its own stake in
    /// cooldown (docs/security.md, attack 10).
    function _syncWeight(address account, bool byOperator) internal {
        OperatorSetStorage storage $ = _operatorSetStorage();
        OperatorInfo storage info = $.info[account];
        if (!info.registered) return;
        uint256 stake = _activeStakeOf(account);
        uint256 weight = stake >= $.minOperatorStake ? stake : 0;
        uint256 current = $.weights.weightOf(info.slot);
        if (current == weight || (current == 0 && !byOperator)) return;
        $.weights.set(info.slot, weight);
        emit OperatorWeightUpdated(account, weight);
    }

    /// @dev Sets the minimum and refreshes every operator's weight (bounded by MAX_OPERATORS).
    function _setMinOperatorStake(uint256 minimum) internal {
        if (minimum == 0) revert OperatorMinStakeZero();
        OperatorSetStorage storage $ = _operatorSetStorage();
        emit MinOperatorStakeUpdated($.minOperatorStake, minimum);
        $.minOperatorStake = minimum;
        uint256 size = $.slotsUsed;
        for (uint256 slot = 1; slot <= size; ++slot) {
            address operator = $.slotOwner[slot];
            // a dormant operator stays dormant under a lower minimum until it syncs itself (`_syncWeight`)
            if (operator != address(0)) _syncWeight(operator, false);
        }
    }

    function _checkRegistrationData(string calldata endpoint, bytes calldata publicKey) private pure {
        uint256 length = bytes(endpoint).length;
        if (length == 0 || length > MAX_ENDPOINT_LENGTH) revert OperatorInvalidEndpoint(length, MAX_ENDPOINT_LENGTH);
        if (publicKey.length != 33 && publicKey.length != 65) revert OperatorInvalidPublicKey(publicKey.length);
    }
}
