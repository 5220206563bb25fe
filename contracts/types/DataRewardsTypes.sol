// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The data rewards' types: a model version's reward pool and the contract's totals.

/// @notice The reward pool of one model version.
/// @dev `deposited - distributed` is rounding dust carried into the next deposit. `distributed` is the accumulator
/// times the version's total weight, rounded up: what the whole tree could ever claim, never more than deposited.
struct Pool {
    /// @dev Rewards per unit of weight since the version was published, scaled by ACC_PRECISION.
    uint256 rewardPerWeight;
    uint256 deposited;
    uint256 distributed;
    uint256 claimed;
    uint256 swept;
}

/// @notice Contract-wide totals, for accounting checks.
/// @dev deposited == forwarded + claimed + swept + outstanding, and the contract's token balance is outstanding
/// (barring tokens sent to it directly).
struct Totals {
    /// @dev Everything ever passed to `depositReward`.
    uint256 deposited;
    /// @dev Deposits for versions without a training-data root, sent straight to the treasury.
    uint256 forwarded;
    uint256 claimed;
    uint256 swept;
    /// @dev Held for pools: owed to leaves (accrued or not yet) plus carried dust.
    uint256 outstanding;
}
