// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {IStakingVault} from "../../../../contracts/interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {StakingVault} from "../../../../contracts/staking/StakingVault.sol";
import {SymbioteToken} from "../../../../contracts/token/SymbioteToken.sol";
import {IntervalRewardModel} from "../../utils/IntervalRewardModel.sol";

/// @notice Drives the vault with a few actors and records what the vault should look like in ghost variables.
/// @dev Every action picks an actor from a seed and bounds its amounts so that it rarely reverts; a third of the
/// amounts are tiny (≤ 1e6 wei), where reward rounding is the coarsest. Each action is a handful of calls, so that
/// the ci profile (256 runs × 50 calls) stays fast.
contract StakingVaultHandler is CommonBase, StdCheats, StdUtils {
    using IntervalRewardModel for IntervalRewardModel.State;

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
    /// @dev Settlements of an account's rewards (stake, unstake, slash, claim); each floors its earning and its
    /// maturing part, less than a wei away each.
    uint256 public ghostAccruals;
    /// @dev What each actor has claimed.
    mapping(address account => uint256) public ghostClaimed;
    /// @dev Active stake as told by the vault's Transfer events: minted on stake, burned on unstake and slash.
    uint256 public ghostMinted;
    uint256 public ghostBurned;
    mapping(address account => uint256) public ghostTransferBalance;
    /// @dev Transfer events between two nonzero accounts, or outside the actions that change active stake: must
    /// stay 0.
    uint256 public ghostStrayTransfers;
    /// @dev What each actor is owed, modelled from its least active stake in each interval.
    IntervalRewardModel.State internal model;
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

    /// @dev Each actor's selection weight by the rule: its active stake while registered and at or above the minimum,
    /// else 0; and a zero weight rises only by the operator's own act (its stake, registration or sync), never by
    /// stake someone else paid in, a stranger's sync or a lower minimum.
    mapping(address account => uint256) public ghostWeight;

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
        model.init(vault_, actors);
    }

    function getActors() external view returns (address[] memory) {
        return actors;
    }

    /// @dev The stake `account` had throughout the open interval, per the model.
    function modelEarning(address account) external view returns (uint256) {
        return model.earning(account);
    }

    /// @dev The most and the least `account` may have earned in total (claimed or not), per the model.
    function modelBounds(address account) external view returns (uint256 lower, uint256 upper) {
        return (model.lowerBound(account), model.upperBound(account));
    }

    /* -------------------------------- actions ------------------------------- */

    function stake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        amount = _amount(amount);
        _fund(actor, amount);
        vm.startPrank(actor);
        token.approve(address(vault), amount);
        vm.recordLogs();
        vault.stake(amount);
        vm.stopPrank();
        _recordTransfers();
        _modelWeight(actor, true);
        model.settled(actor);
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
        vm.recordLogs();
        vault.stakeFor(account, amount);
        vm.stopPrank();
        _recordTransfers();
        _modelWeight(account, payer == account);
        model.settled(account);
        ++ghostAccruals;
        ++calls["stakeFor"];
    }

    function requestUnstake(uint256 actorSeed, uint256 amount) external {
        address actor = _actor(actorSeed);
        uint256 active = vault.activeStakeOf(actor);
        if (active == 0) return;
        amount = bound(amount, 1, active);
        vm.recordLogs();
        vm.prank(actor);
        vault.requestUnstake(amount);
        _recordTransfers();
        _modelWeight(actor, false);
        model.stakeChanged(actor);
        model.settled(actor);
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
        vm.recordLogs();
        vm.prank(slasher);
        uint256 slashed = vault.slash(actor, amount, slashRecipient);
        _recordTransfers();
        _modelWeight(actor, false);
        model.stakeChanged(actor);
        model.settled(actor);
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
        model.notified(amount);
        ++ghostNotifications;
        ++calls["notifyReward"];
    }

    function claimRewards(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (vault.earned(actor) == 0) return;
        vm.prank(actor);
        ghostClaimed[actor] += vault.claimRewards(actor);
        model.settled(actor);
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
        _modelWeight(actor, true);
        ++calls["registerOperator"];
    }

    function deregisterOperator(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        if (!vault.operatorInfo(actor).registered) return;
        vm.prank(actor);
        vault.deregisterOperator();
        ghostWeight[actor] = 0;
        ++calls["deregisterOperator"];
    }

    /// @dev Syncs `actorSeed`'s operator, called by itself or by another actor.
    function syncOperator(uint256 callerSeed, uint256 actorSeed) external {
        address caller = _actor(callerSeed);
        address actor = _actor(actorSeed);
        if (!vault.operatorInfo(actor).registered) return;
        vm.prank(caller);
        vault.syncOperator(actor);
        _modelWeight(actor, caller == actor);
        ++calls[caller == actor ? bytes32("syncOperator.own") : bytes32("syncOperator.stranger")];
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
        for (uint256 i; i < actors.length; ++i) {
            _modelWeight(actors[i], false);
        }
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

    /// @dev Adds up the vault's Transfer events recorded since `vm.recordLogs()`.
    function _recordTransfers() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(vault) || logs[i].topics[0] != IStakingVault.Transfer.selector) continue;
            address from = address(uint160(uint256(logs[i].topics[1])));
            address to = address(uint160(uint256(logs[i].topics[2])));
            uint256 value = abi.decode(logs[i].data, (uint256));
            if (from == address(0) && to != address(0)) {
                ghostMinted += value;
                ghostTransferBalance[to] += value;
            } else if (to == address(0) && from != address(0)) {
                ghostBurned += value;
                ghostTransferBalance[from] -= value;
            } else {
                ++ghostStrayTransfers;
            }
        }
    }

    /// @dev Moves `account`'s modelled weight to what its stake gives, unless it is 0 and this is not `byOperator`.
    function _modelWeight(address account, bool byOperator) internal {
        if (ghostWeight[account] == 0 && !byOperator) return;
        uint256 active = vault.activeStakeOf(account);
        bool eligible = vault.operatorInfo(account).registered && active >= vault.minOperatorStake();
        ghostWeight[account] = eligible ? active : 0;
    }

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
