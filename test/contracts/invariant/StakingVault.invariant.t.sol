// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingFixture} from "../utils/StakingFixture.sol";
import {StakingVaultHandler} from "./handlers/StakingVaultHandler.sol";

contract StakingVaultInvariantTest is StakingFixture {
    /// @dev The vault's ERC-7201 storage root; `undistributed` is the struct's 7th slot (see StakingVaultStorage).
    bytes32 internal constant STAKING_VAULT_STORAGE =
        0xcd6c0d7f719a480b007433f5c7cc24c2a353bbc4e61b8f002f72550583b09800;
    uint256 internal constant REWARD_PER_TOKEN_SLOT = 5;
    uint256 internal constant UNDISTRIBUTED_SLOT = 6;
    uint256 internal constant REWARDS_OUTSTANDING_SLOT = 7;

    StakingVaultHandler internal handler;
    address[] internal actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deployStaking();
        handler = new StakingVaultHandler(vault, token, treasury, slasher, address(timelock), 4);
        actors = handler.getActors();
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();
        address handlerNotifier = handler.notifier();
        vm.prank(address(timelock));
        vault.grantRole(notifierRole, handlerNotifier);

        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = StakingVaultHandler.stake.selector;
        selectors[1] = StakingVaultHandler.stakeFor.selector;
        selectors[2] = StakingVaultHandler.requestUnstake.selector;
        selectors[3] = StakingVaultHandler.withdraw.selector;
        selectors[4] = StakingVaultHandler.slash.selector;
        selectors[5] = StakingVaultHandler.notifyReward.selector;
        selectors[6] = StakingVaultHandler.claimRewards.selector;
        selectors[7] = StakingVaultHandler.delegate.selector;
        selectors[8] = StakingVaultHandler.registerOperator.selector;
        selectors[9] = StakingVaultHandler.deregisterOperator.selector;
        selectors[10] = StakingVaultHandler.setCooldown.selector;
        selectors[11] = StakingVaultHandler.setMinOperatorStake.selector;
        // Time matters for cooldowns and past votes: give warps twice the weight of other actions.
        selectors[12] = StakingVaultHandler.warp.selector;
        selectors[13] = StakingVaultHandler.warp.selector;
        selectors[14] = StakingVaultHandler.syncOperator.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Every token the vault holds is owed to someone, to the wei: no donation happens here.
    function invariant_vaultHoldsExactlyWhatItOwes() public view {
        _assertSolvent();
    }

    function invariant_totalsMatchTheSumOfAccounts() public view {
        uint256 active;
        uint256 cooling;
        for (uint256 i; i < actors.length; ++i) {
            active += vault.activeStakeOf(actors[i]);
            (uint256 pending,) = vault.cooldownOf(actors[i]);
            assertEq(pending, handler.ghostPending(actors[i]), "cooldown stake differs from the ghost record");
            cooling += pending;
        }
        assertEq(active, vault.totalActiveStake(), "sum of active stake");
        assertEq(cooling, vault.totalCooldownStake(), "sum of cooldown stake");
    }

    /// @dev Stakers are never owed more than was notified and not yet claimed, minus what is carried as
    /// undistributed: sum(earned) + undistributed <= rewardsOutstanding. The gap is rounding that no one can claim,
    /// and it is bounded: each notification rounds the distributed amount up by less than one wei, each settlement
    /// of an account (stake, unstake, slash, claim) floors its earning and its maturing share by less than one wei
    /// each, and so does each actor's unsettled view. So gap <= notifications + 2 * (settlements + actors).
    function invariant_earnedNeverExceedsRewardsOutstanding() public view {
        uint256 outstanding = vault.rewardsOutstanding();
        uint256 undistributed = _undistributed();
        uint256 totalEarned;
        for (uint256 i; i < actors.length; ++i) {
            totalEarned += vault.earned(actors[i]);
        }
        assertLe(totalEarned + undistributed, outstanding, "stakers are owed more than the vault holds for them");
        uint256 gap = outstanding - totalEarned - undistributed;
        assertLe(gap, handler.ghostNotifications() + 2 * (handler.ghostAccruals() + actors.length), "rounding gap");
    }

    /// @dev No account is paid rewards notified for an interval in which it was not staked throughout, and an
    /// account staked throughout gets its pro-rata share. The handler's model shares each notification among the
    /// actors' least active stake during the interval it closes, independently of the vault's accumulator; what each
    /// actor claimed plus what it is owed stays within the model's bounds (the upper one allows the wei of rounding
    /// dust a distribution carries into the next one; see IntervalRewardModel).
    function invariant_rewardsOnlyForIntervalsStakedThroughout() public view {
        for (uint256 i; i < actors.length; ++i) {
            uint256 total = handler.ghostClaimed(actors[i]) + vault.earned(actors[i]);
            (uint256 lower, uint256 upper) = handler.modelBounds(actors[i]);
            assertLe(total, upper, "paid for an interval it was not staked throughout");
            assertGe(total, lower, "short of its pro-rata share");
        }
    }

    /// @dev Earning stake is the least active stake since the interval began; the rest of the active stake matures.
    function invariant_earningStakeIsTheLeastActiveStakeOfTheInterval() public view {
        uint256 earning;
        for (uint256 i; i < actors.length; ++i) {
            uint256 modelled = handler.modelEarning(actors[i]);
            assertEq(vault.earningStakeOf(actors[i]), modelled, "earning stake");
            assertEq(vault.maturingStakeOf(actors[i]), vault.activeStakeOf(actors[i]) - modelled, "maturing stake");
            earning += modelled;
        }
        assertEq(vault.totalEarningStake(), earning, "total earning stake");
        assertEq(vault.totalMaturingStake(), vault.totalActiveStake() - earning, "total maturing stake");
    }

    /// @dev The ERC-20 view of active stake: its Transfer events add up to totalSupply and to each balance.
    function invariant_transferEventsTrackActiveStake() public view {
        assertEq(handler.ghostStrayTransfers(), 0, "transfer between accounts");
        assertEq(vault.totalSupply(), vault.totalActiveStake(), "totalSupply");
        assertEq(handler.ghostMinted() - handler.ghostBurned(), vault.totalSupply(), "minted - burned");
        for (uint256 i; i < actors.length; ++i) {
            assertEq(handler.ghostTransferBalance(actors[i]), vault.balanceOf(actors[i]), "balance from events");
            assertEq(vault.balanceOf(actors[i]), vault.activeStakeOf(actors[i]), "balanceOf");
        }
    }

    /// @dev Delegation stays among the actors, so their votes are all the votes there are: the active stake. The
    /// checkpoints of a past timestamp still hold what was true at its end.
    function invariant_votesEqualActiveStake() public view {
        uint256 votes;
        for (uint256 i; i < actors.length; ++i) {
            votes += vault.getVotes(actors[i]);
        }
        assertEq(votes, vault.totalActiveStake(), "sum of votes");

        uint256 past = handler.ghostPastTimestamp();
        if (past == 0) return;
        assertEq(vault.getPastTotalSupply(past), handler.ghostPastTotalActive(), "past total supply");
        for (uint256 i; i < actors.length; ++i) {
            assertEq(vault.getPastVotes(actors[i], past), handler.ghostPastVotes(actors[i]), "past votes");
        }
    }

    function invariant_noWithdrawalBeforeUnlock() public view {
        assertEq(handler.ghostEarlyWithdrawals(), 0, "withdrawn before the unlock time");
        assertEq(handler.ghostWrongWithdrawals(), 0, "withdrawn amount differs from the pending stake");
    }

    /// @dev The slash recipient holds exactly what was slashed, and no token appears or disappears elsewhere: the
    /// supply is all in the treasury, the vault, the actors, the notifier and the recipient.
    function invariant_slashedTokensGoToTheRecipientOnly() public view {
        address recipient = handler.slashRecipient();
        assertEq(token.balanceOf(recipient), handler.ghostSlashed(), "recipient balance");
        assertEq(handler.ghostSlashMismatches(), 0, "slash order or payment");

        uint256 held = token.balanceOf(treasury) + token.balanceOf(address(vault)) + token.balanceOf(recipient)
            + token.balanceOf(handler.notifier());
        for (uint256 i; i < actors.length; ++i) {
            held += token.balanceOf(actors[i]);
        }
        assertEq(held, token.totalSupply(), "tokens leaked");
    }

    function invariant_operatorWeightsFollowActiveStake() public view {
        uint256 minimum = vault.minOperatorStake();
        uint256 total;
        for (uint256 i; i < actors.length; ++i) {
            address actor = actors[i];
            uint256 active = vault.activeStakeOf(actor);
            bool eligible = vault.operatorInfo(actor).registered && active >= minimum;
            assertEq(vault.isEligibleOperator(actor), eligible, "eligibility");
            uint256 weight = vault.operatorWeight(actor);
            assertEq(weight, handler.ghostWeight(actor), "weight");
            // a drawable operator weighs its active stake; a dormant one (weight 0) is never drawn
            if (weight != 0) {
                assertTrue(eligible, "weight without eligibility");
                assertEq(weight, active, "weight other than the active stake");
            }
            total += weight;
        }
        assertEq(vault.totalOperatorWeight(), total, "total operator weight");
    }

    /// @dev Reads `undistributed` from storage (it has no view) after checking that the neighbouring slots hold
    /// what their views say, so that a layout change fails loudly instead of reading the wrong slot.
    function _undistributed() internal view returns (uint256) {
        uint256 root = uint256(STAKING_VAULT_STORAGE);
        assertEq(
            uint256(vm.load(address(vault), bytes32(root + REWARD_PER_TOKEN_SLOT))),
            vault.rewardPerToken(),
            "layout: rewardPerToken"
        );
        assertEq(
            uint256(vm.load(address(vault), bytes32(root + REWARDS_OUTSTANDING_SLOT))),
            vault.rewardsOutstanding(),
            "layout: rewardsOutstanding"
        );
        return uint256(vm.load(address(vault), bytes32(root + UNDISTRIBUTED_SLOT)));
    }
}
