// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IWeightsBaseVerifier} from "../../../../contracts/interfaces/IWeightsBaseVerifier.sol";
import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Classifier16PublicVerifier} from "../../../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {BatchFixture} from "./BatchFixture.sol";

/// @notice `weightsBase` and `verifyProofFromBase` of an inference circuit's Groth16 verifier, against the real proofs
/// of test/fixtures/batch (one weights commitment per proof) and the points of the circuit's committed vkey.json, read
/// independently of the generated constants.
abstract contract VerifierFromBaseTest is BatchFixture {
    address internal verifier;
    /// @dev The circuit's verification key (circuits/build/<circuit>/groth16/vkey.json).
    string internal vkey;

    /// @dev The circuit id (its fixtures are test/fixtures/{batch,zk}/<id>-groth16.json) and a deployed verifier.
    function _circuit() internal pure virtual returns (string memory);
    function _deployVerifier() internal virtual returns (address);

    function setUp() public {
        verifier = _deployVerifier();
        vkey = vm.readFile(string.concat(vm.projectRoot(), "/circuits/build/", _circuit(), "/groth16/vkey.json"));
    }

    /* ------------------------------------------------------------------ helpers */

    function _batch() internal view returns (Batch memory b) {
        b = _load(string.concat(_circuit(), "-groth16.json"));
        assertTrue(b.groth16, "a Groth16 fixture");
        assertGt(b.proofs.length, 1, "several proofs, of several weights commitments");
    }

    /// @dev The weights commitment: the second-to-last public signal of an inference circuit.
    function _commitment(uint256[] memory signals) internal pure returns (uint256) {
        return signals[signals.length - 2];
    }

    /// @dev Every signal but the weights commitment, in order: what `verifyProofFromBase` takes.
    function _others(uint256[] memory signals) internal pure returns (uint256[] memory out) {
        out = new uint256[](signals.length - 1);
        for (uint256 k = 0; k < out.length; k++) {
            out[k] = signals[k < signals.length - 2 ? k : k + 1];
        }
    }

    function _base(uint256 commitment) internal view returns (uint256[2] memory base) {
        (base[0], base[1]) = IWeightsBaseVerifier(verifier).weightsBase(commitment);
    }

    /// @dev `verifyProofFromBase`'s answer, asserting that it is one (a refusal is `false`, never a revert); and its gas.
    function _fromBase(uint256[] memory proof, uint256[2] memory base, uint256[] memory others)
        internal
        view
        returns (bool ok, uint256 gasUsed)
    {
        bytes memory data = abi.encodeCall(
            IWeightsBaseVerifier.verifyProofFromBase,
            ([proof[0], proof[1]], [[proof[2], proof[3]], [proof[4], proof[5]]], [proof[6], proof[7]], base, others)
        );
        uint256 before = gasleft();
        // capped: a failing pairing precompile burns all the gas it is given
        (bool success, bytes memory ret) = verifier.staticcall{gas: CALL_GAS_CAP}(data);
        gasUsed = before - gasleft();
        assertTrue(success, "a refusal must be an answer, not a revert");
        assertEq(ret.length, 32, "the answer is one word");
        ok = abi.decode(ret, (bool));
    }

    /// @dev A G1 point of the key, e.g. ".IC[3]" or ".vk_alpha_1" (affine, z = 1).
    function _g1(string memory path) internal view returns (uint256[2] memory p) {
        string[] memory words = vm.parseJsonStringArray(vkey, path);
        assertEq(words[2], "1", "an affine point");
        p = [vm.parseUint(words[0]), vm.parseUint(words[1])];
    }

    function _ecAdd(uint256[2] memory a, uint256[2] memory b) internal view returns (uint256[2] memory) {
        (bool ok, bytes memory ret) = address(6).staticcall(abi.encode(a, b));
        assertTrue(ok, "ECADD");
        return abi.decode(ret, (uint256[2]));
    }

    function _ecMul(uint256[2] memory a, uint256 s) internal view returns (uint256[2] memory) {
        (bool ok, bytes memory ret) = address(7).staticcall(abi.encode(a, s));
        assertTrue(ok, "ECMUL");
        return abi.decode(ret, (uint256[2]));
    }

    /// @dev IC_0 + IC_w·c from the key's points, w = nPublic - 1 (the weights commitment's point, after IC_0).
    function _expectedBase(uint256 c) internal view returns (uint256[2] memory) {
        uint256 w = vm.parseJsonUint(vkey, ".nPublic") - 1;
        return _ecAdd(_g1(".IC[0]"), _ecMul(_g1(string.concat(".IC[", vm.toString(w), "]")), c));
    }

    /* ------------------------------------------------------------------ tests */

    function test_weightsBase_isIc0PlusIcWTimesCommitment() public view {
        Batch memory b = _batch();
        uint256[] memory extra = new uint256[](4);
        (extra[0], extra[1], extra[2], extra[3]) = (0, 1, 2, R - 1);
        for (uint256 i = 0; i < b.signals.length + extra.length; i++) {
            uint256 c = i < b.signals.length ? _commitment(b.signals[i]) : extra[i - b.signals.length];
            uint256[2] memory expected = _expectedBase(c);
            uint256[2] memory actual = _base(c);
            assertEq(actual[0], expected[0], "x");
            assertEq(actual[1], expected[1], "y");
        }
    }

    function testFuzz_weightsBase_isIc0PlusIcWTimesCommitment(uint256 c) public view {
        c = bound(c, 0, R - 1);
        uint256[2] memory expected = _expectedBase(c);
        uint256[2] memory actual = _base(c);
        assertEq(actual[0], expected[0], "x");
        assertEq(actual[1], expected[1], "y");
    }

    function test_weightsBase_answersZeroFromTheScalarFieldUp() public view {
        uint256[4] memory outside = [R, R + 1, R + _commitment(_batch().signals[0]), type(uint256).max];
        for (uint256 i = 0; i < outside.length; i++) {
            uint256[2] memory base = _base(outside[i]);
            assertEq(base[0], 0, "x");
            assertEq(base[1], 0, "y");
        }
    }

    function testFuzz_weightsBase_answersZeroFromTheScalarFieldUp(uint256 c) public view {
        c = bound(c, R, type(uint256).max);
        uint256[2] memory base = _base(c);
        assertEq(base[0], 0, "x");
        assertEq(base[1], 0, "y");
    }

    /// @dev Every fixture proof, each of its own weights commitment: both entry points accept it.
    function test_verifyProofFromBase_acceptsEveryFixtureProofLikeVerifyProof() public view {
        Batch memory b = _batch();
        for (uint256 i = 0; i < b.proofs.length; i++) {
            (bool single,) = _verifySingle(verifier, b, i);
            assertTrue(single, "verifyProof accepts the fixture proof");
            (bool ok,) = _fromBase(b.proofs[i], _base(_commitment(b.signals[i])), _others(b.signals[i]));
            assertTrue(ok, "verifyProofFromBase accepts it from its commitment's base");
        }
    }

    /// @dev The proof the circuits pipeline wrote (test/fixtures/zk), in the single verifier's calldata.
    function test_verifyProofFromBase_acceptsPipelineFixture() public view {
        string memory json =
            vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/zk/", _circuit(), "-groth16.json"));
        uint256[] memory proof = new uint256[](8);
        string[4] memory parts = [".calldata.a", ".calldata.b[0]", ".calldata.b[1]", ".calldata.c"];
        for (uint256 p = 0; p < 4; p++) {
            string[] memory words = vm.parseJsonStringArray(json, parts[p]);
            (proof[2 * p], proof[2 * p + 1]) = (vm.parseUint(words[0]), vm.parseUint(words[1]));
        }
        string[] memory raw = vm.parseJsonStringArray(json, ".publicSignals");
        uint256[] memory signals = new uint256[](raw.length);
        for (uint256 j = 0; j < raw.length; j++) {
            signals[j] = vm.parseUint(raw[j]);
        }
        (bool ok,) = _fromBase(proof, _base(_commitment(signals)), _others(signals));
        assertTrue(ok);
    }

    function test_verifyProofFromBase_rejectsTheBaseOfAnotherCommitment() public view {
        Batch memory b = _batch();
        for (uint256 i = 0; i < b.proofs.length; i++) {
            uint256 own = _commitment(b.signals[i]);
            uint256 other = _commitment(b.signals[(i + 1) % b.proofs.length]);
            assertTrue(other != own, "the fixture's proofs have distinct commitments");
            (bool ok,) = _fromBase(b.proofs[i], _base(other), _others(b.signals[i]));
            assertFalse(ok, "another proof's commitment");
            (ok,) = _fromBase(b.proofs[i], _base(addmod(own, 1, R)), _others(b.signals[i]));
            assertFalse(ok, "the commitment plus one");
        }
    }

    function test_verifyProofFromBase_rejectsATamperedBase() public view {
        Batch memory b = _batch();
        uint256[2] memory base = _base(_commitment(b.signals[0]));
        uint256[] memory others = _others(b.signals[0]);
        uint256[2][5] memory tampered = [
            [addmod(base[0], 1, Q), base[1]], // off the curve
            [base[0], addmod(base[1], 1, Q)], // off the curve
            [base[0], Q - base[1]], // -base, on the curve
            [base[0] + Q, base[1]], // a coordinate not below q
            [uint256(0), uint256(0)] // the point at infinity, what weightsBase answers for a refused commitment
        ];
        for (uint256 t = 0; t < tampered.length; t++) {
            (bool ok,) = _fromBase(b.proofs[0], tampered[t], others);
            assertFalse(ok, "a tampered base");
        }
    }

    function test_verifyProofFromBase_rejectsATamperedProof() public view {
        Batch memory b = _batch();
        uint256[2] memory base = _base(_commitment(b.signals[0]));
        uint256[] memory others = _others(b.signals[0]);
        for (uint256 w = 0; w < b.proofWords; w++) {
            uint256[] memory proof = b.proofs[0];
            uint256 word = proof[w];
            proof[w] = addmod(word, 1, Q);
            (bool ok,) = _fromBase(proof, base, others);
            assertFalse(ok, "a proof with one word changed");
            proof[w] = word;
        }
        // another fixture proof, of another statement, in place of the first one's
        (bool swapped,) = _fromBase(b.proofs[1], base, others);
        assertFalse(swapped, "another statement's proof");
    }

    function test_verifyProofFromBase_rejectsEveryChangedSignal() public view {
        Batch memory b = _batch();
        uint256[2] memory base = _base(_commitment(b.signals[0]));
        uint256[] memory others = _others(b.signals[0]);
        for (uint256 k = 0; k < others.length; k++) {
            uint256 signal = others[k];
            others[k] = addmod(signal, 1, R);
            (bool ok,) = _fromBase(b.proofs[0], base, others);
            assertFalse(ok, "one signal changed");
            others[k] = signal + R; // congruent, but not below r: malleable if the range check were skipped
            (ok,) = _fromBase(b.proofs[0], base, others);
            assertFalse(ok, "one signal not below r");
            others[k] = signal;
        }
    }

    function testFuzz_verifyProofFromBase_rejectsAChangedSignal(uint256 k, uint256 delta) public view {
        Batch memory b = _batch();
        uint256[] memory others = _others(b.signals[0]);
        k = bound(k, 0, others.length - 1);
        others[k] = addmod(others[k], bound(delta, 1, R - 1), R);
        (bool ok,) = _fromBase(b.proofs[0], _base(_commitment(b.signals[0])), others);
        assertFalse(ok);
    }

    function test_verifyProofFromBase_rejectsAWrongSignalCount() public view {
        Batch memory b = _batch();
        uint256[2] memory base = _base(_commitment(b.signals[0]));
        uint256[] memory others = _others(b.signals[0]);
        uint256 n = others.length;

        // verifyProof's layout, the weights commitment included
        (bool ok,) = _fromBase(b.proofs[0], base, b.signals[0]);
        assertFalse(ok, "every signal, the commitment included");
        // the right signals followed by one more: the first n words would verify on their own
        uint256[] memory longer = new uint256[](n + 1);
        for (uint256 k = 0; k < n; k++) {
            longer[k] = others[k];
        }
        (ok,) = _fromBase(b.proofs[0], base, longer);
        assertFalse(ok, "one signal too many");
        // one too few: the binding left out
        uint256[] memory shorter = new uint256[](n - 1);
        for (uint256 k = 0; k < n - 1; k++) {
            shorter[k] = others[k];
        }
        (ok,) = _fromBase(b.proofs[0], base, shorter);
        assertFalse(ok, "one signal too few");
        (ok,) = _fromBase(b.proofs[0], base, new uint256[](0));
        assertFalse(ok, "no signal");
    }

    /// @dev Why the base must be the caller's own: with a base that cancels the other signals' terms, vk_x is the point
    /// at infinity and A = α, B = β, C = infinity pass for any signals. verifyProof, which derives vk_x itself, refuses
    /// the same A, B, C.
    function test_verifyProofFromBase_acceptsAForgeryForACallerChosenBase() public view {
        Batch memory b = _batch();
        uint256[] memory others = _others(b.signals[0]);
        others[0] = addmod(others[0], 12_345, R); // an output the circuit never proved
        uint256 n = others.length + 1;
        uint256[2] memory sum = [uint256(0), uint256(0)];
        for (uint256 k = 0; k < others.length; k++) {
            // the caller's k-th signal is signal k before the weights commitment (signal n - 2), k + 1 after it
            uint256 ic = k < n - 2 ? k + 1 : k + 2;
            sum = _ecAdd(sum, _ecMul(_g1(string.concat(".IC[", vm.toString(ic), "]")), others[k]));
        }
        uint256[2] memory chosenBase = [sum[0], (Q - sum[1]) % Q];
        uint256[2] memory alpha = _g1(".vk_alpha_1");
        string[] memory betaX = vm.parseJsonStringArray(vkey, ".vk_beta_2[0]");
        string[] memory betaY = vm.parseJsonStringArray(vkey, ".vk_beta_2[1]");
        uint256[] memory forged = new uint256[](8);
        (forged[0], forged[1]) = (alpha[0], alpha[1]);
        // the EIP-197 order of the G2 coordinates: imaginary part first
        (forged[2], forged[3]) = (vm.parseUint(betaX[1]), vm.parseUint(betaX[0]));
        (forged[4], forged[5]) = (vm.parseUint(betaY[1]), vm.parseUint(betaY[0]));
        (bool ok,) = _fromBase(forged, chosenBase, others);
        assertTrue(ok, "a chosen base forges any statement: the NatSpec's warning");

        Batch memory single;
        single.groth16 = true;
        single.nPublic = n;
        single.proofs = new uint256[][](1);
        single.signals = new uint256[][](1);
        single.proofs[0] = forged;
        single.signals[0] = b.signals[0];
        (ok,) = _verifySingle(verifier, single, 0);
        assertFalse(ok, "verifyProof refuses the forgery");
    }

    /// @dev The saving `verifyProofFromBase` exists for: one ECMUL (6,000 gas) and one ECADD (150), less the base's
    /// and the dynamic array's calldata handling.
    function test_verifyProofFromBase_reportsGas() public {
        Batch memory b = _batch();
        (bool single, uint256 singleGas) = _verifySingle(verifier, b, 0);
        (bool fromBase, uint256 fromBaseGas) =
            _fromBase(b.proofs[0], _base(_commitment(b.signals[0])), _others(b.signals[0]));
        assertTrue(single && fromBase);
        // read as a benchmark figure; the assertion only pins that most of the ECMUL is saved
        emit log_named_uint(string.concat("verifyProof_gas ", _circuit()), singleGas);
        emit log_named_uint(string.concat("verifyProofFromBase_gas ", _circuit()), fromBaseGas);
        assertLt(fromBaseGas + 5000, singleGas, "at least 5,000 gas saved");
    }
}

contract Classifier16PublicVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "classifier16-public";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16PublicVerifier());
    }
}

contract Classifier16CommittedVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "classifier16-committed";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16CommittedVerifier());
    }
}

contract Mlp16x32x4PublicVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "mlp16x32x4-public";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Mlp16x32x4PublicVerifier());
    }
}

contract Mlp16x32x4CommittedVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "mlp16x32x4-committed";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Mlp16x32x4CommittedVerifier());
    }
}

contract Recommender16x32PublicVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "recommender16x32-public";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Recommender16x32PublicVerifier());
    }
}

contract Recommender16x32CommittedVerifierFromBaseTest is VerifierFromBaseTest {
    function _circuit() internal pure override returns (string memory) {
        return "recommender16x32-committed";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Recommender16x32CommittedVerifier());
    }
}
