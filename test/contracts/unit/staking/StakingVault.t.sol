// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Vm} from "forge-std/Vm.sol";

import {IOperatorRegistry} from "../../../../contracts/interfaces/IOperatorRegistry.sol";
import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {StakingFixture, StrayToken} from "../../utils/StakingFixture.sol";

/// @dev A second implementation for upgrade tests: same storage, one more view.
contract StakingVaultV2 is StakingVault {
    function version() external pure returns (string memory) {
        return "2";
    }
}

abstract contract StakingVaultTestBase is StakingFixture {
    /// @dev A realistic start time, so that `timestamp - 1` lookups of past votes are meaningful.
    uint256 internal constant START = 1_700_000_000;

    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal receiver = makeAddr("receiver");

    bytes32 internal adminRole;
    bytes32 internal slasherRole;

    function setUp() public {
        vm.warp(START);
        _deployStaking();
        (alice, aliceKey) = makeAddrAndKey("alice");
        adminRole = vault.DEFAULT_ADMIN_ROLE();
        slasherRole = vault.SLASHER_ROLE();
    }
}

contract StakingVaultInitializationTest is StakingVaultTestBase {
    function test_initialize_setsTokenCooldownMinimumAndAdmin() public view {
        assertEq(vault.token(), address(token));
        assertEq(vault.cooldown(), COOLDOWN);
        assertEq(vault.minOperatorStake(), MIN_OPERATOR_STAKE);
        assertTrue(vault.hasRole(adminRole, address(timelock)));
        assertFalse(vault.hasRole(adminRole, deployer));
        assertEq(vault.totalActiveStake(), 0);
        assertEq(vault.totalCooldownStake(), 0);
        assertEq(vault.rewardsOutstanding(), 0);
    }

    function test_clock_isTheBlockTimestamp() public {
        assertEq(vault.CLOCK_MODE(), "mode=timestamp");
        assertEq(vault.clock(), START);
        vm.warp(START + 123);
        assertEq(vault.clock(), START + 123);
    }

    function test_RevertWhen_initializingTheImplementationDirectly() public {
        StakingVault implementation = new StakingVault();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(address(token), address(this), COOLDOWN, MIN_OPERATOR_STAKE);
    }

    function test_RevertWhen_initializingTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        vault.initialize(address(token), outsider, COOLDOWN, MIN_OPERATOR_STAKE);
        assertFalse(vault.hasRole(adminRole, outsider));
    }

    function test_RevertWhen_initializingWithZeroToken() public {
        address implementation = address(new StakingVault());
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        _proxy(
            implementation,
            abi.encodeCall(StakingVault.initialize, (address(0), address(timelock), COOLDOWN, MIN_OPERATOR_STAKE))
        );
    }

    function test_RevertWhen_initializingWithZeroAdmin() public {
        address implementation = address(new StakingVault());
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        _proxy(
            implementation,
            abi.encodeCall(StakingVault.initialize, (address(token), address(0), COOLDOWN, MIN_OPERATOR_STAKE))
        );
    }

    function test_RevertWhen_initializingWithCooldownOutOfRange() public {
        address implementation = address(new StakingVault());
        uint64 tooShort = ProtocolConstants.MIN_COOLDOWN - 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownOutOfRange.selector,
                tooShort,
                ProtocolConstants.MIN_COOLDOWN,
                ProtocolConstants.MAX_COOLDOWN
            )
        );
        _proxy(
            implementation,
            abi.encodeCall(StakingVault.initialize, (address(token), address(timelock), tooShort, MIN_OPERATOR_STAKE))
        );
    }

    function test_RevertWhen_initializingWithZeroMinOperatorStake() public {
        address implementation = address(new StakingVault());
        vm.expectRevert(IOperatorRegistry.OperatorMinStakeZero.selector);
        _proxy(
            implementation, abi.encodeCall(StakingVault.initialize, (address(token), address(timelock), COOLDOWN, 0))
        );
    }
}

contract StakingVaultAccessControlTest is StakingVaultTestBase {
    function test_RevertWhen_outsiderSlashes() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, slasherRole)
        );
        vault.slash(alice, 1 ether, outsider);
        assertEq(_stateOf(alice), before);
    }

    /// @dev Governance holds the admin role but not the slasher role: it must grant the role, not slash directly.
    function test_RevertWhen_adminWithoutSlasherRoleSlashes() public {
        _fundAndStake(alice, 100 ether);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(timelock), slasherRole
            )
        );
        vault.slash(alice, 1 ether, address(timelock));
        assertEq(vault.activeStakeOf(alice), 100 ether);
    }

    function test_RevertWhen_outsiderSetsCooldown() public {
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.setCooldown(2 days);
        assertEq(vault.cooldown(), COOLDOWN);
    }

    /// @dev Closing an interval decides who shares the fees notified with it: if anyone could close one, a staker
    /// could close it just after staking and collect the coordinator's next notification, fees earned before it
    /// staked.
    function test_RevertWhen_outsiderNotifiesReward() public {
        _fundAndStake(alice, 100 ether);
        _fund(outsider, 1 ether);
        vm.prank(outsider);
        token.approve(address(vault), 1 ether);
        bytes32 before = _stateOf(alice);
        bytes32 notifierRole = vault.REWARD_NOTIFIER_ROLE();
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, notifierRole)
        );
        vault.notifyReward(1 ether);
        assertEq(_stateOf(alice), before);
        assertEq(vault.currentInterval(), 0);
    }

    function test_RevertWhen_outsiderSetsMinOperatorStake() public {
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.setMinOperatorStake(1 ether);
        assertEq(vault.minOperatorStake(), MIN_OPERATOR_STAKE);
    }

    function test_RevertWhen_outsiderRecoversExcess() public {
        _fund(address(vault), 5 ether);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.recoverExcess(address(token), outsider, 5 ether);
        assertEq(token.balanceOf(address(vault)), 5 ether);
    }

    function test_RevertWhen_outsiderUpgrades() public {
        address implementation = address(new StakingVaultV2());
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        vault.upgradeToAndCall(implementation, "");
    }

    function test_upgradeToAndCall_byGovernanceKeepsState() public {
        _fundAndStake(alice, 100 ether);
        _notify(4 ether); // closes the interval alice staked in: nothing earned yet, carried
        _notify(6 ether); // alice earned through this interval: 4 + 6
        address implementation = address(new StakingVaultV2());
        vm.prank(address(timelock));
        vault.upgradeToAndCall(implementation, "");
        assertEq(StakingVaultV2(address(vault)).version(), "2");
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(vault.getVotes(alice), 100 ether);
        assertEq(vault.earned(alice), 10 ether);
        assertTrue(vault.hasRole(slasherRole, slasher));
    }
}

contract StakingVaultStakeTest is StakingVaultTestBase {
    function test_stake_pullsTokensAndRecordsStake() public {
        _fund(alice, 100 ether);
        vm.startPrank(alice);
        token.approve(address(vault), 100 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Staked(alice, alice, 100 ether);
        vault.stake(100 ether);
        vm.stopPrank();

        assertEq(token.balanceOf(alice), 0);
        assertEq(token.balanceOf(address(vault)), 100 ether);
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(vault.totalActiveStake(), 100 ether);
        _assertSolvent();
    }

    function test_stake_selfDelegatesOnFirstStake() public {
        assertEq(vault.delegates(alice), address(0));
        _fundAndStake(alice, 100 ether);
        assertEq(vault.delegates(alice), alice);
        assertEq(vault.getVotes(alice), 100 ether);
    }

    function test_stake_keepsDelegateChosenBeforeFirstStake() public {
        vm.prank(alice);
        vault.delegate(bob);
        _fundAndStake(alice, 100 ether);
        assertEq(vault.delegates(alice), bob);
        assertEq(vault.getVotes(bob), 100 ether);
        assertEq(vault.getVotes(alice), 0);
    }

    function test_stake_addsToExistingStakeAndVotes() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(alice, 50 ether);
        assertEq(vault.activeStakeOf(alice), 150 ether);
        assertEq(vault.getVotes(alice), 150 ether);
        assertEq(vault.totalActiveStake(), 150 ether);
    }

    function test_stakeFor_creditsAccountAndChargesPayer() public {
        _fund(bob, 100 ether);
        vm.startPrank(bob);
        token.approve(address(vault), 100 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Staked(alice, bob, 100 ether);
        vault.stakeFor(alice, 100 ether);
        vm.stopPrank();

        assertEq(token.balanceOf(bob), 0);
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(vault.activeStakeOf(bob), 0);
        assertEq(vault.getVotes(alice), 100 ether);
        assertEq(vault.delegates(alice), alice);
        assertEq(vault.delegates(bob), address(0));
    }

    function test_RevertWhen_stakingZero() public {
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.stake(0);
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_stakingForZeroAddress() public {
        _fund(bob, 10 ether);
        vm.startPrank(bob);
        token.approve(address(vault), 10 ether);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.stakeFor(address(0), 10 ether);
        vm.stopPrank();
        assertEq(token.balanceOf(bob), 10 ether);
        assertEq(vault.totalActiveStake(), 0);
    }

    function test_RevertWhen_stakingForWithZeroAmount() public {
        vm.prank(bob);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.stakeFor(alice, 0);
    }

    function test_RevertWhen_stakingWithoutAllowance() public {
        _fund(alice, 10 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(vault), 0, 10 ether)
        );
        vault.stake(10 ether);
        assertEq(_stateOf(alice), before);
    }

    /// @dev Votes are checkpointed in uint208: the vault refuses stake that could overflow them.
    function test_RevertWhen_stakingMoreThanVotesCanHold() public {
        uint256 amount = uint256(type(uint208).max) + 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingAmountTooLarge.selector, amount));
        vault.stake(amount);
    }

    function test_stakeWithPermit_stakesWithoutPriorApproval() public {
        _fund(alice, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(vault), 100 ether, deadline);
        vm.prank(alice);
        vault.stakeWithPermit(100 ether, deadline, v, r, s);
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(vault.getVotes(alice), 100 ether);
        assertEq(token.nonces(alice), 1);
        assertEq(token.allowance(alice, address(vault)), 0);
    }

    /// @dev Someone copies the permit from the mempool and submits it first: the vault's own permit call then
    /// fails on the used nonce, but the allowance is in place and the stake must still go through.
    function test_stakeWithPermit_stakesWhenPermitWasFrontRun() public {
        _fund(alice, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(vault), 100 ether, deadline);
        vm.prank(outsider);
        token.permit(alice, address(vault), 100 ether, deadline, v, r, s);

        vm.prank(alice);
        vault.stakeWithPermit(100 ether, deadline, v, r, s);
        assertEq(vault.activeStakeOf(alice), 100 ether);
        assertEq(token.balanceOf(alice), 0);
    }

    function test_RevertWhen_stakingWithPermitSignedForAnotherAmount() public {
        _fund(alice, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(vault), 50 ether, deadline);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        // The permit fails silently; the transfer then finds no allowance.
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(vault), 0, 100 ether)
        );
        vault.stakeWithPermit(100 ether, deadline, v, r, s);
        assertEq(_stateOf(alice), before);
        assertEq(token.nonces(alice), 0);
    }

    function test_RevertWhen_stakingWithExpiredPermit() public {
        _fund(alice, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(vault), 100 ether, deadline);
        vm.warp(deadline + 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(vault), 0, 100 ether)
        );
        vault.stakeWithPermit(100 ether, deadline, v, r, s);
        assertEq(vault.activeStakeOf(alice), 0);
    }
}

contract StakingVaultDelegationTest is StakingVaultTestBase {
    function test_delegate_movesVotesToDelegatee() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 40 ether);
        vm.expectEmit(address(vault));
        emit IVotes.DelegateVotesChanged(alice, 100 ether, 0);
        vm.prank(alice);
        vault.delegate(bob);
        assertEq(vault.getVotes(alice), 0);
        assertEq(vault.getVotes(bob), 140 ether);
        // Later stake follows the chosen delegate.
        _fundAndStake(alice, 10 ether);
        assertEq(vault.getVotes(bob), 150 ether);
        assertEq(vault.delegates(alice), bob);
    }

    function test_delegate_unstakeTakesVotesFromDelegatee() public {
        _fundAndStake(alice, 100 ether);
        vm.prank(alice);
        vault.delegate(bob);
        _unstake(alice, 30 ether);
        assertEq(vault.getVotes(bob), 70 ether);
        assertEq(vault.getVotes(alice), 0);
    }
}

contract StakingVaultUnstakeTest is StakingVaultTestBase {
    function test_requestUnstake_movesStakeIntoCooldown() public {
        _fundAndStake(alice, 100 ether);
        uint64 unlockAt = uint64(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(vault));
        emit IStakingVault.UnstakeRequested(alice, 40 ether, 40 ether, unlockAt);
        _unstake(alice, 40 ether);

        assertEq(vault.activeStakeOf(alice), 60 ether);
        (uint256 amount, uint64 unlock) = vault.cooldownOf(alice);
        assertEq(amount, 40 ether);
        assertEq(unlock, unlockAt);
        assertEq(vault.totalActiveStake(), 60 ether);
        assertEq(vault.totalCooldownStake(), 40 ether);
        assertEq(vault.getVotes(alice), 60 ether);
        assertEq(token.balanceOf(address(vault)), 100 ether);
        _assertSolvent();
    }

    function test_requestUnstake_secondRequestAddsAndRestartsTimer() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 30 ether);
        vm.warp(block.timestamp + 5 days);
        uint64 restartedUnlock = uint64(block.timestamp) + COOLDOWN;
        vm.expectEmit(address(vault));
        emit IStakingVault.UnstakeRequested(alice, 20 ether, 50 ether, restartedUnlock);
        _unstake(alice, 20 ether);

        (uint256 amount, uint64 unlockAt) = vault.cooldownOf(alice);
        assertEq(amount, 50 ether);
        assertEq(unlockAt, restartedUnlock);
        // The first request's unlock time has passed, but the whole pending amount now waits for the new one.
        vm.warp(START + COOLDOWN);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownActive.selector, alice, restartedUnlock, uint64(START + COOLDOWN)
            )
        );
        vault.withdraw(alice);
    }

    function test_RevertWhen_requestingUnstakeOfZero() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.requestUnstake(0);
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_requestingUnstakeOfMoreThanActive() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 30 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingInsufficientActiveStake.selector, alice, 70 ether + 1, 70 ether)
        );
        vault.requestUnstake(70 ether + 1);
        assertEq(_stateOf(alice), before);
    }

    /// @dev Alice's stake had matured (it earned from the interval's start) but left before the interval closed:
    /// she forfeits the interval's share to bob, who stayed.
    function test_cooldownStake_hasNoVotesAndEarnsNothing() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(50 ether); // closes the interval they staked in: carried
        assertEq(vault.earningStakeOf(alice), 100 ether);
        _unstake(alice, 100 ether);
        _notify(50 ether);
        assertEq(vault.getVotes(alice), 0);
        assertEq(vault.earned(alice), 0);
        assertEq(vault.earned(bob), 100 ether);
    }

    function test_setCooldown_leavesPendingUnlockTimesUnchanged() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 100 ether);
        vm.prank(address(timelock));
        vault.setCooldown(30 days);
        (, uint64 unlockAt) = vault.cooldownOf(alice);
        assertEq(unlockAt, START + COOLDOWN);
        vm.warp(START + COOLDOWN);
        vm.prank(alice);
        assertEq(vault.withdraw(alice), 100 ether);
    }
}

contract StakingVaultWithdrawTest is StakingVaultTestBase {
    function test_withdraw_exactlyAtUnlockTime() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        vm.warp(START + COOLDOWN);
        vm.expectEmit(address(vault));
        emit IStakingVault.Withdrawn(alice, receiver, 40 ether);
        vm.prank(alice);
        uint256 amount = vault.withdraw(receiver);

        assertEq(amount, 40 ether);
        assertEq(token.balanceOf(receiver), 40 ether);
        (uint256 pending, uint64 unlockAt) = vault.cooldownOf(alice);
        assertEq(pending, 0);
        assertEq(unlockAt, 0);
        assertEq(vault.totalCooldownStake(), 0);
        assertEq(vault.activeStakeOf(alice), 60 ether);
        _assertSolvent();

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingNothingToWithdraw.selector, alice));
        vault.withdraw(alice);
    }

    function test_RevertWhen_withdrawingOneSecondBeforeUnlock() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        uint64 unlockAt = uint64(START + COOLDOWN);
        vm.warp(unlockAt - 1);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingCooldownActive.selector, alice, unlockAt, unlockAt - 1)
        );
        vault.withdraw(alice);
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_withdrawingWithNothingInCooldown() public {
        _fundAndStake(alice, 100 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingNothingToWithdraw.selector, alice));
        vault.withdraw(alice);
    }

    function test_RevertWhen_withdrawingToZeroAddress() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 100 ether);
        vm.warp(START + COOLDOWN);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.withdraw(address(0));
        assertEq(_stateOf(alice), before);
    }
}

contract StakingVaultSlashTest is StakingVaultTestBase {
    function test_slash_takesActiveStakeFirst() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Slashed(alice, slasher, receiver, 50 ether, 0);
        assertEq(_slash(alice, 50 ether, receiver), 50 ether);

        assertEq(vault.activeStakeOf(alice), 10 ether);
        (uint256 cooling,) = vault.cooldownOf(alice);
        assertEq(cooling, 40 ether);
        assertEq(vault.getVotes(alice), 10 ether);
        assertEq(vault.totalActiveStake(), 10 ether);
        assertEq(token.balanceOf(receiver), 50 ether);
        _assertSolvent();
    }

    function test_slash_takesCooldownStakeOnceActiveIsGone() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Slashed(alice, slasher, receiver, 60 ether, 25 ether);
        assertEq(_slash(alice, 85 ether, receiver), 85 ether);

        assertEq(vault.activeStakeOf(alice), 0);
        (uint256 cooling, uint64 unlockAt) = vault.cooldownOf(alice);
        assertEq(cooling, 15 ether);
        assertEq(unlockAt, START + COOLDOWN, "slashing does not move the unlock time");
        assertEq(vault.totalCooldownStake(), 15 ether);
        assertEq(token.balanceOf(receiver), 85 ether);
        _assertSolvent();

        // What is left of the cooldown is still withdrawable.
        vm.warp(START + COOLDOWN);
        vm.prank(alice);
        assertEq(vault.withdraw(alice), 15 ether);
    }

    function test_slash_capsAtWhatTheAccountHolds() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 30 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.Slashed(alice, slasher, receiver, 70 ether, 30 ether);
        assertEq(_slash(alice, 1000 ether, receiver), 100 ether);
        assertEq(token.balanceOf(receiver), 100 ether);
        assertEq(token.balanceOf(address(vault)), 0);
        assertEq(vault.totalActiveStake(), 0);
        assertEq(vault.totalCooldownStake(), 0);
    }

    function test_slash_ofAccountWithNothingTakesNothing() public {
        _fundAndStake(bob, 100 ether);
        vm.recordLogs();
        assertEq(_slash(alice, 10 ether, receiver), 0);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 0, "no event and no transfer");
        assertEq(token.balanceOf(receiver), 0);
        assertEq(vault.activeStakeOf(bob), 100 ether);
    }

    function test_slash_movesVotesAwayFromDelegatee() public {
        _fundAndStake(alice, 100 ether);
        vm.prank(alice);
        vault.delegate(bob);
        _slash(alice, 30 ether, receiver);
        assertEq(vault.getVotes(bob), 70 ether);
        assertEq(vault.getVotes(alice), 0);
    }

    function test_slash_keepsRewardsEarnedBeforeIt() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(10 ether); // closes the interval they staked in: carried
        _notify(10 ether); // 20 shared equally
        _slash(alice, 100 ether, receiver);
        _notify(20 ether);
        assertEq(vault.earned(alice), 10 ether);
        assertEq(vault.earned(bob), 30 ether);
        _assertSolvent();
    }

    function test_RevertWhen_slashingZeroAccount() public {
        vm.prank(slasher);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.slash(address(0), 1 ether, receiver);
    }

    function test_RevertWhen_slashingToZeroRecipient() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(slasher);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.slash(alice, 1 ether, address(0));
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_slashingZeroAmount() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(slasher);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.slash(alice, 0, receiver);
        assertEq(_stateOf(alice), before);
    }
}

contract StakingVaultPastVotesTest is StakingVaultTestBase {
    function test_getPastVotes_returnsVotesAtPastTimestamps() public {
        _fundAndStake(alice, 100 ether); // t0
        vm.warp(START + 100);
        _fundAndStake(alice, 50 ether); // t0 + 100
        vm.warp(START + 200);
        _unstake(alice, 120 ether); // t0 + 200
        vm.warp(START + 300);
        vm.prank(alice);
        vault.delegate(bob); // t0 + 300
        vm.warp(START + 400);

        assertEq(vault.getPastVotes(alice, START - 1), 0);
        assertEq(vault.getPastVotes(alice, START), 100 ether);
        assertEq(vault.getPastVotes(alice, START + 99), 100 ether);
        assertEq(vault.getPastVotes(alice, START + 100), 150 ether);
        assertEq(vault.getPastVotes(alice, START + 200), 30 ether);
        assertEq(vault.getPastVotes(alice, START + 300), 0);
        assertEq(vault.getPastVotes(bob, START + 299), 0);
        assertEq(vault.getPastVotes(bob, START + 300), 30 ether);
    }

    function test_getPastTotalSupply_followsActiveStake() public {
        _fundAndStake(alice, 100 ether);
        vm.warp(START + 10);
        _fundAndStake(bob, 60 ether);
        vm.warp(START + 20);
        _unstake(alice, 100 ether);
        vm.warp(START + 30);
        _slash(bob, 10 ether, receiver);
        vm.warp(START + 40);

        assertEq(vault.getPastTotalSupply(START - 1), 0);
        assertEq(vault.getPastTotalSupply(START), 100 ether);
        assertEq(vault.getPastTotalSupply(START + 10), 160 ether);
        assertEq(vault.getPastTotalSupply(START + 20), 60 ether);
        assertEq(vault.getPastTotalSupply(START + 30), 50 ether);
        assertEq(vault.getPastTotalSupply(START + 39), vault.totalActiveStake());
    }

    function test_RevertWhen_lookingUpVotesAtTheCurrentTimestamp() public {
        _fundAndStake(alice, 100 ether);
        vm.expectRevert(abi.encodeWithSelector(VotesUpgradeable.ERC5805FutureLookup.selector, START, uint48(START)));
        vault.getPastVotes(alice, START);
        vm.expectRevert(abi.encodeWithSelector(VotesUpgradeable.ERC5805FutureLookup.selector, START + 1, uint48(START)));
        vault.getPastTotalSupply(START + 1);
    }
}

contract StakingVaultRecoverExcessTest is StakingVaultTestBase {
    function test_recoverExcess_returnsDonatedStakingTokens() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 20 ether);
        _notify(10 ether);
        _fund(address(vault), 7 ether); // sent by mistake

        vm.expectEmit(address(vault));
        emit IStakingVault.ExcessRecovered(address(token), receiver, 7 ether);
        vm.prank(address(timelock));
        vault.recoverExcess(address(token), receiver, 7 ether);

        assertEq(token.balanceOf(receiver), 7 ether);
        _assertSolvent();
    }

    function test_recoverExcess_returnsOtherTokensInFull() public {
        StrayToken stray = new StrayToken();
        stray.mint(address(vault), 3 ether);
        vm.prank(address(timelock));
        vault.recoverExcess(address(stray), receiver, 3 ether);
        assertEq(stray.balanceOf(receiver), 3 ether);
        assertEq(stray.balanceOf(address(vault)), 0);
    }

    function test_RevertWhen_recoveringStakedOrRewardTokens() public {
        _fundAndStake(alice, 100 ether);
        _unstake(alice, 20 ether);
        _notify(10 ether);
        _fund(address(vault), 7 ether);

        bytes32 before = _stateOf(alice);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingNoExcess.selector, address(token), 7 ether + 1, 7 ether)
        );
        vault.recoverExcess(address(token), receiver, 7 ether + 1);
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_recoveringWithNoDonation() public {
        _fundAndStake(alice, 100 ether);
        _notify(10 ether);
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingNoExcess.selector, address(token), 1, 0));
        vault.recoverExcess(address(token), receiver, 1);
    }

    function test_RevertWhen_recoveringMoreOfAnotherTokenThanHeld() public {
        StrayToken stray = new StrayToken();
        stray.mint(address(vault), 3 ether);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IStakingVault.StakingNoExcess.selector, address(stray), 3 ether + 1, 3 ether)
        );
        vault.recoverExcess(address(stray), receiver, 3 ether + 1);
    }

    function test_RevertWhen_recoveringZeroTokenReceiverOrAmount() public {
        _fund(address(vault), 7 ether);
        vm.startPrank(address(timelock));
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.recoverExcess(address(0), receiver, 1);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.recoverExcess(address(token), address(0), 1);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.recoverExcess(address(token), receiver, 0);
        vm.stopPrank();
        assertEq(token.balanceOf(address(vault)), 7 ether);
    }
}

contract StakingVaultCooldownTest is StakingVaultTestBase {
    function test_setCooldown_updatesAndEmits() public {
        vm.expectEmit(address(vault));
        emit IStakingVault.CooldownUpdated(COOLDOWN, 14 days);
        vm.prank(address(timelock));
        vault.setCooldown(14 days);
        assertEq(vault.cooldown(), 14 days);

        _fundAndStake(alice, 1 ether);
        _unstake(alice, 1 ether);
        (, uint64 unlockAt) = vault.cooldownOf(alice);
        assertEq(unlockAt, START + 14 days);
    }

    function test_setCooldown_acceptsBothBounds() public {
        vm.startPrank(address(timelock));
        vault.setCooldown(ProtocolConstants.MIN_COOLDOWN);
        assertEq(vault.cooldown(), ProtocolConstants.MIN_COOLDOWN);
        vault.setCooldown(ProtocolConstants.MAX_COOLDOWN);
        assertEq(vault.cooldown(), ProtocolConstants.MAX_COOLDOWN);
        vm.stopPrank();
    }

    function test_RevertWhen_settingCooldownBelowMinimum() public {
        uint64 value = ProtocolConstants.MIN_COOLDOWN - 1;
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownOutOfRange.selector,
                value,
                ProtocolConstants.MIN_COOLDOWN,
                ProtocolConstants.MAX_COOLDOWN
            )
        );
        vault.setCooldown(value);
        assertEq(vault.cooldown(), COOLDOWN);
    }

    function test_RevertWhen_settingCooldownAboveMaximum() public {
        uint64 value = ProtocolConstants.MAX_COOLDOWN + 1;
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownOutOfRange.selector,
                value,
                ProtocolConstants.MIN_COOLDOWN,
                ProtocolConstants.MAX_COOLDOWN
            )
        );
        vault.setCooldown(value);
        assertEq(vault.cooldown(), COOLDOWN);
    }

    function testFuzz_RevertWhen_settingCooldownOutOfRange(uint64 value) public {
        // Half of the runs below the range, half above.
        value = value % 2 == 0
            ? uint64(bound(value, 0, ProtocolConstants.MIN_COOLDOWN - 1))
            : uint64(bound(value, ProtocolConstants.MAX_COOLDOWN + 1, type(uint64).max));
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStakingVault.StakingCooldownOutOfRange.selector,
                value,
                ProtocolConstants.MIN_COOLDOWN,
                ProtocolConstants.MAX_COOLDOWN
            )
        );
        vault.setCooldown(value);
    }
}

contract StakingVaultRewardsTest is StakingVaultTestBase {
    /// @dev The first notification closes the interval in which both staked: their stake was not there for all of it,
    /// so the 40 are carried. The second interval they were staked throughout: 40 + 40 over 400 of earning stake.
    function test_notifyReward_splitsProRataByEarningStake() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 300 ether);
        _prepareNotify(40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 0, 40 ether, 0, 0, 40 ether);
        vm.prank(notifier);
        vault.notifyReward(40 ether);
        assertEq(vault.earned(alice), 0);
        assertEq(vault.earned(bob), 0);

        _prepareNotify(40 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 1, 40 ether, 400 ether, 0.2 ether, 0);
        vm.prank(notifier);
        vault.notifyReward(40 ether);
        assertEq(vault.earned(alice), 20 ether);
        assertEq(vault.earned(bob), 60 ether);
        assertEq(vault.rewardsOutstanding(), 80 ether);
        assertEq(vault.rewardPerToken(), 0.2 ether);
        _assertSolvent();
    }

    function test_notifyReward_paysOnlyStakePresentForTheWholeInterval() public {
        _fundAndStake(alice, 100 ether);
        _notify(30 ether); // nobody staked throughout: carried
        _fundAndStake(bob, 200 ether);
        _notify(30 ether); // alice alone: 30 + 30 carried
        _fundAndStake(carol, 100 ether);
        _notify(30 ether); // alice 1/3, bob 2/3
        _notify(40 ether); // alice 1/4, bob 1/2, carol 1/4
        assertEq(vault.earned(alice), 60 ether + 10 ether + 10 ether);
        assertEq(vault.earned(bob), 20 ether + 20 ether);
        assertEq(vault.earned(carol), 10 ether);
        assertEq(vault.rewardsOutstanding(), 130 ether);
    }

    function test_notifyReward_whileNothingEarnsIsCarriedToNextDistribution() public {
        _prepareNotify(50 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 0, 50 ether, 0, 0, 50 ether);
        vm.prank(notifier);
        vault.notifyReward(50 ether);
        assertEq(vault.rewardPerToken(), 0);
        assertEq(vault.rewardsOutstanding(), 50 ether);
        _assertSolvent();

        // The first staker does not receive the carried pool by merely staking, nor with the notification that
        // closes the interval it staked in...
        _fundAndStake(alice, 100 ether);
        assertEq(vault.earned(alice), 0);
        _notify(10 ether);
        assertEq(vault.earned(alice), 0);
        // ...but it is distributed, whole, with the first notification of an interval it was staked throughout.
        _notify(5 ether);
        assertEq(vault.earned(alice), 65 ether);
        _assertSolvent();
    }

    /// @dev 99 wei plus 1 carried over 3e18 of stake: 33 wei per token, 99 distributed, 1 carried. The next 2 wei plus
    /// the carried 1 divide exactly, so every wei notified ends up claimable.
    function test_notifyReward_carriesRoundingDust() public {
        _fundAndStake(alice, 1 ether);
        _fundAndStake(bob, 2 ether);
        _notify(1); // closes the interval they staked in: carried

        _prepareNotify(99);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 1, 99, 3 ether, 33, 1);
        vm.prank(notifier);
        vault.notifyReward(99);
        assertEq(vault.earned(alice), 33);
        assertEq(vault.earned(bob), 66);
        assertEq(vault.rewardsOutstanding(), 100);

        _prepareNotify(2);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardNotified(notifier, 2, 2, 3 ether, 34, 0);
        vm.prank(notifier);
        vault.notifyReward(2);
        assertEq(vault.earned(alice), 34);
        assertEq(vault.earned(bob), 68);
        assertEq(vault.rewardsOutstanding(), 102);
        _assertSolvent();
    }

    /// @dev With little stake, the accumulator's per-notification rounding is worth less than a wei of the pool, yet
    /// a staker accrues the fractional parts summed over notifications. Counting those fractions as undistributed as
    /// well would promise them twice: 3 wei of stake and three 1-wei notifications would make the staker owed 4 wei
    /// of the 3 notified, and its claim would revert. What is owed must never exceed what was notified.
    function test_claimRewards_neverPaysMoreThanNotifiedWithTinyStake() public {
        _fundAndStake(alice, 3);
        _notify(1); // closes the interval alice staked in: carried
        _notify(1);
        _notify(1);
        _notify(1);
        assertLe(vault.earned(alice), vault.rewardsOutstanding());
        assertLe(vault.earned(alice), 3);

        uint256 earned = vault.earned(alice);
        vm.prank(alice);
        assertEq(vault.claimRewards(alice), earned);
        _assertSolvent();
    }

    function test_RevertWhen_notifyingZeroReward() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(notifier);
        vm.expectRevert(IStakingVault.StakingZeroAmount.selector);
        vault.notifyReward(0);
        assertEq(_stateOf(alice), before);
    }

    function test_claimRewards_paysReceiverAndResets() public {
        _fundAndStake(alice, 100 ether);
        _notify(4 ether); // closes the interval alice staked in: carried
        _notify(6 ether);
        vm.expectEmit(address(vault));
        emit IStakingVault.RewardClaimed(alice, receiver, 10 ether);
        vm.prank(alice);
        assertEq(vault.claimRewards(receiver), 10 ether);

        assertEq(token.balanceOf(receiver), 10 ether);
        assertEq(vault.earned(alice), 0);
        assertEq(vault.rewardsOutstanding(), 0);
        assertEq(vault.activeStakeOf(alice), 100 ether, "claiming leaves the stake alone");
        _assertSolvent();

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingNothingToClaim.selector, alice));
        vault.claimRewards(receiver);
    }

    function test_claimRewards_afterFullUnstakeKeepsWhatWasEarned() public {
        _fundAndStake(alice, 100 ether);
        _fundAndStake(bob, 100 ether);
        _notify(4 ether); // closes the interval they staked in: carried
        _notify(6 ether);
        _unstake(alice, 100 ether);
        _notify(10 ether);
        vm.prank(alice);
        assertEq(vault.claimRewards(alice), 5 ether);
        vm.prank(bob);
        assertEq(vault.claimRewards(bob), 15 ether);
        assertEq(vault.rewardsOutstanding(), 0);
        _assertSolvent();
    }

    function test_RevertWhen_claimingWithNothingEarned() public {
        _fundAndStake(alice, 100 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakingVault.StakingNothingToClaim.selector, alice));
        vault.claimRewards(alice);
        assertEq(_stateOf(alice), before);
    }

    function test_RevertWhen_claimingToZeroAddress() public {
        _fundAndStake(alice, 100 ether);
        _notify(10 ether); // closes the interval alice staked in: carried
        _notify(10 ether);
        assertEq(vault.earned(alice), 20 ether);
        bytes32 before = _stateOf(alice);
        vm.prank(alice);
        vm.expectRevert(IStakingVault.StakingZeroAddress.selector);
        vault.claimRewards(address(0));
        assertEq(_stateOf(alice), before);
    }
}
