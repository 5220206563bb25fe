// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {
    Circuit,
    Family,
    InputMode,
    Model,
    ProofSystem,
    ServingTerms,
    Version,
    VersionParams
} from "../types/ModelTypes.sol";

/// @title IModelRegistry
/// @notice Circuits (registered by governance), models (registered by anyone on an active circuit), their append-only
/// versions with weight commitments and training-data roots, and governance flags on versions.
interface IModelRegistry {
    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Governance registered circuit `circuitId`.
    event CircuitRegistered(
        uint32 indexed circuitId,
        address indexed verifier,
        Family family,
        InputMode inputMode,
        ProofSystem proofSystem,
        uint16[3] shape,
        string artifactURI
    );
    /// @notice Governance retired circuit `circuitId`: no new models or requests on it.
    event CircuitRetired(uint32 indexed circuitId);
    /// @notice The coordinator told of every flag and retirement was bound (once).
    event CoordinatorBound(address indexed coordinator);
    /// @notice `owner` registered model `modelId`.
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        uint32 publicCircuitId,
        uint32 committedCircuitId,
        uint96 feePerInference,
        bool community
    );
    /// @notice Version `version` of model `modelId` was published.
    event VersionPublished(
        uint256 indexed modelId,
        uint32 indexed version,
        uint256 weightsCommitment,
        bytes32 trainingDataRoot,
        uint128 totalDataWeight,
        string metadataURI
    );
    /// @notice Governance flagged a version; new requests against it are refused.
    event VersionFlagged(uint256 indexed modelId, uint32 indexed version, string reasonURI);
    /// @notice Governance lifted a flag.
    event VersionUnflagged(uint256 indexed modelId, uint32 indexed version);
    /// @notice The model owner changed the fee.
    event ModelFeeUpdated(uint256 indexed modelId, uint96 previous, uint96 current);
    /// @notice Model ownership moved.
    event ModelOwnershipTransferred(uint256 indexed modelId, address indexed previousOwner, address indexed newOwner);

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev No circuit with this id.
    error RegistryUnknownCircuit(uint32 circuitId);
    /// @dev The circuit is retired.
    error RegistryCircuitRetired(uint32 circuitId);
    /// @dev The circuit's input mode is not the one expected in this slot.
    error RegistryCircuitModeMismatch(uint32 circuitId, InputMode expected);
    /// @dev The public and committed circuits of one model must share family and shape.
    error RegistryCircuitShapeMismatch(uint32 publicCircuitId, uint32 committedCircuitId);
    /// @dev A model must offer at least one input mode.
    error RegistryNoInputMode();
    /// @dev A circuit parameter is invalid (`reason` names it).
    error RegistryInvalidCircuit(string reason);
    /// @dev `dims` is not a full shape of `family` or `shape` is not its summary (CircuitShapes.isValid).
    error RegistryInvalidShape(Family family, uint16[3] shape, uint16[] dims);
    /// @dev No model with this id.
    error RegistryUnknownModel(uint256 modelId);
    /// @dev The model has no such version.
    error RegistryUnknownVersion(uint256 modelId, uint32 version);
    /// @dev The version is flagged: requests against it are refused until a corrected version is published.
    error RegistryVersionFlagged(uint256 modelId, uint32 version, string reasonURI);
    /// @dev The version is not flagged.
    error RegistryVersionNotFlagged(uint256 modelId, uint32 version);
    /// @dev The model does not offer this input mode.
    error RegistryInputModeNotOffered(uint256 modelId, InputMode mode);
    /// @dev `caller` is not the owner of model `modelId`.
    error RegistryNotModelOwner(uint256 modelId, address caller);
    /// @dev A community model gets new versions only through governance; `caller` is not governance.
    error RegistryCommunityModel(uint256 modelId, address caller);
    /// @dev The weights commitment must be a non-zero BN254 field element.
    error RegistryInvalidCommitment(uint256 commitment);
    /// @dev The weights commitment `commitment` is already version `version` of model `modelId`, and this
    /// publication may not repeat it: only that model's owner may, with the same training-data root and total
    /// weight, while that version is not flagged. Otherwise a copy under another id would take the owner's and
    /// contributors' shares of proofs made with the owner's weights, or serve weights governance flagged. A new
    /// training run draws a fresh salt, so new weights always have a new commitment.
    error RegistryCommitmentAlreadyPublished(uint256 commitment, uint256 modelId, uint32 version);
    /// @dev The metadata URI is empty or longer than `maxLength`.
    error RegistryInvalidURI(uint256 length, uint256 maxLength);
    /// @dev A training-data root needs a positive total weight and vice versa.
    error RegistryInconsistentDataRoot(bytes32 root, uint128 totalWeight);
    /// @dev The zero address was given.
    error RegistryZeroAddress();
    /// @dev The registry is already bound to `coordinator`, for good.
    error RegistryCoordinatorAlreadyBound(address coordinator);
    /// @dev `count` input words were given; the circuit takes `expected`.
    error RegistryInputWordCount(uint256 count, uint256 expected);
    /// @dev No witness of the circuit accepts input word `wordIndex` (`word`): its lane `laneIndex` holds a raw value
    /// the circuit refuses (0, i.e. -2^23), or, when `laneIndex` is the word's lane count, bits are set above its last
    /// lane. For a committed-input circuit (one word, lane 0) the word is not a BN254 field element.
    error RegistryInputOutOfDomain(uint256 wordIndex, uint256 laneIndex, uint256 word);

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Registers a circuit and its verifier. Governance only.
    /// @param circuit The circuit; `active` is ignored (new circuits are active).
    /// @return circuitId The new circuit's id (from 1).
    function registerCircuit(Circuit calldata circuit) external returns (uint32 circuitId);

    /// @notice Retires a circuit: no new models on it, no new requests through it and no fulfillment of pending ones.
    /// Governance only.
    /// @param circuitId The circuit to retire.
    function retireCircuit(uint32 circuitId) external;

    /// @notice Binds the coordinator that serves this registry's models, once: from then on every flag change and
    /// retirement is also written to the coordinator (IModelRegistryListener) in the same transaction, and the
    /// coordinator checks fulfillments against its own copy. Governance only; the coordinator refuses requests until
    /// it is bound.
    /// @param coordinator The coordinator (its proxy).
    function bindCoordinator(address coordinator) external;

    /// @notice Flags a version (bias correction, safety): new requests against it are refused. Governance only.
    /// @param modelId The model.
    /// @param version The version to flag.
    /// @param reasonURI Where the reason is documented.
    function flagVersion(uint256 modelId, uint32 version, string calldata reasonURI) external;

    /// @notice Lifts a flag set in error. Governance only.
    /// @param modelId The model.
    /// @param version The flagged version.
    function unflagVersion(uint256 modelId, uint32 version) external;

    /* ------------------------------------------------------------------ */
    /*                                MODELS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Registers a model on one or two active circuits (one per input mode) with its first version.
    /// @param publicCircuitId Circuit for public inputs, or 0.
    /// @param committedCircuitId Circuit for committed inputs, or 0.
    /// @param feePerInference Fee in tokens for one inference.
    /// @param community If true, later versions can only be published by governance.
    /// @param first The first version.
    /// @return modelId The new model's id (from 1).
    function registerModel(
        uint32 publicCircuitId,
        uint32 committedCircuitId,
        uint96 feePerInference,
        bool community,
        VersionParams calldata first
    ) external returns (uint256 modelId);

    /// @notice Publishes a new version. The owner, or governance for a community model.
    /// @param modelId The model.
    /// @param params The version.
    /// @return version The new version number.
    function publishVersion(uint256 modelId, VersionParams calldata params) external returns (uint32 version);

    /// @notice Sets the fee per inference. Owner only.
    /// @param modelId The model.
    /// @param feePerInference New fee in tokens.
    function setModelFee(uint256 modelId, uint96 feePerInference) external;

    /// @notice Transfers ownership of a model (and its future fee share). Owner only.
    /// @param modelId The model.
    /// @param newOwner The new owner.
    function transferModelOwnership(uint256 modelId, address newOwner) external;

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice A circuit.
    function circuit(uint32 circuitId) external view returns (Circuit memory);

    /// @notice Number of circuits ever registered.
    function circuitCount() external view returns (uint32);

    /// @notice The coordinator bound through `bindCoordinator`, or address(0).
    function boundCoordinator() external view returns (address);

    /// @notice A model.
    function model(uint256 modelId) external view returns (Model memory);

    /// @notice Number of models ever registered.
    function modelCount() external view returns (uint256);

    /// @notice A version of a model.
    function version(uint256 modelId, uint32 versionNumber) external view returns (Version memory);

    /// @notice Reverts unless `words` are input words that some valid witness of circuit `circuitId` accepts, so that
    /// an operator can serve a request carrying them. Public-input circuits take ceil(n / 10) words (n = shape[0]),
    /// each holding exactly its lanes of 24 bits (the last word only the remaining lanes, nothing above them), every
    /// lane a value in [-(2^23 - 1), 2^23 - 1] plus 2^23 (never 0): the words sdk/src/codecs/packing.ts packFeatures
    /// writes. Committed-input circuits take one word, a BN254 field element. The circuit may be retired.
    /// @param circuitId The circuit.
    /// @param words The request's input words (packed values, or the input commitment).
    function checkInputWords(uint32 circuitId, uint256[] calldata words) external view;

    /// @notice Resolves what a request needs, refusing with a named error: unknown model or version, flagged version,
    /// input mode not offered, retired circuit.
    /// @param modelId The model.
    /// @param requestedVersion A version number, or 0 for the latest.
    /// @param mode The input mode of the request.
    function servingTerms(uint256 modelId, uint32 requestedVersion, InputMode mode)
        external
        view
        returns (ServingTerms memory);
}
