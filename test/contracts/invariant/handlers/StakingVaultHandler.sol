// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {SymbioteToken} from "../../../../contracts/token/SymbioteToken.sol";

/// @notice Drives the vault with a few actors and records what the vault should look like in ghost variables.
/// @dev Every action picks an actor from a seed and bounds its amounts so that it rarely reverts; a third of the
/// amounts are tiny (≤ 1e6 wei), where reward rounding is the coarsest. Each action is a handful of calls, so that
/// the ci profile (256 runs × 50 calls) stays fast.
contract StakingVaultHandler is CommonBase, StdCheats, StdUtils {
    StakingVault internal immutable vault;
    SymbioteToken internal immutable token;
    address internal immutable treasury;
    address internal immutable slasher;
    address internal immutable governance;

    address public immutable notifier = makeAddr("handler.notifier");
    address public immutable slashRecipient = makeAddr("handler.slashRecipient");

    address[] internal actors;

    /* ---------------------------- ghost variables --------------------------- */

    /// @dev Total the slasher reported taking; the recipient must hold exactly this.
    uint256 public ghostSlashed;
    /// @dev Slashes that took other than active-first-then-cooldown, or paid the recipient other than what they
    /// reported: must stay 0.
    uint256 public ghostSlashMismatches;
    /// @dev Reward notifications; each rounds the distributed amount up by less than a wei.
    uint256 public ghostNotifications;
    /// @dev Settlements of an account's rewards (stake, unstake, slash, claim); each floors less than a wei away.
    uint256 public ghostAccruals;
    /// @dev Successful withdrawals made before the unlock time the vault announced: must stay 0.
    uint256 public ghostEarlyWithdrawals;
    /// @dev Withdrawals that returned an amount other than the pending cooldown stake: must stay 0.
    uint256 public ghostWrongWithdrawals;
    /// @dev Stake each actor should have in cooldown, and when it unlocks.
    mapping(address account => uint256) public ghostPending;
    mapping(address account => uint256) public ghostUnlockAt;

    /// @dev A snapshot taken just before time moves on: a timestamp that is now in the past, the active stake and
    /// each actor's votes at its end.
    uint256 public ghostPastTimestamp;
    uint256 public ghostPastTotalActive;
    mapping(address account => uint256) public ghostPastVotes;

    mapping(bytes32 action => uint256) public calls;

    constructor(
        StakingVault vault_,
        SymbioteToken token_,
        address treasury_,
        address slasher_,
        address governance_,
        uint256 actorCount
    ) {
        vault = vault_;
        token = token_;
        treasury = treasury_;
        slasher = slasher_;
        governance = governance_;
        for (uint256 i; i < actorCount; ++i) {
            actors.push(makeAddr(string.concat("actor", vm.toString(i))));
        }
    }

    function getActors() external view returns (address[] memory) {
        return actors;
    }

    /* -------------------------------- actions ------------------------------- */

    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = _amount(amount);
        _fund(actor, amount);
        vm.startPrank(actor);
        token.approve(address(vault), amount);
        vault.stake(amount);
        vm.stopPrank();
        ++ghostAccruals;
        ++calls["stake"];
    }

    function stakeFor(uint256 payerSeed, uint256 accountSeed, uint256 amount) external {
        address payer = _actor(payerSeed);
        address account = _actor(accountSeed);
        amount = _amount(amount);
        _fund(payer, amount);
        vm.startPrank(payer);
        token.approve(address(vault), amount);
        vault.stakeFor(account, amount);
        vm.stopPrank();
        ++ghostAccruals;
        ++calls["stakeFor"];
    }

    function requestUnstake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 active = vault.activeStakeOf(actor);
        if (active == 0) return;
        amount = bound(amount, 1, active);
        vm.prank(actor);
        vault.requestUnstake(amount);
        ghostPending[actor] += amount;
        ghostUnlockAt[actor] = block.timestamp + vault.cooldown();
        ++ghostAccruals;
        ++calls["requestUnstake"];
    }

    /// @dev Tries to withdraw whether or not the cooldown has passed: the vault must refuse early attempts.
    function withdraw(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        vm.prank(actor);
        try vault.withdraw(actor) returns (uint256 amount) {
            if (block.timestamp < ghostUnlockAt[actor]) ++ghostEarlyWithdrawals;
            if (amount != ghostPending[actor]) ++ghostWrongWithdrawals;
            ghostPending[actor] = 0;
            ++calls["withdraw"];
        } catch {
            ++calls["withdraw.refused"];
        }
    }

    function slash(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 active = vault.activeStakeOf(actor);
        // Up to a bit more than the actor holds, so that the cap is exercised too.
        amount = bound(amount, 1, active + ghostPending[actor] + 1000);
        uint256 recipientBefore = token.balanceOf(slashRecipient);
        vm.prank(slasher);
        uint256 slashed = vault.slash(actor, amount, slashRecipient);
        // Active stake goes first; the rest comes out of cooldown, capped at what is pending there.
        uint256 fromActive = amount < active ? amount : active;
        uint256 fromCooldown = amount - fromActive < ghostPending[actor] ? amount - fromActive : ghostPending[actor];
        ghostPending[actor] -= fromCooldown;
        if (slashed != fromActive + fromCooldown) ++ghostSlashMismatches;
        if (token.balanceOf(slashRecipient) - recipientBefore != slashed) ++ghostSlashMismatches;
        ghostSlashed += slashed;
        ++ghostAccruals;
        ++calls["slash"];
    }

    function notifyReward(uint256 amount) external {
        amount = _amount(amount);
        _fund(notifier, amount);
        vm.startPrank(notifier);
        token.approve(address(vault), amount);
        vault.notifyReward(amount);
        vm.stopPrank();
        ++ghostNotifications;
        ++calls["notifyReward"];
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (vault.earned(actor) == 0) return;
        vm.prank(actor);
        vault.claimRewards(actor);
        ++ghostAccruals;
        ++calls["claimRewards"];
    }

    /// @dev Delegation stays among the actors, so that their votes account for all active stake.
    function delegate(uint256 actorSeed, uint256 delegateeSeed) external {
        address actor = _actor(actorSeed);
        vm.prank(actor);
        vault.delegate(_actor(delegateeSeed));
        ++calls["delegate"];
    }

    function registerOperator(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (vault.operatorInfo(actor).registered || vault.activeStakeOf(actor) < vault.minOperatorStake()) return;
        vm.prank(actor);
        vault.registerOperator("https://operator.example", abi.encodePacked(bytes1(0x02), bytes32(actorSeed)));
        ++calls["registerOperator"];
    }

    function deregisterOperator(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (!vault.operatorInfo(actor).registered) return;
        vm.prank(actor);
        vault.deregisterOperator();
        ++calls["deregisterOperator"];
    }

    function setCooldown(uint256 cooldown) external {
        cooldown = bound(cooldown, ProtocolConstants.MIN_COOLDOWN, ProtocolConstants.MAX_COOLDOWN);
        vm.prank(governance);
        // forge-lint: disable-next-line(unsafe-typecast)
        vault.setCooldown(uint64(cooldown)); // bounded to at most MAX_COOLDOWN
        ++calls["setCooldown"];
    }

    function setMinOperatorStake(uint256 minimum) external {
        minimum = bound(minimum, 1, 100_000 ether);
        vm.prank(governance);
        vault.setMinOperatorStake(minimum);
        ++calls["setMinOperatorStake"];
    }

    /// @dev Moves time forward, first recording the state at the end of the current timestamp: the invariants then
    /// read it back through getPastTotalSupply / getPastVotes.
    function warp(uint256 seconds_) external {
        seconds_ = bound(seconds_, 1, 20 days);
        ghostPastTimestamp = block.timestamp;
        ghostPastTotalActive = vault.totalActiveStake();
        for (uint256 i; i < actors.length; ++i) {
            ghostPastVotes[actors[i]] = vault.getVotes(actors[i]);
        }
        vm.warp(block.timestamp + seconds_);
        ++calls["warp"];
    }

    /* -------------------------------- helpers ------------------------------- */

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev A third tiny (1 wei .. 1e6 wei), the rest up to a million tokens.
    function _amount(uint256 seed) internal pure returns (uint256) {
        return seed % 3 == 0 ? bound(seed, 1, 1e6) : bound(seed, 1, 1_000_000 ether);
    }

    function _fund(address account, uint256 amount) internal {
        vm.prank(treasury);
        token.transfer(account, amount);
    }
}
