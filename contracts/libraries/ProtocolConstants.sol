// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ProtocolConstants
/// @notice Bounds on governable parameters, with their units, in one place.
library ProtocolConstants {
    /// @notice Shortest unstake cooldown governance may set: 1 day, in seconds.
    uint64 internal constant MIN_COOLDOWN = 1 days;
    /// @notice Longest unstake cooldown governance may set: 90 days, in seconds.
    uint64 internal constant MAX_COOLDOWN = 90 days;
    /// @notice Default unstake cooldown: 7 days, in seconds.
    uint64 internal constant DEFAULT_COOLDOWN = 7 days;
    /// @notice Basis points in one whole.
    uint16 internal constant BPS = 10_000;
}
