// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ISlashExposure
/// @notice Implemented by a holder of the staking vault's SLASHER_ROLE, so that the vault can refuse an unstake
/// cooldown too short for it: stake that was active when an obligation began must still be in the vault when the
/// slasher comes to take it.
interface ISlashExposure {
    /// @notice The longest time, counted from when an obligation begins, within which this slasher may still need
    /// to slash stake that was active at that moment. The vault keeps its cooldown at least this long, so that stake
    /// unstaked after the obligation began cannot be withdrawn before `exposure` seconds have passed.
    /// @return seconds_ The exposure, in seconds.
    function slashExposure() external view returns (uint64 seconds_);
}
