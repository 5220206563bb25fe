// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {InputLanes} from "../libraries/InputLanes.sol";
import {ProofVerification} from "../libraries/ProofVerification.sol";
import {Circuit, Model, ProofSystem, Version} from "../types/ModelTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {CoordinatorWeightsBase} from "./CoordinatorWeightsBase.sol";
import {VersionWord} from "./VersionWord.sol";

/// @title CoordinatorTerms
/// @notice Copies what requests need of the model registry into the coordinator's storage, the first time a model,
/// version or circuit is asked for. From then on the registry keeps each copy exact: it tells the coordinator bound
/// to it of every fee change, published version, flag and retirement in the same transaction (IModelRegistryListener).
/// @dev An external library the coordinator delegates to (on its own storage): copying happens once per model,
/// version and circuit, so its code and its calls through the registry's proxy stay off the request path. A copy is
/// only taken once the registry is bound to this coordinator; before that, changes would not reach it.
library CoordinatorTerms {
    /// @notice Copies model `modelId`'s fee, latest version and circuits (reverts as the registry does for an unknown
    /// model).
    function copyModel(uint256 modelId) external returns (CoordinatorStorage.ModelTerms memory terms) {
        IModelRegistry registry = _boundRegistry();
        Model memory model = registry.model(modelId);
        terms = CoordinatorStorage.ModelTerms({
            fee: model.feePerInference,
            latestVersion: model.versionCount,
            publicCircuitId: model.publicCircuitId,
            committedCircuitId: model.committedCircuitId,
            copied: true
        });
        CoordinatorSlot.state().modelTerms[modelId] = terms;
    }

    /// @notice Copies version `version`'s weights commitment (fixed at publication) and its flag.
    /// @return word The version's word (see VersionWord): its commitment and its flag.
    function copyVersion(uint256 modelId, uint32 version) external returns (uint256 word) {
        Version memory stored = _boundRegistry().version(modelId, version);
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        word = VersionWord.pack(stored.weightsCommitment, stored.flagged);
        $.versionWeights[modelId][version] = word;
        $.versionEarnings[modelId][version].flagged = stored.flagged;
    }

    /// @notice Records the registry's flag of a version in both places it is read: the version's earnings slot
    /// (settlement and cancellation) and, once copied, its word (requests).
    function setFlag(uint256 modelId, uint32 version, bool flagged) external {
        _checkRegistry();
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.versionEarnings[modelId][version].flagged = flagged;
        uint256 word = $.versionWeights[modelId][version];
        if (word != 0) $.versionWeights[modelId][version] = VersionWord.pack(word, flagged);
    }

    /// @notice Copies circuit `circuitId`'s verifier, proof system, shapes and standing, and whether its verifier has
    /// the weights-base entry points (CoordinatorWeightsBase).
    function copyCircuit(uint32 circuitId) external returns (CoordinatorStorage.CircuitTerms memory terms) {
        Circuit memory circuit = _boundRegistry().circuit(circuitId);
        terms = CoordinatorStorage.CircuitTerms({
            verifier: circuit.verifier,
            proofSystem: circuit.proofSystem,
            outputWords: circuit.outputWords,
            retired: !circuit.active,
            // signals: outputs, input words, weights commitment, binding
            selector: ProofVerification.selector(
                circuit.proofSystem, uint256(circuit.outputWords) + circuit.inputWords + 2
            ),
            inputWords: circuit.inputWords,
            valueCount: uint16(InputLanes.valueCount(circuit.family, circuit.shape)),
            fromBase: circuit.proofSystem == ProofSystem.Groth16
                && CoordinatorWeightsBase.hasEntryPoints(circuit.verifier)
        });
        CoordinatorSlot.state().circuitTerms[circuitId] = terms;
    }

    /// @notice The registry retired circuit `circuitId`: no request or fulfillment through it from now on.
    function setRetired(uint32 circuitId) external {
        _checkRegistry();
        CoordinatorSlot.state().circuitTerms[circuitId].retired = true;
    }

    /// @notice The registry changed model `modelId`'s fee. A model not copied yet is copied whole, fee included, at
    /// its first request.
    function setFee(uint256 modelId, uint96 feePerInference) external {
        _checkRegistry();
        CoordinatorStorage.ModelTerms storage terms = CoordinatorSlot.state().modelTerms[modelId];
        if (terms.copied) terms.fee = feePerInference;
    }

    /// @notice The registry published version `version` of model `modelId`, now its latest.
    function setLatestVersion(uint256 modelId, uint32 version) external {
        _checkRegistry();
        CoordinatorStorage.ModelTerms storage terms = CoordinatorSlot.state().modelTerms[modelId];
        if (terms.copied) terms.latestVersion = version;
    }

    /// @notice The registry's refusal of a flagged version, with its reason: read only on this path, so that requests
    /// and fulfillments stay off the registry's proxy.
    function flaggedReason(uint256 modelId, uint32 version) public view returns (bytes memory) {
        return abi.encodeWithSelector(
            IModelRegistry.RegistryVersionFlagged.selector,
            modelId,
            version,
            CoordinatorSlot.state().registry.version(modelId, version).flagReasonURI
        );
    }

    /// @notice Reverts with the registry's refusal of a flagged version (see `flaggedReason`).
    function revertFlagged(uint256 modelId, uint32 version) external view {
        bytes memory reason = flaggedReason(modelId, version);
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }

    /// @dev The registry's notifications run with the coordinator's caller (a delegatecall): only the registry.
    function _checkRegistry() private view {
        address registry = address(CoordinatorSlot.state().registry);
        if (msg.sender != registry) revert IInferenceCoordinator.CoordinatorNotRegistry(msg.sender);
    }

    function _boundRegistry() private view returns (IModelRegistry registry) {
        registry = CoordinatorSlot.state().registry;
        address bound = registry.boundCoordinator();
        if (bound != address(this)) {
            revert IInferenceCoordinator.CoordinatorNotBoundToRegistry(address(registry), bound);
        }
    }
}
