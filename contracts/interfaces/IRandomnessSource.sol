// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IRandomnessSource
/// @notice One random seed per assignment round for operator assignment, so that the oracle pays for one VRF request
/// per round rather than one per inference. A round's seed is requested by the round's first request and cannot be
/// known before it arrives, so no request of the round could have been steered with it.
interface IRandomnessSource {
    /// @notice Asks for the seed of `round` if nobody has yet. Only the inference coordinator.
    /// @param round The round number.
    /// @return requested True if this call sent a randomness request.
    function requestSeed(uint64 round) external returns (bool requested);

    /// @notice The seed of `round`, or 0 while it is not known yet.
    function seedOf(uint64 round) external view returns (uint256);

    /// @notice The seed of `round` and when it arrived (both 0 while it is not known yet).
    function seedInfo(uint64 round) external view returns (uint256 seed, uint64 arrivedAt);
}
