// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The model registry's types: circuit families, input modes, proof systems, circuits, models and versions.

/// @notice What a circuit computes. New families are appended, so the values stored for registered circuits keep
/// their meaning across upgrades.
enum Family {
    Classifier,
    Mlp,
    Recommender,
    /// @dev A dense network of any depth and widths (Dense layers with ReLU between them, logits and their arg-max).
    Dense,
    /// @dev A tree ensemble whose proof opens every tree's decision path (see docs/circuits.md, "Tree ensembles").
    TreeEnsemble
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
    /// @dev Shape summary, family-specific: classifier [N, 0, 0]; MLP [N, H, K]; recommender [D, M, k]; dense
    /// [N, layers, K]; tree ensemble [F, T, D]. The first entry is always the number of input values.
    uint16[3] shape;
    bytes32 wasmHash;
    bytes32 zkeyHash;
    bytes32 vkeyHash;
    string artifactURI;
    /// @dev The full shape (CircuitShapes): classifier [N]; MLP [N, H, K]; recommender [D, M, k]; dense
    /// [N, w1, ..., K] (every layer's width); tree ensemble [F, T, D, C] (features, trees, depth, score columns).
    /// Appended last so that circuits stored before it keep their slots (they read back an empty list).
    uint16[] dims;
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
