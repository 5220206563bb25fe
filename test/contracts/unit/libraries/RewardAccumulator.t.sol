// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {stdError} from "forge-std/StdError.sol";
import {Test} from "forge-std/Test.sol";

import {TrainingDataLeaf} from "../../../../contracts/data/TrainingDataLeaf.sol";
import {RewardAccumulator} from "../../../../contracts/libraries/RewardAccumulator.sol";

contract RewardAccumulatorTest is Test {
    /// @dev The data rewards' scale and the staking vault's.
    uint256 internal constant PRECISION = 1e36;
    uint256 internal constant VAULT_PRECISION = 1e18;

    /// @dev External so that a revert inside the library can be expected.
    function distribute(uint256 rewardPerWeight, uint256 distributed, uint256 deposited, uint256 totalWeight)
        external
        pure
        returns (uint256, uint256)
    {
        return RewardAccumulator.distribute(rewardPerWeight, distributed, deposited, totalWeight, PRECISION);
    }

    /// @dev The trainer's first fixture leaf: contribution 1 with weight 1000 (test/fixtures/merkle).
    function test_leafHash_matchesTheTrainer() public view {
        string memory fixture = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/merkle/reward-trees.json"));
        bytes32 expected = vm.parseJsonBytes32(fixture, ".trees[0].leaves[0].leafHash");
        assertEq(TrainingDataLeaf.hash(1, 1000), expected);
        assertEq(expected, 0xe2ad525aaaf1fb7709959cc06e210437a97f34a5833e3a5c90d2099c5373116a);
    }

    function test_distribute_exactWhenTheWeightDividesTheDeposit() public pure {
        (uint256 rewardPerWeight, uint256 distributed) = RewardAccumulator.distribute(0, 0, 1000 ether, 1000, PRECISION);
        assertEq(rewardPerWeight, 1e18 * PRECISION);
        assertEq(distributed, 1000 ether);
        assertEq(RewardAccumulator.earned(600, 0, rewardPerWeight, PRECISION), 600 ether);
    }

    /// @dev 10 wei over a weight of 3: the accumulator rounds down to 3.33…e36 per unit, `distributed` rounds its
    /// 9.99… up to 10, and each unit of weight is paid 3 wei: the rounding never promises a wei that is not there.
    function test_distribute_roundsAgainstTheTree() public pure {
        (uint256 rewardPerWeight, uint256 distributed) = RewardAccumulator.distribute(0, 0, 10, 3, PRECISION);
        assertEq(rewardPerWeight, uint256(10) * PRECISION / 3);
        assertEq(distributed, 10);
        assertEq(RewardAccumulator.earned(1, 0, rewardPerWeight, PRECISION), 3);
        assertEq(RewardAccumulator.earned(3, 0, rewardPerWeight, PRECISION), 9);
    }

    /// @dev A total weight above the precision leaves a remainder that waits for the next deposit.
    function test_distribute_carriesARemainderWhenTheWeightExceedsThePrecision() public pure {
        uint256 weight = 5 * PRECISION;
        (uint256 rewardPerWeight, uint256 distributed) = RewardAccumulator.distribute(0, 0, 7, weight, PRECISION);
        assertEq(rewardPerWeight, 1);
        assertEq(distributed, 5);
        (rewardPerWeight, distributed) =
            RewardAccumulator.distribute(rewardPerWeight, distributed, 10, weight, PRECISION);
        // The carried 2 wei joined the new 3: 5 more, exactly one more unit of the accumulator.
        assertEq(rewardPerWeight, 2);
        assertEq(distributed, 10);
    }

    /// @dev Cumulative deposits beyond what the accumulator can hold revert (mulDiv's overflow panic) instead of
    /// wrapping.
    function test_RevertWhen_theAccumulatorWouldOverflow() public {
        vm.expectRevert(stdError.arithmeticError);
        this.distribute(0, 0, type(uint256).max / 1e30, 1);
    }

    /// @dev Over any sequence of deposits: distributed never exceeds deposited, the carried dust stays below
    /// 1 + W / PRECISION, the accumulator and `distributed` only grow, and the leaves of any split of W can claim
    /// together no more than `distributed` and no less than `distributed` minus one wei per leaf.
    function testFuzz_distribute_neverPromisesMoreThanDeposited(uint256 seed, uint128 totalWeight, uint8 rounds)
        public
        pure
    {
        uint256 w = bound(totalWeight, 1, type(uint128).max);
        uint256 n = bound(rounds, 1, 16);
        uint256 rewardPerWeight;
        uint256 distributed;
        uint256 deposited;
        for (uint256 r; r < n; ++r) {
            uint256 r0 = uint256(keccak256(abi.encode(seed, r)));
            // Mix tiny and large deposits: tiny ones are where rounding is coarsest.
            deposited += r0 % 2 == 0 ? bound(r0 >> 1, 1, 1e6) : bound(r0 >> 1, 1, 1e27);
            (uint256 nextRpw, uint256 nextDistributed) =
                RewardAccumulator.distribute(rewardPerWeight, distributed, deposited, w, PRECISION);
            assertGe(nextRpw, rewardPerWeight);
            assertGe(nextDistributed, distributed);
            (rewardPerWeight, distributed) = (nextRpw, nextDistributed);
            assertLe(distributed, deposited, "promised more than deposited");
            assertLt(deposited - distributed, 2 + w / PRECISION, "dust bound");
        }
        // Split W into three leaves.
        uint256 a = bound(seed, 0, w);
        uint256 b = bound(seed >> 128, 0, w - a);
        uint256 c = w - a - b;
        uint256 claims = RewardAccumulator.earned(a, 0, rewardPerWeight, PRECISION)
            + RewardAccumulator.earned(b, 0, rewardPerWeight, PRECISION)
            + RewardAccumulator.earned(c, 0, rewardPerWeight, PRECISION);
        assertLe(claims, distributed, "leaves could claim more than distributed");
        assertGe(claims + 3, distributed, "more than a wei per leaf left unclaimable");
        assertEq(distributed, Math.mulDiv(rewardPerWeight, w, PRECISION, Math.Rounding.Ceil));
    }

    /// @dev 10 wei over an earning stake of 3 at the vault's scale: the increment rounds down, what the stake can
    /// claim rounds up to the whole 10, and 3 units claim 9: the spare wei is counted as distributed, never twice.
    function test_spread_roundsAgainstTheClaimants() public pure {
        (uint256 increment, uint256 claimable) = RewardAccumulator.spread(10, 3, VAULT_PRECISION);
        assertEq(increment, uint256(10) * VAULT_PRECISION / 3);
        assertEq(claimable, 10);
        assertEq(RewardAccumulator.earned(3, 0, increment, VAULT_PRECISION), 9);
    }

    /// @dev An earning stake larger than the scale cannot take a wei smaller than its unit: all of it is carried.
    function test_spread_carriesWhatTheWeightCannotTake() public pure {
        (uint256 increment, uint256 claimable) = RewardAccumulator.spread(4, 5 * VAULT_PRECISION, VAULT_PRECISION);
        assertEq(increment, 0);
        assertEq(claimable, 0);
    }

    /// @dev The vault's case: the earning weight changes from one spread to the next, and stakers join and leave in
    /// between. Whatever the sequence, two stakers' claims (each floored over the increments of the spreads they held
    /// their weight through) never exceed what the spreads counted as claimable, and each spread's claimable never
    /// exceeds its amount.
    function testFuzz_spread_claimsNeverExceedWhatWasSpread(uint256 seed, uint8 rounds) public pure {
        uint256 n = bound(rounds, 1, 16);
        uint256 accumulator;
        uint256 claimable;
        uint256 paidA;
        uint256 paidB;
        uint256 claims;
        uint256 a = bound(seed, 1, 1e30);
        uint256 b = bound(seed >> 100, 1, 1e30);
        for (uint256 r; r < n; ++r) {
            uint256 r0 = uint256(keccak256(abi.encode(seed, r)));
            uint256 amount = r0 % 2 == 0 ? bound(r0 >> 1, 0, 1e6) : bound(r0 >> 1, 0, 1e27);
            (uint256 increment, uint256 spreadClaimable) = RewardAccumulator.spread(amount, a + b, VAULT_PRECISION);
            assertLe(spreadClaimable, amount, "a spread promised more than its amount");
            accumulator += increment;
            claimable += spreadClaimable;
            // Every few rounds a staker settles and changes its weight, as a stake or an unstake does.
            if (r0 % 3 == 0) {
                claims += RewardAccumulator.earned(a, paidA, accumulator, VAULT_PRECISION);
                paidA = accumulator;
                a = bound(r0 >> 128, 1, 1e30);
            }
            if (r0 % 5 == 0) {
                claims += RewardAccumulator.earned(b, paidB, accumulator, VAULT_PRECISION);
                paidB = accumulator;
                b = bound(r0 >> 64, 1, 1e30);
            }
        }
        claims += RewardAccumulator.earned(a, paidA, accumulator, VAULT_PRECISION)
        + RewardAccumulator.earned(b, paidB, accumulator, VAULT_PRECISION);
        assertLe(claims, claimable, "stakers could claim more than was spread");
    }
}
