// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IInferenceConsumer
/// @notice Implemented by contracts that request inferences and want the verified result delivered to them.
interface IInferenceConsumer {
    /// @notice Called by the InferenceCoordinator once a request's proof has verified, with exactly the requested gas.
    /// A revert here is recorded against the request (status CallbackFailed); it never undoes the verified decision.
    /// @param requestId The request answered.
    /// @param outputs The circuit's output words, in the order of circuits/manifest.json (decode them with
    /// InferenceOutputs).
    function onInferenceResult(uint256 requestId, uint256[] calldata outputs) external;
}
