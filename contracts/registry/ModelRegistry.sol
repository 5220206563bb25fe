// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IModelRegistryListener} from "../interfaces/IModelRegistryListener.sol";
import {CircuitShapes} from "../libraries/CircuitShapes.sol";
import {InputLanes} from "../libraries/InputLanes.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {Circuit, InputMode, Model, ServingTerms, Version, VersionParams} from "../types/ModelTypes.sol";

/// @title ModelRegistry
/// @notice The catalogue of verifiable models. Governance registers circuits (a verifier plus the artifacts an
/// operator needs); anyone registers a model on active circuits; versions are appended, never overwritten; governance
/// flags versions found biased or unsafe, which stops new requests against them while keeping their history readable.
/// @dev One circuit serves every model of its shape: the weights stay private and each version binds them through a
/// Poseidon commitment that the proof must open.
contract ModelRegistry is Initializable, AccessControlUpgradeable, UUPSUpgradeable, IModelRegistry {
    /// @notice Longest metadata, artifact or reason URI accepted, in bytes.
    uint256 public constant MAX_URI_LENGTH = 512;
    /// @notice Most public signals any registered circuit may declare (outputs + inputs + commitment + binding).
    uint256 public constant MAX_PUBLIC_SIGNALS = 32;

    /// @custom:storage-location erc7201:symbiote.storage.ModelRegistry
    struct ModelRegistryStorage {
        uint32 circuitCount;
        uint256 modelCount;
        mapping(uint32 circuitId => Circuit) circuits;
        mapping(uint256 modelId => Model) models;
        mapping(uint256 modelId => mapping(uint32 version => Version)) versions;
        /// @dev The coordinator told of every flag and retirement (IModelRegistryListener), bound once.
        address coordinator;
        /// @dev The (model, version) that first published each weights commitment, as `modelId << 32 | version`:
        /// only its owner may publish the commitment again (`_checkRepublication`). Versions published before this
        /// record existed are not in it.
        mapping(uint256 weightsCommitment => uint256 modelVersion) publishedAs;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.ModelRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MODEL_REGISTRY_STORAGE =
        0x98fd284e4345d84ed5594a1f3232bfec8342bef5a3ae03bef55747d7e25adc00;

    function _registryStorage() private pure returns (ModelRegistryStorage storage $) {
        assembly {
            $.slot := MODEL_REGISTRY_STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the registry behind its proxy.
    /// @param governance Receives the admin role: registers circuits, flags versions, publishes community versions,
    /// upgrades (the timelock, or the deployer until it hands over).
    function initialize(address governance) external initializer {
        if (governance == address(0)) revert RegistryZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IModelRegistry
    function registerCircuit(Circuit calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint32 circuitId) {
        if (params.verifier.code.length == 0) revert RegistryInvalidCircuit("verifier has no code");
        if (params.outputWords == 0) revert RegistryInvalidCircuit("no output words");
        if (params.inputWords == 0) revert RegistryInvalidCircuit("no input words");
        if (uint256(params.outputWords) + params.inputWords + 2 > MAX_PUBLIC_SIGNALS) {
            revert RegistryInvalidCircuit("too many public signals");
        }
        if (params.shape[0] == 0) revert RegistryInvalidCircuit("empty shape");
        if (!CircuitShapes.isValid(params.family, params.shape, params.dims)) {
            revert RegistryInvalidShape(params.family, params.shape, params.dims);
        }
        // checkInputWords derives the input layout from family and shape: the word count must be that layout's
        if (
            params.inputWords
                != InputLanes.wordCount(params.inputMode, InputLanes.valueCount(params.family, params.shape))
        ) {
            revert RegistryInvalidCircuit("input words do not match the shape");
        }
        if (params.vkeyHash == bytes32(0) || params.zkeyHash == bytes32(0) || params.wasmHash == bytes32(0)) {
            revert RegistryInvalidCircuit("missing artifact hash");
        }
        _checkURI(params.artifactURI);

        ModelRegistryStorage storage $ = _registryStorage();
        circuitId = ++$.circuitCount;
        Circuit storage stored = $.circuits[circuitId];
        stored.verifier = params.verifier;
        stored.family = params.family;
        stored.inputMode = params.inputMode;
        stored.proofSystem = params.proofSystem;
        stored.active = true;
        stored.outputWords = params.outputWords;
        stored.inputWords = params.inputWords;
        stored.layoutVersion = params.layoutVersion;
        stored.shape = params.shape;
        stored.wasmHash = params.wasmHash;
        stored.zkeyHash = params.zkeyHash;
        stored.vkeyHash = params.vkeyHash;
        stored.artifactURI = params.artifactURI;
        stored.dims = params.dims;
        emit CircuitRegistered(
            circuitId,
            params.verifier,
            params.family,
            params.inputMode,
            params.proofSystem,
            params.shape,
            params.artifactURI
        );
    }

    /// @inheritdoc IModelRegistry
    function bindCoordinator(address coordinator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (coordinator == address(0)) revert RegistryZeroAddress();
        ModelRegistryStorage storage $ = _registryStorage();
        // Once: the coordinator is itself an upgradeable proxy, so it never needs replacing, and a second coordinator
        // would miss the flags set before it was bound.
        if ($.coordinator != address(0)) revert RegistryCoordinatorAlreadyBound($.coordinator);
        $.coordinator = coordinator;
        emit CoordinatorBound(coordinator);
    }

    /// @inheritdoc IModelRegistry
    function retireCircuit(uint32 circuitId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Circuit storage stored = _existingCircuit(circuitId);
        if (!stored.active) revert RegistryCircuitRetired(circuitId);
        stored.active = false;
        emit CircuitRetired(circuitId);
        address coordinator = _registryStorage().coordinator;
        // In the same transaction: the coordinator refuses fulfillments through the circuit on its own copy.
        if (coordinator != address(0)) IModelRegistryListener(coordinator).onCircuitRetired(circuitId);
    }

    /// @inheritdoc IModelRegistry
    function flagVersion(uint256 modelId, uint32 versionNumber, string calldata reasonURI)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _checkURI(reasonURI);
        Version storage stored = _existingVersion(modelId, versionNumber);
        if (stored.flagged) revert RegistryVersionFlagged(modelId, versionNumber, stored.flagReasonURI);
        stored.flagged = true;
        stored.flagReasonURI = reasonURI;
        emit VersionFlagged(modelId, versionNumber, reasonURI);
        _tellCoordinator(modelId, versionNumber, true);
    }

    /// @inheritdoc IModelRegistry
    function unflagVersion(uint256 modelId, uint32 versionNumber) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Version storage stored = _existingVersion(modelId, versionNumber);
        if (!stored.flagged) revert RegistryVersionNotFlagged(modelId, versionNumber);
        // The reason stays readable in the VersionFlagged event; the live record is cleared.
        stored.flagged = false;
        delete stored.flagReasonURI;
        emit VersionUnflagged(modelId, versionNumber);
        _tellCoordinator(modelId, versionNumber, false);
    }

    /// @dev In the same transaction as the flag change: the coordinator refuses fulfillments on its own copy.
    function _tellCoordinator(uint256 modelId, uint32 versionNumber, bool flagged) private {
        address coordinator = _registryStorage().coordinator;
        if (coordinator != address(0)) {
            IModelRegistryListener(coordinator).onVersionFlagChanged(modelId, versionNumber, flagged);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                MODELS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IModelRegistry
    function registerModel(
        uint32 publicCircuitId,
        uint32 committedCircuitId,
        uint96 feePerInference,
        bool community,
        VersionParams calldata first
    ) external returns (uint256 modelId) {
        if (publicCircuitId == 0 && committedCircuitId == 0) revert RegistryNoInputMode();
        Circuit storage publicCircuit = _modeCircuit(publicCircuitId, InputMode.Public);
        Circuit storage committedCircuit = _modeCircuit(committedCircuitId, InputMode.Committed);
        if (publicCircuitId != 0 && committedCircuitId != 0) {
            // One weights commitment must open in both circuits: same family and full shape (a dense network's hidden
            // widths and a tree ensemble's score columns are only in the full shape).
            if (
                publicCircuit.family != committedCircuit.family
                    || keccak256(abi.encode(_fullShape(publicCircuit)))
                        != keccak256(abi.encode(_fullShape(committedCircuit)))
            ) revert RegistryCircuitShapeMismatch(publicCircuitId, committedCircuitId);
        }

        ModelRegistryStorage storage $ = _registryStorage();
        modelId = ++$.modelCount;
        $.models[modelId] = Model({
            owner: msg.sender,
            feePerInference: feePerInference,
            publicCircuitId: publicCircuitId,
            committedCircuitId: committedCircuitId,
            versionCount: 0,
            community: community
        });
        emit ModelRegistered(modelId, msg.sender, publicCircuitId, committedCircuitId, feePerInference, community);
        _appendVersion($, modelId, first);
    }

    /// @inheritdoc IModelRegistry
    function publishVersion(uint256 modelId, VersionParams calldata params) external returns (uint32) {
        ModelRegistryStorage storage $ = _registryStorage();
        Model storage stored = _existingModel(modelId);
        if (stored.community) {
            if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert RegistryCommunityModel(modelId, msg.sender);
        } else if (msg.sender != stored.owner) {
            revert RegistryNotModelOwner(modelId, msg.sender);
        }
        uint32 versionNumber = _appendVersion($, modelId, params);
        // In the same transaction: the coordinator resolves "latest" on its own copy.
        if ($.coordinator != address(0)) {
            IModelRegistryListener($.coordinator).onVersionPublished(modelId, versionNumber);
        }
        return versionNumber;
    }

    /// @inheritdoc IModelRegistry
    function setModelFee(uint256 modelId, uint96 feePerInference) external {
        Model storage stored = _ownedModel(modelId);
        emit ModelFeeUpdated(modelId, stored.feePerInference, feePerInference);
        stored.feePerInference = feePerInference;
        address coordinator = _registryStorage().coordinator;
        // In the same transaction: the coordinator prices requests on its own copy.
        if (coordinator != address(0)) IModelRegistryListener(coordinator).onModelFeeChanged(modelId, feePerInference);
    }

    /// @inheritdoc IModelRegistry
    function transferModelOwnership(uint256 modelId, address newOwner) external {
        if (newOwner == address(0)) revert RegistryZeroAddress();
        Model storage stored = _ownedModel(modelId);
        emit ModelOwnershipTransferred(modelId, stored.owner, newOwner);
        stored.owner = newOwner;
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IModelRegistry
    function circuit(uint32 circuitId) external view returns (Circuit memory record) {
        Circuit storage stored = _existingCircuit(circuitId);
        record = stored;
        // a circuit registered before the full shape existed reads back the one its summary implies
        record.dims = _fullShape(stored);
    }

    /// @inheritdoc IModelRegistry
    function boundCoordinator() external view returns (address) {
        return _registryStorage().coordinator;
    }

    /// @inheritdoc IModelRegistry
    function circuitCount() external view returns (uint32) {
        return _registryStorage().circuitCount;
    }

    /// @inheritdoc IModelRegistry
    function model(uint256 modelId) external view returns (Model memory) {
        return _existingModel(modelId);
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _registryStorage().modelCount;
    }

    /// @inheritdoc IModelRegistry
    function version(uint256 modelId, uint32 versionNumber) external view returns (Version memory) {
        return _existingVersion(modelId, versionNumber);
    }

    /// @inheritdoc IModelRegistry
    function checkInputWords(uint32 circuitId, uint256[] calldata words) external view {
        Circuit storage stored = _existingCircuit(circuitId);
        InputLanes.check(stored.family, stored.inputMode, stored.shape, words);
    }

    /// @inheritdoc IModelRegistry
    function servingTerms(uint256 modelId, uint32 requestedVersion, InputMode mode)
        external
        view
        returns (ServingTerms memory terms)
    {
        Model storage stored = _existingModel(modelId);
        uint32 versionNumber = requestedVersion == 0 ? stored.versionCount : requestedVersion;
        Version storage pinned = _existingVersion(modelId, versionNumber);
        if (pinned.flagged) revert RegistryVersionFlagged(modelId, versionNumber, pinned.flagReasonURI);
        uint32 circuitId = mode == InputMode.Public ? stored.publicCircuitId : stored.committedCircuitId;
        if (circuitId == 0) revert RegistryInputModeNotOffered(modelId, mode);
        Circuit storage serving = _registryStorage().circuits[circuitId];
        if (!serving.active) revert RegistryCircuitRetired(circuitId);
        terms = ServingTerms({
            version: versionNumber,
            circuitId: circuitId,
            verifier: serving.verifier,
            proofSystem: serving.proofSystem,
            outputWords: serving.outputWords,
            inputWords: serving.inputWords,
            weightsCommitment: pinned.weightsCommitment,
            owner: stored.owner,
            feePerInference: stored.feePerInference
        });
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _appendVersion(ModelRegistryStorage storage $, uint256 modelId, VersionParams calldata params)
        private
        returns (uint32 versionNumber)
    {
        if (params.weightsCommitment == 0 || params.weightsCommitment >= ProtocolConstants.SNARK_SCALAR_FIELD) {
            revert RegistryInvalidCommitment(params.weightsCommitment);
        }
        if ((params.trainingDataRoot == bytes32(0)) != (params.totalDataWeight == 0)) {
            revert RegistryInconsistentDataRoot(params.trainingDataRoot, params.totalDataWeight);
        }
        _checkURI(params.metadataURI);
        uint256 publishedAs = $.publishedAs[params.weightsCommitment];
        if (publishedAs != 0) _checkRepublication($, modelId, params, publishedAs);
        Model storage stored = $.models[modelId];
        versionNumber = ++stored.versionCount;
        if (publishedAs == 0) $.publishedAs[params.weightsCommitment] = (modelId << 32) | versionNumber;
        Version storage appended = $.versions[modelId][versionNumber];
        appended.weightsCommitment = params.weightsCommitment;
        appended.trainingDataRoot = params.trainingDataRoot;
        appended.totalDataWeight = params.totalDataWeight;
        appended.publishedAt = uint64(block.timestamp);
        appended.metadataURI = params.metadataURI;
        emit VersionPublished(
            modelId,
            versionNumber,
            params.weightsCommitment,
            params.trainingDataRoot,
            params.totalDataWeight,
            params.metadataURI
        );
    }

    /// @dev Weights published before (as version `publishedAs & 0xffffffff` of model `publishedAs >> 32`) may be
    /// published again only by that model's owner (to serve them through another model's circuits, e.g. a PLONK
    /// one), with the same training-data root and total weight (the contributors are paid from either), and while
    /// the first version is not flagged (a flag is not escaped by a new id). Anyone else's copy would take the owner's
    /// and contributors' shares of proofs made with the owner's weights.
    function _checkRepublication(
        ModelRegistryStorage storage $,
        uint256 modelId,
        VersionParams calldata params,
        uint256 publishedAs
    ) private view {
        uint256 firstModel = publishedAs >> 32;
        // forge-lint: disable-next-line(unsafe-typecast)
        uint32 firstVersion = uint32(publishedAs); // the low 32 bits, a version number
        Version storage first = $.versions[firstModel][firstVersion];
        if (
            $.models[firstModel].owner != $.models[modelId].owner || first.flagged
                || first.trainingDataRoot != params.trainingDataRoot || first.totalDataWeight != params.totalDataWeight
        ) revert RegistryCommitmentAlreadyPublished(params.weightsCommitment, firstModel, firstVersion);
    }

    /// @dev The circuit in a model's slot for `mode`: none (id 0), or an active circuit of exactly that mode.
    function _modeCircuit(uint32 circuitId, InputMode mode) private view returns (Circuit storage stored) {
        stored = _registryStorage().circuits[circuitId];
        if (circuitId == 0) return stored;
        stored = _existingCircuit(circuitId);
        if (!stored.active) revert RegistryCircuitRetired(circuitId);
        if (stored.inputMode != mode) revert RegistryCircuitModeMismatch(circuitId, mode);
    }

    function _fullShape(Circuit storage stored) private view returns (uint16[] memory) {
        return CircuitShapes.full(stored.family, stored.shape, stored.dims);
    }

    function _existingCircuit(uint32 circuitId) private view returns (Circuit storage stored) {
        ModelRegistryStorage storage $ = _registryStorage();
        if (circuitId == 0 || circuitId > $.circuitCount) revert RegistryUnknownCircuit(circuitId);
        return $.circuits[circuitId];
    }

    function _existingModel(uint256 modelId) private view returns (Model storage stored) {
        ModelRegistryStorage storage $ = _registryStorage();
        if (modelId == 0 || modelId > $.modelCount) revert RegistryUnknownModel(modelId);
        return $.models[modelId];
    }

    function _ownedModel(uint256 modelId) private view returns (Model storage stored) {
        stored = _existingModel(modelId);
        if (msg.sender != stored.owner) revert RegistryNotModelOwner(modelId, msg.sender);
    }

    function _existingVersion(uint256 modelId, uint32 versionNumber) private view returns (Version storage) {
        Model storage stored = _existingModel(modelId);
        if (versionNumber == 0 || versionNumber > stored.versionCount) {
            revert RegistryUnknownVersion(modelId, versionNumber);
        }
        return _registryStorage().versions[modelId][versionNumber];
    }

    function _checkURI(string calldata uri) private pure {
        uint256 length = bytes(uri).length;
        if (length == 0 || length > MAX_URI_LENGTH) revert RegistryInvalidURI(length, MAX_URI_LENGTH);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
