// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title StakeSumTree
/// @notice A Fenwick (binary indexed) tree of non-negative weights over 1-based slots, used to pick an operator with
/// probability proportional to its stake in O(log n) reads.
/// @dev Chosen over an on-chain alias table because stakes change on every stake, unstake and slash: a Fenwick tree
/// updates in O(log n) writes, whereas an alias table must be rebuilt in O(n). Slots are appended and reused; a slot
/// with weight zero can never be picked.
library StakeSumTree {
    /// @dev The slot index is outside the tree.
    error StakeSumTreeSlotOutOfRange(uint256 slot, uint256 size);
    /// @dev `find` was asked for a point at or beyond the total weight.
    error StakeSumTreeTargetOutOfRange(uint256 target, uint256 total);

    struct Tree {
        uint256 size;
        uint256 total;
        /// @dev Fenwick nodes: nodes[i] is the sum of the leaves in (i - lowbit(i), i].
        mapping(uint256 slot => uint256) nodes;
        /// @dev The weight of each leaf, kept so that updates can be written as deltas.
        mapping(uint256 slot => uint256) leaves;
    }

    /// @notice Appends a zero-weight slot and returns its 1-based index.
    function append(Tree storage tree) internal returns (uint256 slot) {
        slot = tree.size + 1;
        tree.size = slot;
        // A new node covers (slot - lowbit(slot), slot]; its own leaf is zero, so it holds the sum of the older leaves
        // in that range: prefix(slot - 1) - prefix(slot - lowbit(slot)).
        uint256 low = slot - _lowbit(slot);
        uint256 covered = _prefix(tree, slot - 1) - _prefix(tree, low);
        if (covered != 0) tree.nodes[slot] = covered;
    }

    /// @notice Sets the weight of `slot` to `weight`.
    function set(Tree storage tree, uint256 slot, uint256 weight) internal {
        uint256 size = tree.size;
        if (slot == 0 || slot > size) revert StakeSumTreeSlotOutOfRange(slot, size);
        uint256 previous = tree.leaves[slot];
        if (previous == weight) return;
        tree.leaves[slot] = weight;
        if (weight > previous) {
            uint256 delta = weight - previous;
            tree.total += delta;
            for (uint256 i = slot; i <= size; i += _lowbit(i)) {
                tree.nodes[i] += delta;
            }
        } else {
            uint256 delta = previous - weight;
            tree.total -= delta;
            for (uint256 i = slot; i <= size; i += _lowbit(i)) {
                tree.nodes[i] -= delta;
            }
        }
    }

    /// @notice The weight of one slot.
    function weightOf(Tree storage tree, uint256 slot) internal view returns (uint256) {
        return tree.leaves[slot];
    }

    /// @notice The sum of the weights of slots 1..slot.
    function prefix(Tree storage tree, uint256 slot) internal view returns (uint256) {
        uint256 size = tree.size;
        if (slot > size) revert StakeSumTreeSlotOutOfRange(slot, size);
        return _prefix(tree, slot);
    }

    /// @notice The slot whose cumulative range [prefix(slot-1), prefix(slot)) contains `target`.
    /// @dev Binary lifting over the Fenwick nodes: O(log n) reads and no loop over operators.
    function find(Tree storage tree, uint256 target) internal view returns (uint256 slot) {
        uint256 total = tree.total;
        if (target >= total) revert StakeSumTreeTargetOutOfRange(target, total);
        uint256 size = tree.size;
        uint256 step = _highestPowerOfTwoAtMost(size);
        uint256 position;
        while (step != 0) {
            uint256 next = position + step;
            if (next <= size) {
                uint256 node = tree.nodes[next];
                if (node <= target) {
                    position = next;
                    target -= node;
                }
            }
            step >>= 1;
        }
        return position + 1;
    }

    function _prefix(Tree storage tree, uint256 slot) private view returns (uint256 sum) {
        for (uint256 i = slot; i != 0; i -= _lowbit(i)) {
            sum += tree.nodes[i];
        }
    }

    function _lowbit(uint256 i) private pure returns (uint256) {
        // Two's-complement trick: i & -i isolates the lowest set bit. Wrapping negation is intended.
        unchecked {
            return i & (~i + 1);
        }
    }

    function _highestPowerOfTwoAtMost(uint256 n) private pure returns (uint256 power) {
        if (n == 0) return 0;
        power = 1;
        while (power <= n >> 1) {
            power <<= 1;
        }
    }
}
