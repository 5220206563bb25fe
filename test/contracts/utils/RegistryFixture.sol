// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ModelRegistry} from "../../../contracts/registry/ModelRegistry.sol";
import {Circuit, Family, InputMode, ProofSystem, VersionParams} from "../../../contracts/types/ModelTypes.sol";
import {GovernanceFixture} from "./GovernanceFixture.sol";

/// @notice The governance core plus a ModelRegistry governed by the timelock, with helpers to describe circuits and
/// versions.
abstract contract RegistryFixture is GovernanceFixture {
    ModelRegistry internal registry;

    function _deployRegistry() internal {
        _deployGovernance();
        registry = ModelRegistry(
            _proxy(address(new ModelRegistry()), abi.encodeCall(ModelRegistry.initialize, (address(timelock))))
        );
    }

    function _circuitParams(
        address verifier,
        Family family,
        InputMode mode,
        uint8 outputWords,
        uint8 inputWords,
        uint16[3] memory shape
    ) internal pure returns (Circuit memory circuit) {
        circuit.verifier = verifier;
        circuit.family = family;
        circuit.inputMode = mode;
        circuit.proofSystem = ProofSystem.Groth16;
        circuit.outputWords = outputWords;
        circuit.inputWords = inputWords;
        circuit.layoutVersion = 1;
        circuit.shape = shape;
        circuit.dims = _dimsOf(family, shape);
        circuit.wasmHash = keccak256("wasm");
        circuit.zkeyHash = keccak256("zkey");
        circuit.vkeyHash = keccak256("vkey");
        circuit.artifactURI = "ipfs://circuits/classifier16";
    }

    /// @dev The full shape of a classifier, MLP or recommender, which its summary holds entirely.
    function _dimsOf(Family family, uint16[3] memory shape) internal pure returns (uint16[] memory dims) {
        if (family == Family.Classifier) {
            dims = new uint16[](1);
            dims[0] = shape[0];
            return dims;
        }
        dims = new uint16[](3);
        (dims[0], dims[1], dims[2]) = (shape[0], shape[1], shape[2]);
    }

    function _registerCircuit(Circuit memory circuit) internal returns (uint32) {
        vm.prank(address(timelock));
        return registry.registerCircuit(circuit);
    }

    function _versionParams(uint256 weightsCommitment, bytes32 root, uint128 totalWeight)
        internal
        pure
        returns (VersionParams memory)
    {
        return VersionParams({
            weightsCommitment: weightsCommitment,
            trainingDataRoot: root,
            totalDataWeight: totalWeight,
            metadataURI: "ipfs://model-card"
        });
    }
}
