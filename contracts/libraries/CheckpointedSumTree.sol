// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

/// @title CheckpointedSumTree
/// @notice A Fenwick (binary indexed) tree of weights over the fixed slots 1..CAPACITY whose every node keeps its
/// history, so that a stake-weighted pick can be made over the weights as they stood at any past timestamp.
/// @dev An assignment is drawn over the weights frozen before the randomness that draws it is known: whoever changes
/// stake afterwards (the assigned operator escaping, a stranger re-rolling) cannot move it. The capacity is fixed so
/// that every node exists from the start: a node created later would read as zero in the past while the leaves it
/// covers were not, and the search would walk into slots that did not exist then. A change writes one checkpoint per
/// node on the slot's path (at most log2(CAPACITY) + 1 of them, plus the total), in place when the node already
/// changed in the same second.
library CheckpointedSumTree {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Number of slots; a power of two.
    uint256 internal constant CAPACITY = 256;

    /// @dev The slot index is outside 1..CAPACITY.
    error CheckpointedSumTreeSlotOutOfRange(uint256 slot);
    /// @dev `findAt` was asked for a point at or beyond the total weight at that time.
    error CheckpointedSumTreeTargetOutOfRange(uint256 target, uint256 total);

    struct Tree {
        Checkpoints.Trace208 totals;
        /// @dev nodes[i] is the sum of the leaves in (i - lowbit(i), i], with its history.
        mapping(uint256 slot => Checkpoints.Trace208) nodes;
        /// @dev The current weight of each leaf, kept so that changes are written as deltas.
        mapping(uint256 slot => uint256) leaves;
    }

    /// @notice Sets the weight of `slot` from now on.
    function set(Tree storage tree, uint256 slot, uint256 weight) internal {
        if (slot == 0 || slot > CAPACITY) revert CheckpointedSumTreeSlotOutOfRange(slot);
        uint256 previous = tree.leaves[slot];
        if (previous == weight) return;
        tree.leaves[slot] = weight;
        uint48 now_ = SafeCast.toUint48(block.timestamp);
        bool grows = weight > previous;
        uint256 delta = grows ? weight - previous : previous - weight;
        _add(tree.totals, now_, delta, grows);
        for (uint256 i = slot; i <= CAPACITY; i += _lowbit(i)) {
            _add(tree.nodes[i], now_, delta, grows);
        }
    }

    /// @notice The current weight of one slot.
    function weightOf(Tree storage tree, uint256 slot) internal view returns (uint256) {
        return tree.leaves[slot];
    }

    /// @notice The current total weight.
    function total(Tree storage tree) internal view returns (uint256) {
        return tree.totals.latest();
    }

    /// @notice The total weight as it stood at the end of second `timestamp`.
    function totalAt(Tree storage tree, uint48 timestamp) internal view returns (uint256) {
        return tree.totals.upperLookupRecent(timestamp);
    }

    /// @notice The slot whose cumulative range [prefix(slot-1), prefix(slot)) contained `target` at the end of second
    /// `timestamp`.
    /// @dev Binary lifting over the nodes' values at that time: log2(CAPACITY) lookups, each usually two reads
    /// (a node's latest checkpoint is older than the time asked for unless it changed since).
    function findAt(Tree storage tree, uint256 target, uint48 timestamp) internal view returns (uint256) {
        uint256 sum = tree.totals.upperLookupRecent(timestamp);
        if (target >= sum) revert CheckpointedSumTreeTargetOutOfRange(target, sum);
        uint256 position;
        // The root (node CAPACITY) holds the whole sum, which is above the target: start one level down.
        for (uint256 step = CAPACITY >> 1; step != 0; step >>= 1) {
            uint256 node = tree.nodes[position + step].upperLookupRecent(timestamp);
            if (node <= target) {
                position += step;
                target -= node;
            }
        }
        return position + 1;
    }

    function _add(Checkpoints.Trace208 storage trace, uint48 key, uint256 delta, bool grows) private {
        uint256 latest = trace.latest();
        trace.push(key, SafeCast.toUint208(grows ? latest + delta : latest - delta));
    }

    function _lowbit(uint256 i) private pure returns (uint256) {
        // Two's-complement trick: i & -i isolates the lowest set bit. Wrapping negation is intended.
        unchecked {
            return i & (~i + 1);
        }
    }
}
