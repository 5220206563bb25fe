// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {StakeSumTree} from "../../../../contracts/libraries/StakeSumTree.sol";

/// @notice Exposes the library's internal functions so that reverts surface at a call boundary.
contract StakeSumTreeHarness {
    using StakeSumTree for StakeSumTree.Tree;

    StakeSumTree.Tree internal tree;

    function append() external returns (uint256) {
        return tree.append();
    }

    function set(uint256 slot, uint256 weight) external {
        tree.set(slot, weight);
    }

    function weightOf(uint256 slot) external view returns (uint256) {
        return tree.weightOf(slot);
    }

    function prefix(uint256 slot) external view returns (uint256) {
        return tree.prefix(slot);
    }

    function find(uint256 target) external view returns (uint256) {
        return tree.find(target);
    }

    function size() external view returns (uint256) {
        return tree.size;
    }

    function total() external view returns (uint256) {
        return tree.total;
    }
}

contract StakeSumTreeTest is Test {
    StakeSumTreeHarness internal tree;

    /// @dev The naive model: weights[i] is the weight of slot i + 1.
    uint256[] internal weights;

    function setUp() public {
        tree = new StakeSumTreeHarness();
    }

    /* ------------------------------------------------------------------ */
    /*                              EXAMPLES                              */
    /* ------------------------------------------------------------------ */

    function test_append_returnsConsecutiveOneBasedSlots() public {
        assertEq(tree.append(), 1);
        assertEq(tree.append(), 2);
        assertEq(tree.append(), 3);
        assertEq(tree.size(), 3);
        assertEq(tree.total(), 0);
    }

    function test_set_updatesPrefixSumsAndTotal() public {
        _appendModel(5);
        _setModel(1, 10);
        _setModel(3, 5);
        _setModel(4, 20);
        assertEq(tree.prefix(0), 0);
        assertEq(tree.prefix(1), 10);
        assertEq(tree.prefix(2), 10);
        assertEq(tree.prefix(3), 15);
        assertEq(tree.prefix(4), 35);
        assertEq(tree.prefix(5), 35);
        assertEq(tree.total(), 35);

        // Lowering a weight writes a negative delta through the same nodes.
        _setModel(4, 1);
        assertEq(tree.prefix(4), 16);
        assertEq(tree.prefix(5), 16);
        assertEq(tree.total(), 16);
    }

    function test_find_returnsSlotWhoseRangeContainsTarget() public {
        _appendModel(4);
        _setModel(1, 3); // [0, 3)
        _setModel(3, 2); // [3, 5), slot 2 is empty
        _setModel(4, 5); // [5, 10)
        assertEq(tree.find(0), 1);
        assertEq(tree.find(2), 1);
        assertEq(tree.find(3), 3);
        assertEq(tree.find(4), 3);
        assertEq(tree.find(5), 4);
        assertEq(tree.find(9), 4);
    }

    function test_find_neverReturnsZeroWeightSlots() public {
        // Every slot but the last is empty: each target must land on the last one.
        _appendModel(9);
        _setModel(9, 4);
        for (uint256 target; target < 4; ++target) {
            assertEq(tree.find(target), 9);
        }
    }

    /// @dev A slot appended after others already carry weight must start its Fenwick node with the sum of the older
    /// leaves it covers (slot 8 covers slots 1..8), or prefix sums over it would drop them.
    function test_append_coversOlderWeightsInNewNode() public {
        _appendModel(7);
        for (uint256 slot = 1; slot <= 7; ++slot) {
            _setModel(slot, slot * 10);
        }
        _appendModel(1);
        assertEq(tree.prefix(8), 280);
        _setModel(8, 1);
        assertEq(tree.prefix(8), 281);
        assertEq(tree.find(280), 8);
        _assertMatchesModel();
    }

    function test_set_toSameWeightChangesNothing() public {
        _appendModel(2);
        _setModel(2, 7);
        tree.set(2, 7);
        assertEq(tree.total(), 7);
        assertEq(tree.prefix(2), 7);
    }

    function test_RevertWhen_setSlotZero() public {
        tree.append();
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeSlotOutOfRange.selector, 0, 1));
        tree.set(0, 1);
    }

    function test_RevertWhen_setSlotBeyondSize() public {
        tree.append();
        tree.append();
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeSlotOutOfRange.selector, 3, 2));
        tree.set(3, 1);
    }

    function test_RevertWhen_prefixBeyondSize() public {
        tree.append();
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeSlotOutOfRange.selector, 2, 1));
        tree.prefix(2);
    }

    function test_RevertWhen_findOnEmptyTree() public {
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeTargetOutOfRange.selector, 0, 0));
        tree.find(0);
    }

    function test_RevertWhen_findAtOrBeyondTotal() public {
        _appendModel(2);
        _setModel(1, 4);
        _setModel(2, 6);
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeTargetOutOfRange.selector, 10, 10));
        tree.find(10);
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeTargetOutOfRange.selector, 11, 10));
        tree.find(11);
    }

    /* ------------------------------------------------------------------ */
    /*                        FUZZ AGAINST THE MODEL                      */
    /* ------------------------------------------------------------------ */

    /// @dev Random appends and sets (raising, lowering and zeroing weights), then every prefix sum, the total and
    /// `find` at both edges of every non-empty slot's range and at random points are compared with the array.
    function testFuzz_matchesNaiveModel(uint256 seed, uint256 operations) public {
        operations = bound(operations, 1, 80);
        for (uint256 i; i < operations; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // One operation in four appends (always when empty), so trees reach a few dozen slots.
            if (weights.length == 0 || r % 4 == 0) {
                _appendModel(1);
            } else {
                uint256 slot = (r >> 8) % weights.length + 1;
                // A third of the sets zero the slot, so the model holds gaps that `find` must skip.
                uint256 weight = (r >> 16) % 3 == 0 ? 0 : bound(r >> 32, 1, 1e27);
                _setModel(slot, weight);
            }
        }
        _assertMatchesModel();
        _assertFindMatchesModel(seed);
    }

    /// @dev Weights near the top of uint256 (as long as the total fits) must not disturb the sums.
    function testFuzz_matchesNaiveModelWithLargeWeights(uint256 a, uint256 b, uint256 c) public {
        a = bound(a, 0, type(uint256).max / 3);
        b = bound(b, 0, type(uint256).max / 3);
        c = bound(c, 1, type(uint256).max / 3);
        _appendModel(3);
        _setModel(1, a);
        _setModel(2, b);
        _setModel(3, c);
        _assertMatchesModel();
        _assertFindMatchesModel(a ^ b ^ c);
    }

    function testFuzz_RevertWhen_setOutOfRange(uint8 size, uint256 slot) public {
        _appendModel(bound(size, 0, 40));
        slot = bound(slot, weights.length + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeSlotOutOfRange.selector, slot, weights.length));
        tree.set(slot, 1);
    }

    function testFuzz_RevertWhen_findTargetAtOrBeyondTotal(uint256 weight, uint256 target) public {
        weight = bound(weight, 1, 1e30);
        target = bound(target, weight, type(uint256).max);
        _appendModel(3);
        _setModel(2, weight);
        vm.expectRevert(abi.encodeWithSelector(StakeSumTree.StakeSumTreeTargetOutOfRange.selector, target, weight));
        tree.find(target);
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _appendModel(uint256 count) internal {
        for (uint256 i; i < count; ++i) {
            assertEq(tree.append(), weights.length + 1, "append returned an unexpected slot");
            weights.push(0);
        }
    }

    function _setModel(uint256 slot, uint256 weight) internal {
        tree.set(slot, weight);
        weights[slot - 1] = weight;
    }

    function _assertMatchesModel() internal view {
        assertEq(tree.size(), weights.length, "size");
        uint256 sum;
        assertEq(tree.prefix(0), 0, "prefix(0)");
        for (uint256 slot = 1; slot <= weights.length; ++slot) {
            sum += weights[slot - 1];
            assertEq(tree.weightOf(slot), weights[slot - 1], "weightOf");
            assertEq(tree.prefix(slot), sum, "prefix");
        }
        assertEq(tree.total(), sum, "total");
    }

    function _assertFindMatchesModel(uint256 seed) internal view {
        uint256 total = tree.total();
        if (total == 0) return;
        uint256 start;
        for (uint256 slot = 1; slot <= weights.length; ++slot) {
            uint256 weight = weights[slot - 1];
            if (weight == 0) continue;
            // First and last point of the slot's range [start, start + weight).
            assertEq(tree.find(start), slot, "find(range start)");
            assertEq(tree.find(start + weight - 1), slot, "find(range end)");
            start += weight;
        }
        for (uint256 i; i < 16; ++i) {
            uint256 target = uint256(keccak256(abi.encode(seed, "target", i))) % total;
            uint256 expected = _naiveFind(target);
            uint256 found = tree.find(target);
            assertEq(found, expected, "find(random)");
            assertGt(weights[found - 1], 0, "find returned an empty slot");
        }
    }

    function _naiveFind(uint256 target) internal view returns (uint256) {
        uint256 cumulative;
        for (uint256 slot = 1; slot <= weights.length; ++slot) {
            cumulative += weights[slot - 1];
            if (target < cumulative) return slot;
        }
        revert("target beyond total");
    }
}
