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
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {IOperatorVault} from "../interfaces/IOperatorVault.sol";
import {ISlashExposure} from "../interfaces/ISlashExposure.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {RewardAccumulator} from "../libraries/RewardAccumulator.sol";
import {OperatorSet} from "./OperatorSet.sol";

/// @title StakingVault
/// @notice Holds staked governance tokens. Active stake carries non-transferable, delegable voting power (ERC-5805
/// checkpoints on a timestamp clock), earns rewards through a reward-per-token accumulator, and bonds oracle
/// operators. Unstaking waits out a governable cooldown; stake in cooldown has no votes and earns nothing, but the
/// slasher (the inference coordinator) can still take it.
/// @dev Rewards are paid per distribution interval (see IStakingVault): each notification closes the open interval,
/// adds its reward per earning token to the accumulator and turns the interval's maturing stake into earning stake.
/// An account's maturing stake is settled lazily: it records the interval it was added in, and the accumulator value
/// at that interval's close is kept, so the account earns exactly from its maturity on however late it next acts.
/// Accounting identity, checked by the invariant tests: the vault's token balance equals
/// totalActiveStake + totalCooldownStake + rewardsOutstanding (to the wei, barring direct donations).
contract StakingVault is
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    VotesUpgradeable,
    OperatorSet,
    IOperatorVault
{
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @notice May slash stake: granted to the inference coordinator.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice May notify rewards, each notification closing a distribution interval: granted to the inference
    /// coordinator, whose notifications carry exactly the stakers' fees earned since its previous one.
    bytes32 public constant REWARD_NOTIFIER_ROLE = keccak256("REWARD_NOTIFIER_ROLE");

    /// @dev Scale of the reward accumulator (the maths is RewardAccumulator's, shared with the data rewards). Fixed for
    /// the vault's lifetime: every account's checkpoint (`rewardPerTokenPaid`) and every interval's closing value are
    /// stored at this scale.
    uint256 private constant REWARD_PRECISION = 1e18;
    /// @dev The staked token's decimals: one unit of stake is one unit of the token.
    uint8 private constant STAKED_DECIMALS = 18;

    struct Cooldown {
        uint192 amount;
        uint64 unlockAt;
    }

    /// @dev The open distribution interval and the stake added during it, in one slot: stake and notify touch both.
    struct Interval {
        uint64 index;
        uint192 maturing;
    }

    /// @dev An account's stake added during interval `interval`; it earns from that interval's close on.
    struct Maturing {
        uint192 amount;
        uint64 interval;
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
        // Appended fields (upgrade-safe: keep new ones below, in order).
        // The open distribution interval. A vault upgraded from the version without intervals starts at index 0 with
        // nothing maturing, so all its stake earns.
        Interval openInterval;
        // Stake each account added during an interval; once that interval has closed it is earning stake, folded in
        // at the account's next settlement.
        mapping(address account => Maturing) maturing;
        // The accumulator when each interval closed, kept only for intervals that had maturing stake: the only ones
        // a lazily-settled account needs.
        mapping(uint64 interval => uint256) rewardPerTokenAtClose;
        // The holders of SLASHER_ROLE, whose slash exposure bounds the cooldown from below.
        EnumerableSet.AddressSet slashers;
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
        _checkCooldownRange(cooldown_);
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
        _removeMaturing($, msg.sender, amount);

        $.active[msg.sender] = available - amount;
        $.totalActive -= amount;
        Cooldown storage pending = $.cooldowns[msg.sender];
        uint192 pendingAmount = pending.amount + SafeCast.toUint192(amount);
        uint64 unlockAt = uint64(block.timestamp) + $.cooldown;
        pending.amount = pendingAmount;
        pending.unlockAt = unlockAt;
        $.totalCooldown += amount;

        _transferVotingUnits(msg.sender, address(0), amount);
        // less stake never raises a weight, even the operator's own: a dormant operator re-arms by staking or syncing
        _syncWeight(msg.sender, false);
        emit UnstakeRequested(msg.sender, amount, pendingAmount, unlockAt);
        emit Transfer(msg.sender, address(0), amount);
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
            _removeMaturing($, account, fromActive);
            $.active[account] = active - fromActive;
            $.totalActive -= fromActive;
            _transferVotingUnits(account, address(0), fromActive);
            _syncWeight(account, false);
            emit Transfer(account, address(0), fromActive);
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
    function notifyReward(uint256 amount) external onlyRole(REWARD_NOTIFIER_ROLE) {
        if (amount == 0) revert StakingZeroAmount();
        StakingVaultStorage storage $ = _vaultStorage();
        $.token.safeTransferFrom(msg.sender, address(this), amount);
        $.rewardsOutstanding += amount;

        // The amount was earned during the interval this call closes, so only stake active throughout it shares it.
        Interval memory closing = $.openInterval;
        uint256 earning = $.totalActive - closing.maturing;
        uint256 pool = $.undistributed + amount;
        uint256 perToken = $.rewardPerToken;
        uint256 undistributed = pool;
        if (earning != 0) {
            // Earning stake changes between notifications, so each one spreads its pool on its own; the whole wei
            // the rounding leaves waits for the next one.
            (uint256 increment, uint256 distributed) = RewardAccumulator.spread(pool, earning, REWARD_PRECISION);
            undistributed = pool - distributed;
            perToken += increment;
            $.rewardPerToken = perToken;
        }
        $.undistributed = undistributed;
        // The closing interval's maturing stake earns from here on; accounts that added it read this value back
        // when they next settle. No maturing stake, no reader: skip the write.
        if (closing.maturing != 0) $.rewardPerTokenAtClose[closing.index] = perToken;
        $.openInterval = Interval({index: closing.index + 1, maturing: 0});
        emit RewardNotified(msg.sender, closing.index, amount, earning, perToken, undistributed);
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
        _checkCooldownRange(cooldown_);
        EnumerableSet.AddressSet storage slashers_ = _vaultStorage().slashers;
        uint256 count = slashers_.length();
        for (uint256 i; i < count; ++i) {
            address slasher = slashers_.at(i);
            uint64 exposure = _slashExposureOf(slasher);
            if (cooldown_ < exposure) revert StakingCooldownBelowSlashExposure(cooldown_, exposure, slasher);
        }
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
    function earningStakeOf(address account) external view returns (uint256) {
        StakingVaultStorage storage $ = _vaultStorage();
        return $.active[account] - _maturingOf($, account);
    }

    /// @inheritdoc IStakingVault
    function maturingStakeOf(address account) external view returns (uint256) {
        return _maturingOf(_vaultStorage(), account);
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
    function totalEarningStake() external view returns (uint256) {
        StakingVaultStorage storage $ = _vaultStorage();
        return $.totalActive - $.openInterval.maturing;
    }

    /// @inheritdoc IStakingVault
    function totalMaturingStake() external view returns (uint256) {
        return _vaultStorage().openInterval.maturing;
    }

    /// @inheritdoc IStakingVault
    function currentInterval() external view returns (uint64) {
        return _vaultStorage().openInterval.index;
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
        uint256 perToken = $.rewardPerToken;
        uint256 paid = $.rewardPerTokenPaid[account];
        return $.accrued[account] + (perToken == paid ? 0 : _pending($, account, perToken, paid));
    }

    /// @inheritdoc IStakingVault
    function rewardPerToken() external view returns (uint256) {
        return _vaultStorage().rewardPerToken;
    }

    /// @inheritdoc IStakingVault
    function cooldown() external view returns (uint64) {
        return _vaultStorage().cooldown;
    }

    /// @inheritdoc IStakingVault
    function slashers() external view returns (address[] memory) {
        return _vaultStorage().slashers.values();
    }

    /// @inheritdoc IStakingVault
    /// @dev Constants rather than derived from the token: deriving costs about 600 bytes of code in a contract close
    /// to the 24,576-byte limit, and the token is fixed at initialization (the Symbiote token, "SYM", 18 decimals).
    function name() external pure returns (string memory) {
        return "Staked Symbiote";
    }

    /// @inheritdoc IStakingVault
    function symbol() external pure returns (string memory) {
        return "stSYM";
    }

    /// @inheritdoc IStakingVault
    function decimals() external pure returns (uint8) {
        return STAKED_DECIMALS;
    }

    /// @inheritdoc IStakingVault
    function totalSupply() external view returns (uint256) {
        return _vaultStorage().totalActive;
    }

    /// @inheritdoc IStakingVault
    function balanceOf(address account) external view returns (uint256) {
        return _vaultStorage().active[account];
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
        // New stake votes at once but earns from the next interval on: the notification closing this one pays fees
        // earned (partly) before it arrived. `_accrue` folded any matured stake, so what is left is this interval's.
        Interval storage open = $.openInterval;
        open.maturing = SafeCast.toUint192(open.maturing + amount);
        Maturing storage added = $.maturing[account];
        added.amount = SafeCast.toUint192(added.amount + amount);
        added.interval = open.index;
        _transferVotingUnits(address(0), account, amount);
        // stake someone else pays for raises a dormant operator's weight only once the operator syncs itself
        _syncWeight(account, payer == account);
        emit Staked(account, payer, amount);
        emit Transfer(address(0), account, amount);
    }

    /// @dev Settles `account`'s rewards up to the current accumulator before its active stake changes, and folds
    /// stake that has matured since into its earning stake. Afterwards the account's maturing stake, if any, was
    /// added during the open interval.
    function _accrue(StakingVaultStorage storage $, address account) private {
        uint256 perToken = $.rewardPerToken;
        uint256 paid = $.rewardPerTokenPaid[account];
        // The accumulator only moves when an interval closes with earning stake; otherwise nothing is owed.
        if (perToken != paid) {
            uint256 pending = _pending($, account, perToken, paid);
            if (pending != 0) $.accrued[account] += pending;
            $.rewardPerTokenPaid[account] = perToken;
        }
        Maturing memory added = $.maturing[account];
        if (added.amount != 0 && added.interval != $.openInterval.index) delete $.maturing[account];
    }

    /// @dev Rewards `account` earned since it last settled, when the accumulator moved from `paid` to `perToken`.
    /// Its earning stake earned over the whole move; its maturing stake, if any, only from the close of the interval
    /// it was added in (the move implies that interval has closed: the settlement that recorded it set `paid`).
    /// Each part is floored, so the account is never owed more than its exact share.
    function _pending(StakingVaultStorage storage $, address account, uint256 perToken, uint256 paid)
        private
        view
        returns (uint256)
    {
        uint256 active = $.active[account];
        Maturing memory added = $.maturing[account];
        if (added.amount == 0) return RewardAccumulator.earned(active, paid, perToken, REWARD_PRECISION);
        uint256 maturedAt = $.rewardPerTokenAtClose[added.interval];
        return RewardAccumulator.earned(active - added.amount, paid, perToken, REWARD_PRECISION)
            + RewardAccumulator.earned(added.amount, maturedAt, perToken, REWARD_PRECISION);
    }

    /// @dev Takes `amount` of `account`'s leaving active stake out of its maturing stake first, so that stake added
    /// this interval leaves before stake that has earned through it. Call after `_accrue`.
    function _removeMaturing(StakingVaultStorage storage $, address account, uint256 amount) private {
        Maturing storage added = $.maturing[account];
        uint192 maturing = added.amount;
        if (maturing == 0) return;
        // forge-lint: disable-next-line(unsafe-typecast)
        uint192 taken = amount < maturing ? uint192(amount) : maturing; // amount < maturing, itself a uint192
        added.amount = maturing - taken;
        $.openInterval.maturing -= taken;
    }

    /// @dev `account`'s stake that is still maturing: added during the open interval.
    function _maturingOf(StakingVaultStorage storage $, address account) private view returns (uint256) {
        Maturing memory added = $.maturing[account];
        return added.interval == $.openInterval.index ? added.amount : 0;
    }

    /// @dev The slasher's answer to `slashExposure()`, or 0 when it gives none: an account without code, a call that
    /// reverts, a reply shorter than a word or a word that is not a uint64 all count as no exposure, so that a
    /// slasher not implementing ISlashExposure cannot block governance from changing the cooldown. Only the first
    /// word of the reply is copied, so a huge reply costs nothing.
    function _slashExposureOf(address slasher) private view returns (uint64) {
        bytes4 selector = ISlashExposure.slashExposure.selector;
        bool success;
        uint256 size;
        uint256 word;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            success := staticcall(gas(), slasher, 0x00, 0x04, 0x00, 0x20)
            size := returndatasize()
            word := mload(0x00)
        }
        if (!success || size < 32 || word > type(uint64).max) return 0;
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(word); // checked above
    }

    function _checkCooldownRange(uint64 cooldown_) private pure {
        if (cooldown_ < ProtocolConstants.MIN_COOLDOWN || cooldown_ > ProtocolConstants.MAX_COOLDOWN) {
            revert StakingCooldownOutOfRange(cooldown_, ProtocolConstants.MIN_COOLDOWN, ProtocolConstants.MAX_COOLDOWN);
        }
    }

    function _setCooldown(uint64 cooldown_) private {
        StakingVaultStorage storage $ = _vaultStorage();
        emit CooldownUpdated($.cooldown, cooldown_);
        $.cooldown = cooldown_;
    }

    /// @dev Keeps the slasher set in step with SLASHER_ROLE. A grant of a role already held still adds the account:
    /// that is how governance registers a slasher that held the role before the vault tracked slashers.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (role == SLASHER_ROLE) _vaultStorage().slashers.add(account);
    }

    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (role == SLASHER_ROLE) _vaultStorage().slashers.remove(account);
    }

    function _activeStakeOf(address account) internal view override returns (uint256) {
        return _vaultStorage().active[account];
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _vaultStorage().active[account];
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
