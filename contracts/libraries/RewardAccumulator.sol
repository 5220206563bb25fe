// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RewardAccumulator
/// @notice The reward-per-weight maths every reward pool of the protocol shares: the staking vault (weight = earning
/// stake, which changes between notifications) and the data rewards (weight = a model version's fixed training-data
/// weight). Each pool keeps its accumulator at a scale of its own (`precision`), fixed for its lifetime because stored
/// per-account checkpoints are at that scale.
/// @dev Rounding always favours the pool: the accumulator rounds down and what the weight could ever claim rounds up,
/// so a pool never promises more than it holds; the difference is carried to the next distribution, not lost.
/// A claim is floor(weight × (accumulator now − accumulator at the last settlement) / precision).
library RewardAccumulator {
    /// @notice Spreads `amount` over `weight`.
    /// @param amount What is to be distributed (including any carried remainder).
    /// @param weight The total weight sharing it, > 0.
    /// @param precision The pool's accumulator scale.
    /// @return increment What the accumulator grows by: floor(amount × precision / weight).
    /// @return claimable What the weight can ever claim from this increment: ceil(increment × weight / precision),
    /// ≤ `amount`. A claimant floors weight × (sum of increments), which can gather the fractions of several
    /// increments, so the fraction counts as distributed here; the whole wei left (amount − claimable) is carried.
    function spread(uint256 amount, uint256 weight, uint256 precision)
        internal
        pure
        returns (uint256 increment, uint256 claimable)
    {
        increment = Math.mulDiv(amount, precision, weight);
        claimable = Math.mulDiv(increment, weight, precision, Math.Rounding.Ceil);
    }

    /// @notice Distributes everything deposited into a pool of constant weight and not yet distributed.
    /// @dev With a constant weight the pool can account cumulatively, which carries less than spreading each deposit
    /// on its own: with dust = deposited − distributed afterwards and W the weight, dust < 1 + W / precision.
    /// @param rewardPerWeight The accumulator before.
    /// @param distributed What the weight could claim before; ≤ `deposited`.
    /// @param deposited Total deposits including the new one.
    /// @param totalWeight The pool's weight, > 0.
    /// @param precision The pool's accumulator scale.
    /// @return newRewardPerWeight The accumulator after.
    /// @return newDistributed ceil(newRewardPerWeight × totalWeight / precision), ≤ `deposited`.
    function distribute(
        uint256 rewardPerWeight,
        uint256 distributed,
        uint256 deposited,
        uint256 totalWeight,
        uint256 precision
    ) internal pure returns (uint256 newRewardPerWeight, uint256 newDistributed) {
        // The increment alone, as `spread` rounds it: what the weight can claim is rounded up below, over the whole
        // accumulator rather than per deposit.
        newRewardPerWeight = rewardPerWeight + Math.mulDiv(deposited - distributed, precision, totalWeight);
        // Rounded up over the whole accumulator: claims are floors of weight × accumulator, whose sum never exceeds
        // this, and it is still ≤ deposited because the accumulator itself was rounded down.
        newDistributed = Math.mulDiv(newRewardPerWeight, totalWeight, precision, Math.Rounding.Ceil);
    }

    /// @notice What `weight` earned while the accumulator moved from `from` to `to`:
    /// floor(weight × (to − from) / precision).
    function earned(uint256 weight, uint256 from, uint256 to, uint256 precision) internal pure returns (uint256) {
        return Math.mulDiv(weight, to - from, precision);
    }
}
