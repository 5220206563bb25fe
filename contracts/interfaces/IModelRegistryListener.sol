// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IModelRegistryListener
/// @notice What the model registry tells the coordinator bound to it, in the same transaction as the change: a
/// version flagged or cleared, a circuit retired, a model's fee changed, a version published. The coordinator keeps
/// these in its own storage so that a request or a fulfilment reads local slots instead of calling the registry
/// through its proxy.
interface IModelRegistryListener {
    /// @notice A version was flagged (`flagged` true) or its flag was cleared. Registry only.
    /// @param modelId The model.
    /// @param version The version.
    /// @param flagged Whether new requests and fulfilments against the version are now refused.
    function onVersionFlagChanged(uint256 modelId, uint32 version, bool flagged) external;

    /// @notice A circuit was retired: no proof through its verifier is accepted any more. Registry only.
    /// @param circuitId The circuit.
    function onCircuitRetired(uint32 circuitId) external;

    /// @notice A model's fee per inference changed. Registry only.
    /// @param modelId The model.
    /// @param feePerInference The new fee.
    function onModelFeeChanged(uint256 modelId, uint96 feePerInference) external;

    /// @notice A version was published: it is now the model's latest. Registry only.
    /// @param modelId The model.
    /// @param version The new version number.
    function onVersionPublished(uint256 modelId, uint32 version) external;
}
