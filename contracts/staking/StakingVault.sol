// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {OperatorSet} from "./OperatorSet.sol";

/// @title StakingVault
/// @notice Holds staked governance tokens. Active stake carries non-transferable, delegable voting power (ERC-5805
/// checkpoints on a timestamp clock), earns rewards through a reward-per-token accumulator, and bonds oracle
/// operators. Unstaking waits out a governable cooldown; stake in cooldown has no votes and earns nothing, but the
/// slasher (the inference coordinator) can still take it.
/// @dev Accounting identity, checked by the invariant tests: the vault's token balance equals
/// totalActiveStake + totalCooldownStake + rewardsOutstanding (to the wei, barring direct donations).
contract StakingVault is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    VotesUpgradeable,
    OperatorSet,
    IStakingVault
{
    using SafeERC20 for IERC20;

    /// @notice May slash stake: granted to the inference coordinator.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");

    /// @dev Precision of the reward accumulator.
    uint256 private constant REWARD_PRECISION = 1e18;

    struct Cooldown {
        uint192 amount;
        uint64 unlockAt;
    }

    /// @custom:storage-location erc7201:symbiote.storage.StakingVault
    struct StakingVaultStorage {
        IERC20 token;
        uint64 cooldown;
        uint256 totalActive;
        uint256 totalCooldown;
        mapping(address account => uint256) active;
        mapping(address account => Cooldown) cooldowns;
        // Rewards: accumulator of rewards per unit of active stake, scaled by REWARD_PRECISION.
        uint256 rewardPerToken;
        // Rounding dust and rewards notified while nobody stakes, carried into the next distribution.
        uint256 undistributed;
        // Notified minus claimed: what the vault owes in rewards (accrued + not yet accrued + undistributed).
        uint256 rewardsOutstanding;
        mapping(address account => uint256) rewardPerTokenPaid;
        mapping(address account => uint256) accrued;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.StakingVault")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STAKING_VAULT_STORAGE = 0xcd6c0d7f719a480b007433f5c7cc24c2a353bbc4e61b8f002f72550583b09800;

    function _vaultStorage() private pure returns (StakingVaultStorage storage $) {
        assembly {
            $.slot := STAKING_VAULT_STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the vault behind its proxy.
    /// @param token_ The governance token staked and paid as rewards.
    /// @param admin Receives the admin role (governance: the timelock, or the deployer until it hands over).
    /// @param cooldown_ Unstake cooldown in seconds.
    /// @param minOperatorStake_ Minimum active stake of an eligible operator.
    function initialize(address token_, address admin, uint64 cooldown_, uint256 minOperatorStake_)
        external
        initializer
    {
        if (token_ == address(0) || admin == address(0)) revert StakingZeroAddress();
        __AccessControl_init();
        __EIP712_init("Symbiote Staked Votes", "1");
        __Votes_init();
        __OperatorSet_init(minOperatorStake_);
        _vaultStorage().token = IERC20(token_);
        _setCooldown(cooldown_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /* ------------------------------------------------------------------ */
    /*                               STAKING                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IStakingVault
    function stake(uint256 amount) external {
        _stake(msg.sender, msg.sender, amount);
    }

    /// @inheritdoc IStakingVault
    function stakeFor(address account, uint256 amount) external {
        _stake(account, msg.sender, amount);
    }

    /// @inheritdoc IStakingVault
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        // A front-run permit (someone else submitted it first) leaves the allowance in place: ignore its failure
        // and let the transfer decide.
        try IERC20Permit(address(_vaultStorage().token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {}
            catch {}
        _stake(msg.sender, msg.sender, amount);
    }

    /// @inheritdoc IStakingVault
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        uint256 available = $.active[msg.sender];
        if (amount > available) revert StakingInsufficientActiveStake(msg.sender, amount, available);
        _accrue($, msg.sender);

        $.active[msg.sender] = available - amount;
        $.totalActive -= amount;
        Cooldown storage pending = $.cooldowns[msg.sender];
        uint192 pendingAmount = pending.amount + SafeCast.toUint192(amount);
        uint64 unlockAt = uint64(block.timestamp) + $.cooldown;
        pending.amount = pendingAmount;
        pending.unlockAt = unlockAt;
        $.totalCooldown += amount;

        _transferVotingUnits(msg.sender, address(0), amount);
        _syncWeight(msg.sender);
        emit UnstakeRequested(msg.sender, amount, pendingAmount, unlockAt);
    }

    /// @inheritdoc IStakingVault
    function withdraw(address receiver) external returns (uint256 amount) {
        if (receiver == address(0)) revert StakingZeroAddress();
        StakingVaultStorage storage $ = _vaultStorage();
        Cooldown memory pending = $.cooldowns[msg.sender];
        if (pending.amount == 0) revert StakingNothingToWithdraw(msg.sender);
        if (block.timestamp < pending.unlockAt) {
            revert StakingCooldownActive(msg.sender, pending.unlockAt, uint64(block.timestamp));
        }
        amount = pending.amount;
        delete $.cooldowns[msg.sender];
        $.totalCooldown -= amount;
        $.token.safeTransfer(receiver, amount);
        emit Withdrawn(msg.sender, receiver, amount);
    }

    /// @inheritdoc IStakingVault
    function slash(address account, uint256 amount, address recipient)
        external
        onlyRole(SLASHER_ROLE)
        returns (uint256 slashed)
    {
        if (account == address(0) || recipient == address(0)) revert StakingZeroAddress();
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        _accrue($, account);

        uint256 active = $.active[account];
        uint256 fromActive = Math.min(amount, active);
        if (fromActive != 0) {
            $.active[account] = active - fromActive;
            $.totalActive -= fromActive;
            _transferVotingUnits(account, address(0), fromActive);
            _syncWeight(account);
        }
        uint256 fromCooldown;
        if (fromActive < amount) {
            Cooldown storage pending = $.cooldowns[account];
            fromCooldown = Math.min(amount - fromActive, pending.amount);
            if (fromCooldown != 0) {
                // forge-lint: disable-next-line(unsafe-typecast)
                pending.amount -= uint192(fromCooldown); // fromCooldown <= pending.amount, itself a uint192
                $.totalCooldown -= fromCooldown;
            }
        }
        slashed = fromActive + fromCooldown;
        if (slashed != 0) {
            $.token.safeTransfer(recipient, slashed);
            emit Slashed(account, msg.sender, recipient, fromActive, fromCooldown);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               REWARDS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IStakingVault
    function notifyReward(uint256 amount) external {
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        $.token.safeTransferFrom(msg.sender, address(this), amount);
        $.rewardsOutstanding += amount;

        uint256 pool = $.undistributed + amount;
        uint256 total = $.totalActive;
        if (total == 0) {
            $.undistributed = pool;
        } else {
            uint256 increment = Math.mulDiv(pool, REWARD_PRECISION, total);
            // What stakers can ever claim from this increment, rounded up: a staker's claim floors
            // stake * (sum of increments), which can collect the fractional wei of several increments, so counting a
            // fraction as undistributed too would promise it twice. The whole wei left waits for the next one.
            uint256 distributed = Math.mulDiv(increment, total, REWARD_PRECISION, Math.Rounding.Ceil);
            $.undistributed = pool - distributed;
            $.rewardPerToken += increment;
        }
        emit RewardNotified(msg.sender, amount, $.rewardPerToken, $.undistributed);
    }

    /// @inheritdoc IStakingVault
    function claimRewards(address receiver) external returns (uint256 amount) {
        if (receiver == address(0)) revert StakingZeroAddress();
        StakingVaultStorage storage $ = _vaultStorage();
        _accrue($, msg.sender);
        amount = $.accrued[msg.sender];
        if (amount == 0) revert StakingNothingToClaim(msg.sender);
        $.accrued[msg.sender] = 0;
        $.rewardsOutstanding -= amount;
        $.token.safeTransfer(receiver, amount);
        emit RewardClaimed(msg.sender, receiver, amount);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IStakingVault
    function setCooldown(uint64 cooldown_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCooldown(cooldown_);
    }

    /// @inheritdoc IOperatorRegistry
    function setMinOperatorStake(uint256 minimum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinOperatorStake(minimum);
    }

    /// @inheritdoc IStakingVault
    function recoverExcess(address token_, address receiver, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token_ == address(0) || receiver == address(0)) revert StakingZeroAddress();
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        uint256 balance = IERC20(token_).balanceOf(address(this));
        uint256 owed = token_ == address($.token) ? $.totalActive + $.totalCooldown + $.rewardsOutstanding : 0;
        uint256 excess = balance > owed ? balance - owed : 0;
        if (amount > excess) revert StakingNoExcess(token_, amount, excess);
        IERC20(token_).safeTransfer(receiver, amount);
        emit ExcessRecovered(token_, receiver, amount);
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IStakingVault
    function token() external view returns (address) {
        return address(_vaultStorage().token);
    }

    /// @inheritdoc IStakingVault
    function activeStakeOf(address account) external view returns (uint256) {
        return _vaultStorage().active[account];
    }

    /// @inheritdoc IStakingVault
    function cooldownOf(address account) external view returns (uint256 amount, uint64 unlockAt) {
        Cooldown memory pending = _vaultStorage().cooldowns[account];
        return (pending.amount, pending.unlockAt);
    }

    /// @inheritdoc IStakingVault
    function totalActiveStake() external view returns (uint256) {
        return _vaultStorage().totalActive;
    }

    /// @inheritdoc IStakingVault
    function totalCooldownStake() external view returns (uint256) {
        return _vaultStorage().totalCooldown;
    }

    /// @inheritdoc IStakingVault
    function rewardsOutstanding() external view returns (uint256) {
        return _vaultStorage().rewardsOutstanding;
    }

    /// @inheritdoc IStakingVault
    function earned(address account) external view returns (uint256) {
        StakingVaultStorage storage $ = _vaultStorage();
        return $.accrued[account] + _pending($, account);
    }

    /// @inheritdoc IStakingVault
    function rewardPerToken() external view returns (uint256) {
        return _vaultStorage().rewardPerToken;
    }

    /// @inheritdoc IStakingVault
    function cooldown() external view returns (uint64) {
        return _vaultStorage().cooldown;
    }

    /// @notice Voting power follows the timestamp (ERC-6372), so governance periods are in seconds on any chain.
    function clock() public view override(IERC6372, VotesUpgradeable) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // forge-lint: disable-next-line(mixed-case-function)
    function CLOCK_MODE() public pure override(IERC6372, VotesUpgradeable) returns (string memory) {
        return "mode=timestamp";
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _stake(address account, address payer, uint256 amount) private {
        if (account == address(0)) revert StakingZeroAddress();
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        if ($.totalActive + $.totalCooldown + amount > type(uint208).max) revert StakingAmountTooLarge(amount);
        _accrue($, account);
        $.token.safeTransferFrom(payer, address(this), amount);

        // Self-delegate on first stake unless the account already chose a delegate. This must happen before the
        // units move: `_delegate` moves the account's current units, which do not yet include `amount`.
        if (delegates(account) == address(0)) _delegate(account, account);
        $.active[account] += amount;
        $.totalActive += amount;
        _transferVotingUnits(address(0), account, amount);
        _syncWeight(account);
        emit Staked(account, payer, amount);
    }

    /// @dev Settles `account`'s rewards up to the current accumulator before its active stake changes.
    function _accrue(StakingVaultStorage storage $, address account) private {
        uint256 pending = _pending($, account);
        if (pending != 0) $.accrued[account] += pending;
        $.rewardPerTokenPaid[account] = $.rewardPerToken;
    }

    function _pending(StakingVaultStorage storage $, address account) private view returns (uint256) {
        return Math.mulDiv($.active[account], $.rewardPerToken - $.rewardPerTokenPaid[account], REWARD_PRECISION);
    }

    function _setCooldown(uint64 cooldown_) private {
        if (cooldown_ < ProtocolConstants.MIN_COOLDOWN || cooldown_ > ProtocolConstants.MAX_COOLDOWN) {
            revert StakingCooldownOutOfRange(cooldown_, ProtocolConstants.MIN_COOLDOWN, ProtocolConstants.MAX_COOLDOWN);
        }
        StakingVaultStorage storage $ = _vaultStorage();
        emit CooldownUpdated($.cooldown, cooldown_);
        $.cooldown = cooldown_;
    }

    function _activeStakeOf(address account) internal view override returns (uint256) {
        return _vaultStorage().active[account];
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _vaultStorage().active[account];
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
