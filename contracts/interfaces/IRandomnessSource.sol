// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IRandomnessSource
/// @notice One random seed per epoch for operator assignment, so that the oracle pays for one VRF request per epoch
/// rather than one per inference.
interface IRandomnessSource {
    /// @notice Asks for the seed of `epoch` if nobody has yet. Only the inference coordinator.
    /// @param epoch The epoch number (seconds since the epoch origin divided by the epoch length).
    /// @return requested True if this call sent a randomness request.
    function requestSeed(uint64 epoch) external returns (bool requested);

    /// @notice The seed of `epoch`, or 0 while it is not known yet.
    function seedOf(uint64 epoch) external view returns (uint256);
}
