// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The model registry's types: circuit families, input modes, proof systems, circuits, models and versions.

/// @notice What a circuit computes.
enum Family {
    Classifier,
    Mlp,
    Recommender
}

/// @notice Where a circuit's features come from: packed into public signals, or a salted commitment.
enum InputMode {
    Public,
    Committed
}

/// @notice The proof system of a circuit's verifier, which fixes its calldata shape.
enum ProofSystem {
    Groth16,
    Plonk
}

/// @notice A verifier and what an operator needs to fetch and check its artifacts.
/// @dev Public signals are laid out as: `outputWords` outputs, then `inputWords` input words (packed features or
/// the input commitment), then the weights commitment, then the binding (see circuits/manifest.json).
struct Circuit {
    address verifier;
    Family family;
    InputMode inputMode;
    ProofSystem proofSystem;
    bool active;
    uint8 outputWords;
    uint8 inputWords;
    uint16 layoutVersion;
    /// @dev Shape, family-specific: classifier [N, 0, 0]; MLP [N, H, K]; recommender [D, M, k].
    uint16[3] shape;
    bytes32 wasmHash;
    bytes32 zkeyHash;
    bytes32 vkeyHash;
    string artifactURI;
}

/// @notice A model: who owns it, which circuits serve it (0 = that input mode is not offered), its fee.
struct Model {
    address owner;
    uint96 feePerInference;
    uint32 publicCircuitId;
    uint32 committedCircuitId;
    uint32 versionCount;
    bool community;
}

/// @notice One published version of a model. Versions are append-only; a flag never erases history.
struct Version {
    uint256 weightsCommitment;
    bytes32 trainingDataRoot;
    uint128 totalDataWeight;
    uint64 publishedAt;
    bool flagged;
    string metadataURI;
    string flagReasonURI;
}

/// @notice What the coordinator needs to serve a request against a model version in one input mode.
struct ServingTerms {
    uint32 version;
    uint32 circuitId;
    address verifier;
    ProofSystem proofSystem;
    uint8 outputWords;
    uint8 inputWords;
    uint256 weightsCommitment;
    address owner;
    uint96 feePerInference;
}

/// @notice Parameters of a new version.
struct VersionParams {
    uint256 weightsCommitment;
    bytes32 trainingDataRoot;
    uint128 totalDataWeight;
    string metadataURI;
}
