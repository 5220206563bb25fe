// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IStakingVault
/// @notice Stake the governance token for non-transferable voting power and staking rewards; stake bonds oracle
/// operators and can be slashed. Unstaking goes through a cooldown during which stake has no votes and earns no
/// rewards but stays slashable.
///
/// Rewards are paid per distribution interval: an interval runs from one reward notification to the next, and the
/// amount notified at its end (the stakers' fees earned during it) is shared only by stake that was active for the
/// whole interval, the "earning" stake. Stake added during an interval is "maturing": it votes and bonds operator
/// work at once but earns from the next interval on. Unstaking or slashing takes maturing stake first, then earning
/// stake; earning stake that leaves mid-interval forfeits that interval's share to the stake that stayed.
///
/// For governance UIs the vault also reads like an ERC-20 of active stake (`name`, `symbol`, `decimals`,
/// `totalSupply`, `balanceOf`, and `Transfer` events from / to the zero address as active stake grows or shrinks),
/// but it is not transferable: it has no `transfer`, `approve` or `allowance`.
interface IStakingVault is IERC5805 {
    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice `account` staked `amount`, paid by `payer`.
    event Staked(address indexed account, address indexed payer, uint256 amount);
    /// @notice `account` moved `amount` from active stake into cooldown; all pending stake unlocks at `unlockAt`.
    event UnstakeRequested(address indexed account, uint256 amount, uint256 pendingAmount, uint64 unlockAt);
    /// @notice `account` withdrew `amount` of cooled-down stake to `receiver`.
    event Withdrawn(address indexed account, address indexed receiver, uint256 amount);
    /// @notice `account` was slashed: `fromActive` + `fromCooldown` went to `recipient`.
    event Slashed(
        address indexed account,
        address indexed slasher,
        address indexed recipient,
        uint256 fromActive,
        uint256 fromCooldown
    );
    /// @notice `notifier` added `amount` of rewards, closing distribution interval `interval`: the amount plus what
    /// was carried (`undistributed` before) went to the `earningStake` that was active for the whole interval.
    /// `rewardPerToken` is the accumulator after distribution and `undistributed` what is carried to the next one
    /// (all of it when `earningStake` is zero).
    event RewardNotified(
        address indexed notifier,
        uint64 indexed interval,
        uint256 amount,
        uint256 earningStake,
        uint256 rewardPerToken,
        uint256 undistributed
    );
    /// @notice `account` claimed `amount` of rewards to `receiver`.
    event RewardClaimed(address indexed account, address indexed receiver, uint256 amount);
    /// @notice Governance changed the unstake cooldown.
    event CooldownUpdated(uint64 previous, uint64 current);
    /// @notice Governance recovered tokens sent to the vault outside of staking or rewards.
    event ExcessRecovered(address indexed token, address indexed receiver, uint256 amount);
    /// @notice ERC-20 event for wallets and governance UIs: `value` of active stake appeared (`from` is zero: a
    /// stake) or left (`to` is zero: an unstake request or a slash). Active stake never moves between accounts.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev An amount of zero was given where a positive amount is required.
    error StakingZeroAmount();
    /// @dev The zero address was given where an account or receiver is required.
    error StakingZeroAddress();
    /// @dev `account` asked to move `requested` out of active stake but only has `available`.
    error StakingInsufficientActiveStake(address account, uint256 requested, uint256 available);
    /// @dev `account` tried to withdraw before `unlockAt` (now is `nowTimestamp`).
    error StakingCooldownActive(address account, uint64 unlockAt, uint64 nowTimestamp);
    /// @dev `account` has nothing in cooldown to withdraw.
    error StakingNothingToWithdraw(address account);
    /// @dev `account` has no rewards to claim.
    error StakingNothingToClaim(address account);
    /// @dev The cooldown `value` is outside [`min`, `max`].
    error StakingCooldownOutOfRange(uint64 value, uint64 min, uint64 max);
    /// @dev The amount exceeds what votes can hold (2^208 - 1).
    error StakingAmountTooLarge(uint256 amount);
    /// @dev Only tokens beyond what the vault owes can be recovered: `requested` > `excess`.
    error StakingNoExcess(address token, uint256 requested, uint256 excess);
    /// @dev The cooldown `cooldown` is shorter than the `exposure` that `slasher` declares (ISlashExposure): stake
    /// could be withdrawn before that slasher can take it.
    error StakingCooldownBelowSlashExposure(uint64 cooldown, uint64 exposure, address slasher);

    /* ------------------------------------------------------------------ */
    /*                               STAKING                              */
    /* ------------------------------------------------------------------ */

    /// @notice Stakes `amount` of the token (pulled from the caller) for the caller. On the first stake the caller
    /// delegates to itself unless it already chose a delegate. The new stake votes at once; it matures, and starts
    /// earning rewards, when the current distribution interval closes (at the next reward notification).
    /// @param amount Tokens to stake, > 0.
    function stake(uint256 amount) external;

    /// @notice Stakes `amount` for `account`, paid by the caller (e.g. a contract funding an operator's bond). It
    /// raises a registered operator's selection weight only if the operator is drawable already: an operator whose
    /// active stake had fallen below the minimum re-arms itself (`stake`, or `syncOperator` called by itself).
    /// @param account Who receives the stake and its voting power.
    /// @param amount Tokens to stake, > 0.
    function stakeFor(address account, uint256 amount) external;

    /// @notice Like `stake`, with an EIP-2612 permit instead of a prior approval.
    /// @param amount Tokens to stake, > 0.
    /// @param deadline Permit deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Moves `amount` of the caller's active stake into cooldown. Its votes and rewards stop at once; it
    /// stays slashable. A new request adds to the pending amount and restarts the cooldown for all of it.
    /// The amount comes out of maturing stake first, then out of earning stake; earning stake that leaves forfeits
    /// its share of the open interval's rewards (rewards of closed intervals stay claimable).
    /// @param amount Tokens to unstake, > 0 and ≤ active stake.
    function requestUnstake(uint256 amount) external;

    /// @notice Withdraws the caller's cooled-down stake to `receiver` once the cooldown has passed.
    /// @param receiver Where the tokens go.
    /// @return amount The amount withdrawn.
    function withdraw(address receiver) external returns (uint256 amount);

    /// @notice Takes up to `amount` from `account` (active stake first, then cooldown) and sends it to `recipient`.
    /// Only the slasher role (the inference coordinator). Slashes what is there if the account holds less. Active
    /// stake is taken from maturing stake first, then from earning stake, as for an unstake request.
    /// @param account The staker to slash.
    /// @param amount The most to take, > 0.
    /// @param recipient Who receives the slashed tokens.
    /// @return slashed The amount actually taken.
    function slash(address account, uint256 amount, address recipient) external returns (uint256 slashed);

    /* ------------------------------------------------------------------ */
    /*                               REWARDS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Adds `amount` of rewards (pulled from the caller) and closes the current distribution interval: the
    /// amount is shared pro rata by earning stake (active for the whole interval), and the interval's maturing stake
    /// starts earning. Only the reward-notifier role (the inference coordinator, whose notifications carry exactly the
    /// fees earned since its previous one): if anyone could close an interval, a staker could close one just before
    /// the coordinator's notification and capture fees earned before it staked. Rounding dust and rewards notified
    /// while no stake earns are carried into the next distribution, never lost.
    /// @param amount Tokens to distribute, > 0.
    function notifyReward(uint256 amount) external;

    /// @notice Claims the caller's accrued rewards to `receiver`.
    /// @param receiver Where the rewards go.
    /// @return amount The amount claimed.
    function claimRewards(address receiver) external returns (uint256 amount);

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Sets the unstake cooldown. Governance only. Refused below the slash exposure of any holder of the
    /// slasher role (ISlashExposure): a shorter cooldown would let stake leave before that slasher can take it. A
    /// slasher that does not answer `slashExposure()` with a uint64 (an account without code, a call that reverts, a
    /// malformed reply) counts as exposure 0, so that it cannot block this setter.
    /// @param cooldown Seconds, within [MIN_COOLDOWN, MAX_COOLDOWN] and ≥ every slasher's exposure.
    function setCooldown(uint64 cooldown) external;

    /// @notice Sends tokens that the vault holds beyond what it owes (e.g. sent by mistake) to `receiver`.
    /// Governance only. Staked tokens and rewards can never be taken this way.
    /// @param token The token to recover (the staking token or any other).
    /// @param receiver Where they go.
    /// @param amount How much, ≤ the excess.
    function recoverExcess(address token, address receiver, uint256 amount) external;

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice The staking (and reward) token.
    function token() external view returns (address);

    /// @notice The active stake of `account`: it votes and bonds operator work; its earning part earns rewards.
    function activeStakeOf(address account) external view returns (uint256);

    /// @notice The part of `account`'s active stake that has been active since the current distribution interval
    /// began: it shares the rewards notified when the interval closes (unless it leaves before).
    function earningStakeOf(address account) external view returns (uint256);

    /// @notice The part of `account`'s active stake added during the current distribution interval: it votes but
    /// earns only from the next interval on.
    function maturingStakeOf(address account) external view returns (uint256);

    /// @notice The stake `account` has in cooldown and when it unlocks.
    function cooldownOf(address account) external view returns (uint256 amount, uint64 unlockAt);

    /// @notice The sum of all active stake.
    function totalActiveStake() external view returns (uint256);

    /// @notice The sum of all earning stake: what the next reward notification is shared by, as things stand.
    function totalEarningStake() external view returns (uint256);

    /// @notice The sum of all maturing stake: added during the current interval, earning from the next.
    function totalMaturingStake() external view returns (uint256);

    /// @notice The index of the open distribution interval: the number of reward notifications so far (counted from
    /// the upgrade that introduced intervals, for a vault deployed before it).
    function currentInterval() external view returns (uint64);

    /// @notice The sum of all stake in cooldown.
    function totalCooldownStake() external view returns (uint256);

    /// @notice Rewards notified but not yet claimed (including undistributed dust).
    function rewardsOutstanding() external view returns (uint256);

    /// @notice Rewards `account` can claim now.
    function earned(address account) external view returns (uint256);

    /// @notice The reward accumulator: rewards per unit of earning stake, scaled by 1e18.
    function rewardPerToken() external view returns (uint256);

    /// @notice The unstake cooldown in seconds.
    function cooldown() external view returns (uint64);

    /// @notice The accounts holding the slasher role, whose slash exposure bounds the cooldown from below.
    function slashers() external view returns (address[] memory);

    /* ------------------------------------------------------------------ */
    /*                      ERC-20 VIEWS (NOT TRANSFERABLE)               */
    /* ------------------------------------------------------------------ */

    /// @notice "Staked Symbiote".
    function name() external view returns (string memory);

    /// @notice "stSYM".
    function symbol() external view returns (string memory);

    /// @notice 18, the staked token's decimals: one unit of stake is one unit of the token.
    function decimals() external view returns (uint8);

    /// @notice The total active stake: all voting units (the same as `totalActiveStake`).
    function totalSupply() external view returns (uint256);

    /// @notice The active stake of `account` (the same as `activeStakeOf`); its votes go to its delegate.
    function balanceOf(address account) external view returns (uint256);
}
