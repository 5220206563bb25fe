// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {Circuit, Family, InputMode, ProofSystem} from "../../contracts/types/ModelTypes.sol";

/// @title CircuitManifest
/// @notice Reads `circuits/manifest.json` into the registry's circuit records: one per circuit and proof backend,
/// with the verifier contract to deploy, the shape, the word counts, the artifact hashes and the artifact URI.
/// @dev The registry lays public signals out as outputs, input words, weights commitment, binding; the manifest is
/// checked to say the same, so that a circuit whose layout drifted is refused here rather than by every proof.
library CircuitManifest {
    /// @notice One registrable circuit: a manifest circuit proven with one backend.
    struct Entry {
        /// @dev The manifest id, e.g. "classifier16-public".
        string id;
        /// @dev "groth16" or "plonk".
        string backend;
        /// @dev The verifier contract name, e.g. "Classifier16PublicVerifier".
        string verifierContract;
        /// @dev The registry record; `verifier` is filled in once the verifier is deployed.
        Circuit circuit;
    }

    /// @notice Where the manifest lives, relative to the project root.
    string internal constant PATH = "circuits/manifest.json";

    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Every (circuit, backend) of the manifest, in manifest order.
    /// @param artifactBaseURI Prefix of every artifact URI: `<base><id>/<backend>/` holds circuit.wasm, circuit.zkey
    /// and vkey.json.
    function load(string memory artifactBaseURI) internal view returns (Entry[] memory entries) {
        string memory json = vm.readFile(PATH);
        uint256 layoutVersion = vm.parseJsonUint(json, ".version");
        uint256 circuits = _count(json, ".circuits");
        if (circuits == 0) revert(string.concat(PATH, " lists no circuits; run `npm run circuits:build`"));

        uint256 total;
        for (uint256 i; i < circuits; ++i) {
            total += _count(json, string.concat(".circuits[", vm.toString(i), "].backends"));
        }
        entries = new Entry[](total);
        uint256 n;
        for (uint256 i; i < circuits; ++i) {
            string memory c = string.concat(".circuits[", vm.toString(i), "]");
            uint256 backends = _count(json, string.concat(c, ".backends"));
            for (uint256 j; j < backends; ++j) {
                entries[n++] = _entry(json, c, string.concat(c, ".backends[", vm.toString(j), "]"), layoutVersion);
            }
        }
        for (uint256 k; k < total; ++k) {
            entries[k].circuit.artifactURI = string.concat(artifactBaseURI, entries[k].id, "/", entries[k].backend, "/");
        }
    }

    /// @notice The manifest's `setup.kind`: "dev" as `npm run circuits:build` writes it, "ceremony" once a
    /// multi-party ceremony's keys replaced the dev keys (docs/security.md).
    function setupKind() internal view returns (string memory) {
        string memory json = vm.readFile(PATH);
        if (!vm.keyExistsJson(json, ".setup.kind")) {
            revert(string.concat(PATH, " has no setup.kind; rebuild it with `npm run circuits:build`"));
        }
        return vm.parseJsonString(json, ".setup.kind");
    }

    /// @notice The sha256 of the ceremony transcript the manifest records (`npm run ceremony -- finalize`), or "none".
    function transcriptSha256() internal view returns (string memory) {
        string memory json = vm.readFile(PATH);
        if (!vm.keyExistsJson(json, ".setup.ceremony.transcript.sha256")) return "none";
        return vm.parseJsonString(json, ".setup.ceremony.transcript.sha256");
    }

    /// @notice The key the deployment file and the demo-model list use for an entry: "<id>/<backend>".
    function key(Entry memory entry) internal pure returns (string memory) {
        return string.concat(entry.id, "/", entry.backend);
    }

    function _entry(string memory json, string memory c, string memory b, uint256 layoutVersion)
        private
        view
        returns (Entry memory e)
    {
        e.id = vm.parseJsonString(json, string.concat(c, ".id"));
        e.backend = vm.parseJsonString(json, string.concat(b, ".backend"));
        e.verifierContract = vm.parseJsonString(json, string.concat(b, ".verifier.contract"));
        _checkVerifierSource(json, b, e);

        Circuit memory circuit = e.circuit;
        (circuit.family, circuit.shape, circuit.dims) = _shape(json, c, e.id);
        circuit.inputMode = _inputMode(vm.parseJsonString(json, string.concat(c, ".inputMode")), e.id);
        circuit.proofSystem = _proofSystem(e.backend, e.id);
        (circuit.outputWords, circuit.inputWords) = _wordCounts(json, c, e.id);
        circuit.layoutVersion = uint16(layoutVersion);
        circuit.wasmHash = _sha256(json, string.concat(b, ".wasm.sha256"));
        circuit.zkeyHash = _sha256(json, string.concat(b, ".zkey.sha256"));
        circuit.vkeyHash = _sha256(json, string.concat(b, ".vkey.sha256"));
    }

    /// @dev The verifier about to be deployed must be the one the manifest describes: a source edited after
    /// `circuits:build` would register keys that no longer match the artifacts.
    function _checkVerifierSource(string memory json, string memory b, Entry memory e) private view {
        string memory source = vm.parseJsonString(json, string.concat(b, ".verifier.path"));
        bytes32 expected = _sha256(json, string.concat(b, ".verifier.sha256"));
        if (sha256(bytes(vm.readFile(source))) != expected) {
            revert(
                string.concat(
                    source,
                    " does not match its sha256 in ",
                    PATH,
                    " (",
                    e.id,
                    "/",
                    e.backend,
                    "); rebuild the circuits with `npm run circuits:build` or restore the verifier"
                )
            );
        }
    }

    /// @dev The family, the shape summary and the full shape (CircuitShapes) of a manifest circuit.
    function _shape(string memory json, string memory c, string memory id)
        private
        pure
        returns (Family family, uint16[3] memory shape, uint16[] memory dims)
    {
        string memory s = string.concat(c, ".shape.");
        bytes32 name = keccak256(bytes(vm.parseJsonString(json, string.concat(s, "family"))));
        if (name == keccak256("classifier")) {
            dims = _dims(json, s, ["n", "", "", ""]);
            return (Family.Classifier, [dims[0], 0, 0], dims);
        }
        if (name == keccak256("mlp")) {
            dims = _dims(json, s, ["n", "h", "k", ""]);
            return (Family.Mlp, [dims[0], dims[1], dims[2]], dims);
        }
        if (name == keccak256("recommender")) {
            dims = _dims(json, s, ["d", "m", "topK", ""]);
            return (Family.Recommender, [dims[0], dims[1], dims[2]], dims);
        }
        if (name == keccak256("dense")) {
            uint256[] memory widths = vm.parseJsonUintArray(json, string.concat(s, "widths"));
            if (widths.length < 2) revert(string.concat(PATH, ": dense circuit ", id, " needs at least two widths"));
            dims = new uint16[](widths.length);
            for (uint256 i; i < widths.length; ++i) {
                dims[i] = _fit16(widths[i]);
            }
            return (Family.Dense, [dims[0], uint16(widths.length - 1), dims[widths.length - 1]], dims);
        }
        if (name == keccak256("trees")) {
            dims = _dims(json, s, ["features", "trees", "depth", "columns"]);
            return (Family.TreeEnsemble, [dims[0], dims[1], dims[2]], dims);
        }
        revert(string.concat(PATH, ": circuit ", id, " has a family the registry does not know"));
    }

    /// @dev The named numbers of a manifest shape, in order; an empty name ends the list.
    function _dims(string memory json, string memory s, string[4] memory names)
        private
        pure
        returns (uint16[] memory dims)
    {
        uint256 n;
        while (n < 4 && bytes(names[n]).length != 0) ++n;
        dims = new uint16[](n);
        for (uint256 i; i < n; ++i) {
            dims[i] = _u16(json, string.concat(s, names[i]));
        }
    }

    function _inputMode(string memory mode, string memory id) private pure returns (InputMode) {
        if (keccak256(bytes(mode)) == keccak256("public")) return InputMode.Public;
        if (keccak256(bytes(mode)) == keccak256("committed")) return InputMode.Committed;
        revert(string.concat(PATH, ": circuit ", id, " has input mode '", mode, "'; expected public or committed"));
    }

    function _proofSystem(string memory backend, string memory id) private pure returns (ProofSystem) {
        if (keccak256(bytes(backend)) == keccak256("groth16")) return ProofSystem.Groth16;
        if (keccak256(bytes(backend)) == keccak256("plonk")) return ProofSystem.Plonk;
        revert(string.concat(PATH, ": circuit ", id, " has backend '", backend, "'; expected groth16 or plonk"));
    }

    /// @dev Outputs are the signals of kind "output"; input words are the inputs before the weights commitment and
    /// the binding, which must close the list in that order.
    function _wordCounts(string memory json, string memory c, string memory id)
        private
        view
        returns (uint8 outputs, uint8 inputs)
    {
        string memory signals = string.concat(c, ".publicSignals");
        uint256 total = _count(json, signals);
        if (
            total < 4 || !_named(json, signals, total - 2, "weightsCommitment")
                || !_named(json, signals, total - 1, "binding")
        ) {
            revert(
                string.concat(PATH, ": circuit ", id, " must end its public signals with weightsCommitment, binding")
            );
        }
        uint256 outputCount;
        for (uint256 i; i < total; ++i) {
            string memory kind = vm.parseJsonString(json, string.concat(signals, "[", vm.toString(i), "].kind"));
            if (keccak256(bytes(kind)) == keccak256("output")) ++outputCount;
        }
        outputs = uint8(outputCount);
        inputs = uint8(total - outputCount - 2);
    }

    function _named(string memory json, string memory signals, uint256 index, string memory name)
        private
        pure
        returns (bool)
    {
        string memory signal = vm.parseJsonString(json, string.concat(signals, "[", vm.toString(index), "].signal"));
        return keccak256(bytes(signal)) == keccak256(bytes(name));
    }

    function _count(string memory json, string memory array) private view returns (uint256 n) {
        while (vm.keyExistsJson(json, string.concat(array, "[", vm.toString(n), "]"))) ++n;
    }

    function _u16(string memory json, string memory key_) private pure returns (uint16) {
        return _fit16(vm.parseJsonUint(json, key_));
    }

    /// @dev A shape number as the registry stores it; a larger one would be truncated, so it is refused.
    function _fit16(uint256 value) private pure returns (uint16) {
        if (value > type(uint16).max) {
            revert(string.concat(PATH, ": a shape number exceeds 65535: ", vm.toString(value)));
        }
        return uint16(value);
    }

    function _sha256(string memory json, string memory key_) private pure returns (bytes32) {
        return vm.parseBytes32(string.concat("0x", vm.parseJsonString(json, key_)));
    }
}
