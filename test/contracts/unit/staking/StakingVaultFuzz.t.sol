// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {IntervalRewardModel} from "../../utils/IntervalRewardModel.sol";
import {StakingFixture} from "../../utils/StakingFixture.sol";

contract StakingVaultFuzzTest is StakingFixture {
    using IntervalRewardModel for IntervalRewardModel.State;

    /// @dev Largest single stake or reward: what the treasury can fund several times over.
    uint256 internal constant MAX_AMOUNT = 10_000_000 ether;
    /// @dev Largest stake or reward in one step of a sequence: 30 steps stay within the 100M treasury.
    uint256 internal constant MAX_STEP_AMOUNT = 1_000_000 ether;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal receiver = makeAddr("receiver");

    IntervalRewardModel.State internal model;
    mapping(address account => uint256) internal claimedBy;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
    }

    function testFuzz_stake_creditsStakeAndVotes(uint256 first, uint256 second) public {
        first = bound(first, 1, MAX_AMOUNT);
        second = bound(second, 1, MAX_AMOUNT);
        _fundAndStake(alice, first);
        _fundAndStake(alice, second);
        assertEq(vault.activeStakeOf(alice), first + second);
        assertEq(vault.getVotes(alice), first + second);
        assertEq(vault.totalActiveStake(), first + second);
        _assertSolvent();
    }

    function testFuzz_withdraw_onlyOnceTheCooldownHasPassed(uint256 amount, uint256 unstake, uint256 wait) public {
        amount = bound(amount, 1, MAX_AMOUNT);
        unstake = bound(unstake, 1, amount);
        wait = bound(wait, 0, 2 * COOLDOWN);
        _fundAndStake(alice, amount);
        _unstake(alice, unstake);
        uint64 unlockAt = uint64(block.timestamp) + COOLDOWN;
        vm.warp(block.timestamp + wait);

        vm.prank(alice);
        if (block.timestamp < unlockAt) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IStakingVault.StakingCooldownActive.selector, alice, unlockAt, uint64(block.timestamp)
                )
            );
            vault.withdraw(receiver);
            assertEq(token.balanceOf(receiver), 0);
        } else {
            assertEq(vault.withdraw(receiver), unstake);
            assertEq(token.balanceOf(receiver), unstake);
        }
        assertEq(vault.activeStakeOf(alice), amount - unstake);
        _assertSolvent();
    }

    function testFuzz_slash_takesActiveThenCooldownUpToWhatExists(uint256 amount, uint256 unstake, uint256 slashAmount)
        public
    {
        amount = bound(amount, 1, MAX_AMOUNT);
        unstake = bound(unstake, 0, amount);
        slashAmount = bound(slashAmount, 1, 2 * MAX_AMOUNT);
        _fundAndStake(alice, amount);
        if (unstake != 0) _unstake(alice, unstake);
        uint256 active = amount - unstake;

        uint256 fromActive = slashAmount < active ? slashAmount : active;
        uint256 rest = slashAmount - fromActive;
        uint256 fromCooldown = rest < unstake ? rest : unstake;
        uint256 slashed = _slash(alice, slashAmount, receiver);

        assertEq(slashed, fromActive + fromCooldown);
        assertEq(token.balanceOf(receiver), slashed);
        assertEq(vault.activeStakeOf(alice), active - fromActive);
        assertEq(vault.getVotes(alice), active - fromActive);
        (uint256 pending,) = vault.cooldownOf(alice);
        assertEq(pending, unstake - fromCooldown);
        _assertSolvent();
    }

    /// @dev The notification closing the interval in which both staked is carried whole; with the next one, each
    /// staker earns its stake times the accumulator increment, rounded down, and the rest is carried.
    function testFuzz_notifyReward_splitsProRata(uint256 a, uint256 b, uint256 carried, uint256 reward) public {
        a = bound(a, 1, MAX_AMOUNT);
        b = bound(b, 1, MAX_AMOUNT);
        carried = bound(carried, 1, MAX_AMOUNT);
        reward = bound(reward, 1, MAX_AMOUNT);
        _fundAndStake(alice, a);
        _fundAndStake(bob, b);
        _notify(carried);
        assertEq(vault.rewardPerToken(), 0);
        assertEq(vault.earned(alice) + vault.earned(bob), 0);
        _notify(reward);

        uint256 increment = (carried + reward) * 1e18 / (a + b);
        assertEq(vault.rewardPerToken(), increment);
        assertEq(vault.earned(alice), a * increment / 1e18);
        assertEq(vault.earned(bob), b * increment / 1e18);
        assertLe(vault.earned(alice) + vault.earned(bob), carried + reward);
        _assertSolvent();
    }

    /// @dev With less than a few tokens staked, the accumulator's rounding is worth less than a wei per
    /// notification; over many notifications a staker must still never be owed more than was notified.
    function testFuzz_claimRewards_neverExceedsNotifiedWithSmallStake(uint256 stake, uint256 seed) public {
        stake = bound(stake, 1, 3 ether);
        _fundAndStake(alice, stake);
        uint256 notified;
        for (uint256 i; i < 20; ++i) {
            uint256 reward = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1000 ether);
            _notify(reward);
            notified += reward;
            assertLe(vault.earned(alice), vault.rewardsOutstanding());
        }
        uint256 earned = vault.earned(alice);
        if (earned != 0) {
            vm.prank(alice);
            assertEq(vault.claimRewards(alice), earned);
        }
        assertLe(earned, notified);
        _assertSolvent();
    }

    /// @dev A random sequence of stake / unstake / withdraw / slash / notify / claim over three stakers, checked
    /// step by step against a simple model of each account, then wound down: everyone claims and withdraws, and the
    /// vault is left with only unclaimable rounding.
    function testFuzz_sequence_keepsAccountsAndTotalsConsistent(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 30);
        address[3] memory stakers = [alice, bob, carol];
        uint256[3] memory active;
        // Earning stake: the least active stake since the open interval began (stake added during it earns later).
        uint256[3] memory earning;
        uint256[3] memory pending;
        uint256 notified;
        uint256 claimed;

        for (uint256 step; step < steps; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 who = r % 3;
            address account = stakers[who];
            uint256 action = (r >> 8) % 6;
            uint256 amount = r >> 16;

            if (action == 0) {
                amount = bound(amount, 1, MAX_STEP_AMOUNT);
                _fundAndStake(account, amount);
                active[who] += amount;
            } else if (action == 1 && active[who] != 0) {
                amount = bound(amount, 1, active[who]);
                _unstake(account, amount);
                active[who] -= amount;
                pending[who] += amount;
                if (earning[who] > active[who]) earning[who] = active[who];
            } else if (action == 2) {
                vm.warp(block.timestamp + bound(amount, 1, 2 * COOLDOWN));
                (, uint64 unlockAt) = vault.cooldownOf(account);
                if (pending[who] != 0 && block.timestamp >= unlockAt) {
                    vm.prank(account);
                    assertEq(vault.withdraw(account), pending[who]);
                    pending[who] = 0;
                }
            } else if (action == 3) {
                amount = bound(amount, 1, active[who] + pending[who] + 1);
                uint256 fromActive = amount < active[who] ? amount : active[who];
                uint256 fromCooldown = amount - fromActive < pending[who] ? amount - fromActive : pending[who];
                assertEq(_slash(account, amount, receiver), fromActive + fromCooldown);
                active[who] -= fromActive;
                pending[who] -= fromCooldown;
                if (earning[who] > active[who]) earning[who] = active[who];
            } else if (action == 4) {
                amount = bound(amount, 1, MAX_STEP_AMOUNT);
                _notify(amount);
                notified += amount;
                // The interval closed: everything active now earns (copied: memory arrays would alias).
                for (uint256 i; i < 3; ++i) {
                    earning[i] = active[i];
                }
            } else if (vault.earned(account) != 0) {
                vm.prank(account);
                claimed += vault.claimRewards(account);
            }

            for (uint256 i; i < 3; ++i) {
                assertEq(vault.activeStakeOf(stakers[i]), active[i], "active stake");
                assertEq(vault.earningStakeOf(stakers[i]), earning[i], "earning stake");
                assertEq(vault.maturingStakeOf(stakers[i]), active[i] - earning[i], "maturing stake");
                assertEq(vault.getVotes(stakers[i]), active[i], "votes");
                (uint256 cooling,) = vault.cooldownOf(stakers[i]);
                assertEq(cooling, pending[i], "cooldown stake");
            }
            _assertSolvent();
        }

        // Wind down.
        vm.warp(block.timestamp + COOLDOWN);
        for (uint256 i; i < 3; ++i) {
            if (vault.earned(stakers[i]) != 0) {
                vm.prank(stakers[i]);
                claimed += vault.claimRewards(stakers[i]);
            }
            if (pending[i] != 0) {
                vm.prank(stakers[i]);
                vault.withdraw(stakers[i]);
            }
        }
        assertLe(claimed, notified, "claimed more than was notified");
        assertEq(vault.rewardsOutstanding(), notified - claimed);
        assertEq(token.balanceOf(address(vault)), vault.totalActiveStake() + notified - claimed);
        assertEq(vault.totalCooldownStake(), 0);
    }

    /// @dev A random sequence of stake / unstake / slash / notify / claim over three stakers, with time passing in
    /// between: after every step, what each staker claimed plus what it is owed lies within the bounds of a model
    /// that shares each notification among the stake present for the whole interval it closes (IntervalRewardModel).
    /// Stake that joined during an interval gets nothing of it; stake present throughout gets its pro-rata share.
    function testFuzz_sequence_paysOnlyIntervalsStakedThroughout(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 40);
        address[] memory stakers = new address[](3);
        (stakers[0], stakers[1], stakers[2]) = (alice, bob, carol);
        model.init(vault, stakers);

        for (uint256 step; step < steps; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address account = stakers[r % 3];
            uint256 action = (r >> 8) % 5;
            uint256 amount = r >> 16;
            uint256 active = vault.activeStakeOf(account);
            vm.warp(block.timestamp + bound(r >> 128, 1, 3 days));

            if (action == 0 || (active == 0 && action < 3)) {
                // A third of the stakes tiny, where the accumulator's rounding is coarsest.
                _fundAndStake(account, amount % 3 == 0 ? bound(amount, 1, 1e6) : bound(amount, 1, MAX_STEP_AMOUNT));
                model.settled(account);
            } else if (action == 1) {
                _unstake(account, bound(amount, 1, active));
                model.stakeChanged(account);
                model.settled(account);
            } else if (action == 2) {
                _slash(account, bound(amount, 1, active), receiver);
                model.stakeChanged(account);
                model.settled(account);
            } else if (action == 3) {
                amount = amount % 3 == 0 ? bound(amount, 1, 1e6) : bound(amount, 1, MAX_STEP_AMOUNT);
                _notify(amount);
                model.notified(amount);
            } else if (vault.earned(account) != 0) {
                vm.prank(account);
                claimedBy[account] += vault.claimRewards(account);
                model.settled(account);
            }

            for (uint256 i; i < 3; ++i) {
                uint256 total = claimedBy[stakers[i]] + vault.earned(stakers[i]);
                assertLe(total, model.upperBound(stakers[i]), "paid for an interval not staked throughout");
                assertGe(total, model.lowerBound(stakers[i]), "short of the pro-rata share");
                assertEq(vault.earningStakeOf(stakers[i]), model.earning(stakers[i]), "earning stake");
            }
            _assertSolvent();
        }
    }
}
