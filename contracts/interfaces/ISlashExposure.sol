// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISlashExposure
/// @notice Implemented by a slasher of the staking vault: how long after an obligation begins it may still need to
/// slash stake that was active then. The vault keeps its unstake cooldown at least this long.
interface ISlashExposure {
    /// @notice The longest time, in seconds, between an obligation's start and the slash it may cause.
    function slashExposure() external view returns (uint64 seconds_);
}
