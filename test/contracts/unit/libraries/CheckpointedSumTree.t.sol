// SPDX-License-Identifier: MIT
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {CheckpointedSumTree} from "../../../../contracts/libraries/CheckpointedSumTree.sol";

/// @dev Exposes the library on storage, keeping the plain weights of every second for comparison.
contract CheckpointedSumTreeHarness {
    using CheckpointedSumTree for CheckpointedSumTree.Tree;

    CheckpointedSumTree.Tree internal tree;

    function set(uint256 slot, uint256 weight) external {
        tree.set(slot, weight);
    }

    function total() external view returns (uint256) {
        return tree.total();
    }

    function totalAt(uint48 timestamp) external view returns (uint256) {
        return tree.totalAt(timestamp);
    }

    function findAt(uint256 target, uint48 timestamp) external view returns (uint256) {
        return tree.findAt(target, timestamp);
    }

    function weightOf(uint256 slot) external view returns (uint256) {
        return tree.weightOf(slot);
    }
}

contract CheckpointedSumTreeTest is Test {
    CheckpointedSumTreeHarness internal harness;

    function setUp() public {
        vm.warp(1000);
        harness = new CheckpointedSumTreeHarness();
    }

    function test_findAt_picksBySlotRanges() public {
        harness.set(1, 10);
        harness.set(3, 30);
        harness.set(256, 5);
        uint48 t = uint48(block.timestamp);
        assertEq(harness.totalAt(t), 45);
        assertEq(harness.findAt(0, t), 1);
        assertEq(harness.findAt(9, t), 1);
        assertEq(harness.findAt(10, t), 3);
        assertEq(harness.findAt(39, t), 3);
        assertEq(harness.findAt(40, t), 256);
        assertEq(harness.findAt(44, t), 256);
        vm.expectRevert(
            abi.encodeWithSelector(CheckpointedSumTree.CheckpointedSumTreeTargetOutOfRange.selector, 45, 45)
        );
        harness.findAt(45, t);
    }

    function test_findAt_answersForThePastWhateverChangedSince() public {
        harness.set(1, 10);
        harness.set(2, 10);
        uint48 before = uint48(block.timestamp);
        vm.warp(block.timestamp + 5);
        harness.set(1, 0);
        harness.set(2, 1);
        harness.set(7, 100);
        assertEq(harness.totalAt(before), 20);
        assertEq(harness.findAt(5, before), 1);
        assertEq(harness.findAt(15, before), 2);
        assertEq(harness.total(), 101);
        assertEq(harness.findAt(0, uint48(block.timestamp)), 2);
        assertEq(harness.findAt(1, uint48(block.timestamp)), 7);
        // A slot that held nothing then holds nothing in the past.
        assertEq(harness.totalAt(before - 1), 0);
    }

    function test_RevertWhen_slotOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(CheckpointedSumTree.CheckpointedSumTreeSlotOutOfRange.selector, 0));
        harness.set(0, 1);
        vm.expectRevert(abi.encodeWithSelector(CheckpointedSumTree.CheckpointedSumTreeSlotOutOfRange.selector, 257));
        harness.set(257, 1);
    }

    /// Random weights changed over several seconds: every past second's picks match a linear scan of that second's
    /// weights.
    function testFuzz_findAt_matchesALinearScanAtEverySecond(uint256 seed) public {
        uint256 seconds_ = 4;
        uint256 slots = 12;
        uint256[12][4] memory history;
        uint256[12] memory live;
        uint48 start = uint48(block.timestamp);
        for (uint256 s; s < seconds_; ++s) {
            for (uint256 c; c < 5; ++c) {
                seed = uint256(keccak256(abi.encode(seed)));
                // Slots spread over the whole capacity: 1..12 scaled onto 1..256.
                uint256 index = seed % slots;
                uint256 weight = (seed >> 8) % 1000;
                if ((seed >> 64) % 4 == 0) weight = 0;
                harness.set(_slot(index), weight);
                live[index] = weight;
            }
            // Memory arrays assign by reference: copy the second's weights.
            for (uint256 i; i < slots; ++i) {
                history[s][i] = live[i];
            }
            vm.warp(block.timestamp + 1);
        }
        for (uint256 s; s < seconds_; ++s) {
            uint256 sum;
            for (uint256 i; i < slots; ++i) {
                sum += history[s][i];
            }
            assertEq(harness.totalAt(start + uint48(s)), sum);
            if (sum == 0) continue;
            for (uint256 probe; probe < 8; ++probe) {
                uint256 target = uint256(keccak256(abi.encode(seed, s, probe))) % sum;
                uint256 acc;
                uint256 expected;
                for (uint256 i; i < slots; ++i) {
                    acc += history[s][i];
                    if (target < acc) {
                        expected = _slot(i);
                        break;
                    }
                }
                assertEq(harness.findAt(target, start + uint48(s)), expected);
            }
        }
    }

    function _slot(uint256 index) private pure returns (uint256) {
        return 1 + index * 21;
    }
}
