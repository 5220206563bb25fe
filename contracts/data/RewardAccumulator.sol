// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RewardAccumulator
/// @notice The maths of a reward-per-weight pool and the leaf encoding of training-data trees.
/// @dev Rounding always favours the pool: the accumulator rounds down and `distributed` (what the whole tree could
/// ever claim) rounds up, so a pool never promises more than was deposited; the difference is carried, not lost.
/// With `dust = deposited - distributed` after a deposit and W the total weight:
///   - dust < 1 + W / PRECISION (so dust ≤ 1 wei whenever W ≤ 1e36; under 342 wei for any uint128 W);
///   - a leaf of weight w is paid at most w × deposited / W, and less by under 1 + w × (dust + 1) / W wei.
library RewardAccumulator {
    /// @notice Scale of the reward-per-weight accumulator. Weights are plain integers (1e6 per unit of Shapley value
    /// in the trainer) up to uint128, so the scale is large enough that W / PRECISION stays below one wei for any
    /// realistic total, while cumulative deposits up to ~1e41 wei per pool still fit at a total weight of 1.
    uint256 internal constant PRECISION = 1e36;

    /// @notice The leaf of a training-data tree, as OpenZeppelin's StandardMerkleTree encodes ["uint256", "uint256"]:
    /// hashed twice so that a 64-byte leaf preimage can never pass for an inner node.
    function leafHash(uint256 contributionId, uint256 weight) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contributionId, weight))));
    }

    /// @notice Distributes everything deposited and not yet distributed (the new deposit plus carried dust).
    /// @param rewardPerWeight The accumulator before.
    /// @param distributed What the tree could claim before; ≤ `deposited`.
    /// @param deposited Total deposits including the new one.
    /// @param totalWeight The version's total data weight, > 0.
    /// @return newRewardPerWeight The accumulator after.
    /// @return newDistributed ceil(newRewardPerWeight × totalWeight / PRECISION), ≤ `deposited`.
    function distribute(uint256 rewardPerWeight, uint256 distributed, uint256 deposited, uint256 totalWeight)
        internal
        pure
        returns (uint256 newRewardPerWeight, uint256 newDistributed)
    {
        newRewardPerWeight = rewardPerWeight + Math.mulDiv(deposited - distributed, PRECISION, totalWeight);
        // Rounded up: the tree's claims are floors of weight × accumulator, whose sum never exceeds this, and it is
        // still ≤ deposited because the accumulator itself was rounded down.
        newDistributed = Math.mulDiv(newRewardPerWeight, totalWeight, PRECISION, Math.Rounding.Ceil);
    }

    /// @notice What a leaf of `weight` has accrued since the pool began: floor(weight × rewardPerWeight / PRECISION).
    function accrued(uint256 weight, uint256 rewardPerWeight) internal pure returns (uint256) {
        return Math.mulDiv(weight, rewardPerWeight, PRECISION);
    }
}
