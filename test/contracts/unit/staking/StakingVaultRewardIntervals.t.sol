// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

/// @notice Rewards per distribution interval: stake earns the rewards notified at an interval's end only if it was
/// active for the whole interval.
contract StakingVaultRewardIntervalsTest is StakingFixture {
    uint256 internal constant MAX_AMOUNT = 10_000_000 ether;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal receiver = makeAddr("receiver");

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
    }

    function test_stake_votesAtOnceButMaturesWhenTheIntervalCloses() public {
        _fundAndStake(alice, 100 ether);
        assertEq(vault.currentInterval(), 0);
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(vault.getVotes(alice), 100 ether);
        assertEq(vault.maturingStakeOf(alice), 100 ether);
        assertEq(vault.earningStakeOf(alice), 0);
        assertEq(vault.totalMaturingStake(), 100 ether);
        assertEq(vault.totalEarningStake(), 0);

        _notify(1 ether);
        assertEq(vault.currentInterval(), 1);
        assertEq(vault.maturingStakeOf(alice), 0);
        assertEq(vault.earningStakeOf(alice), 100 ether);
        assertEq(vault.totalMaturingStake(), 0);
        assertEq(vault.totalEarningStake(), 100 ether);
        assertEq(vault.getVotes(alice), 100 ether);
    }

    /// @dev Alice is staked for the whole of interval 1; bob joins during it. The notification closing interval 1 is
    /// alice's alone; from interval 2 on bob shares pro rata, to the wei.
    function test_stake_midIntervalEarnsFromTheNextIntervalExactly() public {
        _fundAndStake(alice, 100 ether);
        _notify(10 ether); // closes interval 0, which alice did not span: carried

        vm.warp(block.timestamp + 3 days);
        _fundAndStake(bob, 300 ether);
        vm.warp(block.timestamp + 4 days);
        _prepareNotify(40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 1, 40 ether, 100 ether, 0.5 ether, 0);
        vm.prank(notifier);
        vault.notifyReward(40 ether);
        assertEq(vault.earned(alice), 50 ether);
        assertEq(vault.earned(bob), 0, "bob joined mid-interval");

        vm.warp(block.timestamp + 7 days);
        _prepareNotify(40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 2, 40 ether, 400 ether, 0.6 ether, 0);
        vm.prank(notifier);
        vault.notifyReward(40 ether);
        assertEq(vault.earned(alice), 60 ether);
        assertEq(vault.earned(bob), 30 ether);
        _assertSolvent();
    }

    /// @dev Bob stakes in interval 1 and does nothing for five intervals while others stake, claim and leave: when
    /// he finally settles he has earned exactly his share of intervals 2 to 5, from the accumulator value recorded
    /// when interval 1 closed.
    function test_lazilySettledStakeEarnsExactlyFromItsMaturity() public {
        _fundAndStake(alice, 100 ether);
        _notify(10 ether); // interval 0: carried
        _fundAndStake(bob, 100 ether);
        _notify(30 ether); // interval 1: alice alone, 30 + 10 carried
        _notify(20 ether); // interval 2: alice 10, bob 10
        vm.prank(alice);
        assertEq(vault.claimRewards(alice), 50 ether);
        _notify(40 ether); // interval 3: alice 20, bob 20
        _fundAndStake(carol, 200 ether);
        _notify(20 ether); // interval 4: alice 10, bob 10 (carol maturing)
        _notify(40 ether); // interval 5: alice 10, bob 10, carol 20
        assertEq(vault.earned(bob), 50 ether);
        assertEq(vault.earned(alice), 40 ether);
        assertEq(vault.earned(carol), 20 ether);

        // Bob's next stake settles him: what he earned stays, the new stake matures, the old keeps earning.
        _fundAndStake(bob, 100 ether);
        assertEq(vault.earned(bob), 50 ether);
        assertEq(vault.earningStakeOf(bob), 100 ether);
        assertEq(vault.maturingStakeOf(bob), 100 ether);
        _notify(40 ether); // interval 6: alice 10, bob 10, carol 20
        assertEq(vault.earned(bob), 60 ether);
        _notify(50 ether); // interval 7: alice 10, bob 20, carol 20
        assertEq(vault.earned(bob), 80 ether);
        assertEq(vault.earned(alice), 60 ether);
        assertEq(vault.earned(carol), 60 ether);
        _assertSolvent();
    }

    function test_stake_topUpMaturesWhileEarlierStakeKeepsEarning() public {
        _fundAndStake(alice, 100 ether);
        _notify(10 ether); // interval 0: carried
        _fundAndStake(alice, 50 ether);
        _fundAndStake(bob, 100 ether);
        assertEq(vault.earningStakeOf(alice), 100 ether);
        assertEq(vault.maturingStakeOf(alice), 50 ether);
        assertEq(vault.totalEarningStake(), 100 ether);
        assertEq(vault.totalMaturingStake(), 150 ether);

        _notify(10 ether); // interval 1: alice's first 100 alone, 10 + 10 carried
        assertEq(vault.earned(alice), 20 ether);
        assertEq(vault.earned(bob), 0);
        _notify(25 ether); // interval 2: alice 150, bob 100
        assertEq(vault.earned(alice), 35 ether);
        assertEq(vault.earned(bob), 10 ether);
    }

    /// @dev Alice tops up 50 and then unstakes 70: the 50 maturing go first, then 20 of her earning 100. Bob stayed:
    /// the interval's 8 (plus 10 carried) is shared by alice's 80 and bob's 100.
    function test_requestUnstake_takesMaturingStakeFirst() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(10 ether); // interval 0: carried
        _fundAndStake(alice, 50 ether);

        _unstake(alice, 30 ether);
        assertEq(vault.maturingStakeOf(alice), 20 ether);
        assertEq(vault.earningStakeOf(alice), 100 ether);
        assertEq(vault.totalMaturingStake(), 20 ether);
        _unstake(alice, 40 ether);
        assertEq(vault.maturingStakeOf(alice), 0);
        assertEq(vault.earningStakeOf(alice), 80 ether);
        assertEq(vault.totalMaturingStake(), 0);
        assertEq(vault.totalEarningStake(), 180 ether);

        _notify(8 ether);
        assertEq(vault.earned(alice), 8 ether);
        assertEq(vault.earned(bob), 10 ether);
        _assertSolvent();
    }

    /// @dev Earning stake that leaves mid-interval forfeits that interval's share to the stake that stayed; the
    /// rewards of intervals already closed stay claimable.
    function test_requestUnstake_ofEarningStakeForfeitsTheOpenIntervalToThoseWhoStayed() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(10 ether); // interval 0: carried
        _notify(10 ether); // interval 1: 10 each
        _unstake(alice, 50 ether);
        _notify(15 ether); // interval 2: alice's remaining 50 and bob's 100
        assertEq(vault.earned(alice), 15 ether);
        assertEq(vault.earned(bob), 20 ether);

        _unstake(alice, 50 ether);
        _notify(10 ether); // interval 3: bob alone
        assertEq(vault.earned(alice), 15 ether);
        assertEq(vault.earned(bob), 30 ether);
        vm.prank(alice);
        assertEq(vault.claimRewards(alice), 15 ether);
        _assertSolvent();
    }

    /// @dev Unstaking and staking back within one interval is not a way to keep earning: the stake back matures.
    function test_restakeAfterUnstakeMaturesAgain() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(10 ether); // interval 0: carried
        _unstake(alice, 100 ether);
        _fundAndStake(alice, 100 ether);
        assertEq(vault.earningStakeOf(alice), 0);
        assertEq(vault.maturingStakeOf(alice), 100 ether);
        _notify(10 ether); // interval 1: bob alone
        assertEq(vault.earned(alice), 0);
        assertEq(vault.earned(bob), 20 ether);
    }

    function test_slash_takesMaturingStakeFirst() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(10 ether); // interval 0: carried
        _fundAndStake(alice, 50 ether);

        _slash(alice, 30 ether, receiver);
        assertEq(vault.maturingStakeOf(alice), 20 ether);
        assertEq(vault.earningStakeOf(alice), 100 ether);
        _slash(alice, 40 ether, receiver);
        assertEq(vault.maturingStakeOf(alice), 0);
        assertEq(vault.earningStakeOf(alice), 80 ether);
        assertEq(vault.totalMaturingStake(), 0);
        assertEq(vault.totalEarningStake(), 180 ether);

        _notify(8 ether);
        assertEq(vault.earned(alice), 8 ether);
        assertEq(vault.earned(bob), 10 ether);
        _assertSolvent();
    }

    /// @dev A slash that only reaches cooldown stake leaves maturing and earning stake alone.
    function test_slash_ofCooldownStakeLeavesIntervalsAlone() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _slash(alice, 30 ether, receiver);
        assertEq(vault.totalMaturingStake(), 100 ether);
        assertEq(vault.maturingStakeOf(bob), 100 ether);
    }

    function test_notifyReward_withOnlyMaturingStakeCarriesEverything() public {
        _fundAndStake(alice, 100 ether);
        _prepareNotify(7 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 0, 7 ether, 0, 0, 7 ether);
        vm.prank(notifier);
        vault.notifyReward(7 ether);
        assertEq(vault.rewardPerToken(), 0);
        assertEq(vault.earned(alice), 0);
        assertEq(vault.earningStakeOf(alice), 100 ether);
        _assertSolvent();
    }

    /// @dev Whatever a joiner stakes, it earns nothing of the interval it joined in; from the next one it earns its
    /// stake times the accumulator increment.
    function testFuzz_stake_midIntervalEarnsNothingOfThatInterval(
        uint256 present,
        uint256 joiner,
        uint256 reward,
        uint256 nextReward
    ) public {
        present = bound(present, 1, MAX_AMOUNT);
        joiner = bound(joiner, 1, MAX_AMOUNT);
        reward = bound(reward, 1, MAX_AMOUNT);
        nextReward = bound(nextReward, 1, MAX_AMOUNT);
        _fundAndStake(alice, present);
        _notify(1); // interval 0: carried
        _fundAndStake(bob, joiner);
        _notify(reward);
        assertEq(vault.earned(bob), 0);
        // Alice gets the pool to within the accumulator's floor: less than a wei per 1e18 of her stake, plus one.
        assertLe(vault.earned(alice), reward + 1);
        assertGe(vault.earned(alice) + present / 1e18 + 1, reward);

        uint256 before = vault.rewardPerToken();
        _notify(nextReward);
        uint256 increment = vault.rewardPerToken() - before;
        assertGe(increment, nextReward * 1e18 / (present + joiner), "the increment includes at least the reward");
        assertEq(vault.earned(bob), joiner * increment / 1e18);
        _assertSolvent();
    }
}
