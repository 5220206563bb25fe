// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";

/// @notice An independent model of what each staker is owed under interval rewards, for fuzz and invariant tests.
/// @dev It knows nothing of the vault's accumulator: it follows each account's active stake (read from the vault)
/// and keeps, per account, the least active stake since the open interval began, the stake that was there for the
/// whole interval. At each notification it shares the pool among those amounts in exact arithmetic and keeps an upper
/// and a lower bound on what each account may have earned in total:
/// - upper: the pool may hold, besides what was notified while no stake earned, the rounding dust left by the
///   previous distribution (less than earning / 1e18 + 1 wei), so each share is computed on that larger pool and
///   rounded up. An account with no stake throughout an interval gets nothing of its pool: if it was never staked for
///   a whole interval, its bound is zero.
/// - lower: each share computed without the dust, rounded down, less the accumulator's floor (stake / 1e18 + 1 wei
///   per notification); the caller adds 2 wei per settlement of the account and 2 for its unsettled view, the floors
///   of its earning and maturing parts.
library IntervalRewardModel {
    uint256 internal constant PRECISION = 1e18;

    struct Account {
        uint256 earning;
        uint256 upper;
        uint256 lowerAdd;
        uint256 lowerSub;
        uint256 settlements;
    }

    struct State {
        IStakingVault vault;
        address[] accounts;
        mapping(address account => Account) byAccount;
        // Notified while nothing earned, since the last distribution: carried whole.
        uint256 carried;
        // The most rounding dust the last distribution can have left in the pool.
        uint256 dustBound;
    }

    function init(State storage s, IStakingVault vault, address[] memory accounts) internal {
        s.vault = vault;
        s.accounts = accounts;
    }

    /// @dev Call after any change of `account`'s active stake: earning stake is the running minimum.
    function stakeChanged(State storage s, address account) internal {
        uint256 active = s.vault.activeStakeOf(account);
        Account storage a = s.byAccount[account];
        if (a.earning > active) a.earning = active;
    }

    /// @dev Call after each settlement of `account`'s rewards (stake, unstake, slash, claim).
    function settled(State storage s, address account) internal {
        ++s.byAccount[account].settlements;
    }

    /// @dev Call after a notification of `amount`: shares it, then every active stake starts a new interval.
    function notified(State storage s, uint256 amount) internal {
        uint256 total;
        for (uint256 i; i < s.accounts.length; ++i) {
            total += s.byAccount[s.accounts[i]].earning;
        }
        if (total == 0) {
            s.carried += amount;
        } else {
            uint256 poolLower = amount + s.carried;
            uint256 poolUpper = poolLower + s.dustBound;
            for (uint256 i; i < s.accounts.length; ++i) {
                Account storage a = s.byAccount[s.accounts[i]];
                if (a.earning == 0) continue;
                a.upper += Math.mulDiv(poolUpper, a.earning, total, Math.Rounding.Ceil);
                a.lowerAdd += Math.mulDiv(poolLower, a.earning, total);
                a.lowerSub += a.earning / PRECISION + 1;
            }
            s.carried = 0;
            s.dustBound = total / PRECISION + 1;
        }
        for (uint256 i; i < s.accounts.length; ++i) {
            s.byAccount[s.accounts[i]].earning = s.vault.activeStakeOf(s.accounts[i]);
        }
    }

    function earning(State storage s, address account) internal view returns (uint256) {
        return s.byAccount[account].earning;
    }

    /// @dev The most `account` may have been paid or be owed in total.
    function upperBound(State storage s, address account) internal view returns (uint256) {
        return s.byAccount[account].upper;
    }

    /// @dev The least `account` must have been paid or be owed in total (0 if the floors exceed the shares).
    function lowerBound(State storage s, address account) internal view returns (uint256) {
        Account storage a = s.byAccount[account];
        uint256 sub = a.lowerSub + 2 * (a.settlements + 1);
        return a.lowerAdd > sub ? a.lowerAdd - sub : 0;
    }
}
