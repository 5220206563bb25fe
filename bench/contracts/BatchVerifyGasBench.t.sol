// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console} from "forge-std/console.sol";

import {IBatchVerifier} from "../../contracts/interfaces/IBatchVerifier.sol";
import {Classifier16CommittedPlonkVerifier} from "../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {Classifier16CommittedVerifier} from "../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Classifier16PublicPlonkVerifier} from "../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {Classifier16PublicVerifier} from "../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {BatchFixture} from "../../test/contracts/unit/verifiers/BatchFixture.sol";

/// @notice Gas of the verifiers' batch entry point `verifyProofs` as a whole transaction, with real proofs
/// (test/fixtures/batch), printed as `BENCH <case> <metric> <gas>` lines for bench/gas.ts (forge --isolate: every
/// top-level call is its own transaction and `vm.lastCallGas().gasTotalUsed` its receipt gas).
/// @dev classifier16-committed: 1…32 distinct proofs. Every verifier at 16: its fixture's 3–4 proofs repeated (a
/// repeated proof costs what a new one does; duplicates are valid), and its single `verifyProof` for comparison.
contract BatchVerifyGasBench is BatchFixture {
    function test_bench_batchVerify_classifier16_committed() public {
        address verifier = address(new Classifier16CommittedVerifier());
        Batch memory b = _load("classifier16-committed-groth16.json");
        uint256[6] memory ks = [uint256(1), 2, 4, 8, 16, 32];
        for (uint256 i = 0; i < ks.length; i++) {
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, ks[i]);
            uint256 gasUsed = _transaction(verifier, proofs, signals);
            string memory name = string.concat("classifier16-committed-b", vm.toString(ks[i]));
            _print(name, "batch_verify_gas", gasUsed);
            _print(name, "batch_verify_gas_per_proof", gasUsed / ks[i]);
        }
    }

    function test_bench_batchVerify_every_verifier_b16() public {
        _bench16("classifier16-committed", "groth16", address(new Classifier16CommittedVerifier()));
        _bench16("classifier16-public", "groth16", address(new Classifier16PublicVerifier()));
        _bench16("mlp16x32x4-committed", "groth16", address(new Mlp16x32x4CommittedVerifier()));
        _bench16("mlp16x32x4-public", "groth16", address(new Mlp16x32x4PublicVerifier()));
        _bench16("recommender16x32-committed", "groth16", address(new Recommender16x32CommittedVerifier()));
        _bench16("recommender16x32-public", "groth16", address(new Recommender16x32PublicVerifier()));
        _bench16("classifier16-committed", "plonk", address(new Classifier16CommittedPlonkVerifier()));
        _bench16("classifier16-public", "plonk", address(new Classifier16PublicPlonkVerifier()));
    }

    function _bench16(string memory circuit, string memory backend, address verifier) private {
        Batch memory b = _load(string.concat(circuit, "-", backend, ".json"));
        uint256[] memory order = new uint256[](16);
        for (uint256 i = 0; i < 16; i++) {
            order[i] = i % b.proofs.length;
        }
        (uint256[] memory proofs, uint256[] memory signals) = _arrays(b, order);
        string memory name =
            keccak256(bytes(backend)) == keccak256("groth16") ? circuit : string.concat(circuit, "-", backend);
        // classifier16-committed-groth16 has 32 distinct proofs: its b16 row comes from them (the test above)
        if (b.proofs.length < 16) {
            _print(
                string.concat(name, "-b16"), "batch_verify_gas_per_proof", _transaction(verifier, proofs, signals) / 16
            );
        }
        _print(name, "single_verify_tx_gas", _singleTransaction(verifier, b));
    }

    /// @dev Receipt gas of a `verifyProofs` transaction; it must accept.
    function _transaction(address verifier, uint256[] memory proofs, uint256[] memory signals)
        private
        returns (uint256)
    {
        (bool ok, bytes memory ret) = verifier.call(abi.encodeCall(IBatchVerifier.verifyProofs, (proofs, signals)));
        require(ok && abi.decode(ret, (bool)), "batch refused");
        return vm.lastCallGas().gasTotalUsed;
    }

    /// @dev Receipt gas of a single `verifyProof` transaction of the fixture's first proof; it must accept.
    function _singleTransaction(address verifier, Batch memory b) private returns (uint256) {
        string memory n = vm.toString(b.nPublic);
        string memory signature = b.groth16
            ? string.concat("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", n, "])")
            : string.concat("verifyProof(uint256[24],uint256[", n, "])");
        (bool ok, bytes memory ret) =
            verifier.call(abi.encodePacked(bytes4(keccak256(bytes(signature))), b.proofs[0], b.signals[0]));
        require(ok && abi.decode(ret, (bool)), "proof refused");
        return vm.lastCallGas().gasTotalUsed;
    }

    function _print(string memory name, string memory metric, uint256 value) private pure {
        console.log(string.concat("BENCH ", name, " ", metric, " ", vm.toString(value)));
    }
}
