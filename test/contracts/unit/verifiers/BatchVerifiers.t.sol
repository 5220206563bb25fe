// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProofVerification} from "../../../../contracts/libraries/ProofVerification.sol";
import {ProofSystem} from "../../../../contracts/types/ModelTypes.sol";
import {
    Classifier16CommittedPlonkVerifier
} from "../../../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Classifier16PublicPlonkVerifier} from "../../../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {Classifier16PublicVerifier} from "../../../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {Mlp16x32x4CommittedVerifier} from "../../../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {Mlp16x32x4PublicVerifier} from "../../../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {Recommender16x32CommittedVerifier} from "../../../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {Recommender16x32PublicVerifier} from "../../../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {BatchFixture} from "./BatchFixture.sol";
import {console} from "forge-std/console.sol";

/// @notice `verifyProofs` of every generated verifier, Groth16 and PLONK, on its circuit's real batch fixture
/// (test/fixtures/batch): the whole batch and every prefix accepted, a changed proof or signal refused, another
/// circuit's proof refused.
contract BatchVerifiersTest is BatchFixture {
    string[] internal files;
    address[] internal verifiers;

    function setUp() public {
        _add("classifier16-committed-groth16.json", address(new Classifier16CommittedVerifier()));
        _add("classifier16-public-groth16.json", address(new Classifier16PublicVerifier()));
        _add("mlp16x32x4-committed-groth16.json", address(new Mlp16x32x4CommittedVerifier()));
        _add("mlp16x32x4-public-groth16.json", address(new Mlp16x32x4PublicVerifier()));
        _add("recommender16x32-committed-groth16.json", address(new Recommender16x32CommittedVerifier()));
        _add("recommender16x32-public-groth16.json", address(new Recommender16x32PublicVerifier()));
        _add("classifier16-committed-plonk.json", address(new Classifier16CommittedPlonkVerifier()));
        _add("classifier16-public-plonk.json", address(new Classifier16PublicPlonkVerifier()));
    }

    function _add(string memory file, address verifier) private {
        files.push(file);
        verifiers.push(verifier);
    }

    /// @dev The first min(count, 3) proofs of fixture `f` (small batches keep this suite quick).
    function _small(uint256 f) internal view returns (Batch memory b, uint256 k) {
        b = _load(files[f]);
        k = b.proofs.length < 3 ? b.proofs.length : 3;
    }

    function test_verifyProofs_everyVerifierAcceptsItsFixtureBatches() public view {
        for (uint256 f = 0; f < files.length; f++) {
            (Batch memory b, uint256 count) = _small(f);
            for (uint256 i = 0; i < count; i++) {
                (bool single,) = _verifySingle(verifiers[f], b, i);
                assertTrue(single, string.concat(files[f], ": a fixture proof verifies alone"));
            }
            for (uint256 k = 1; k <= count; k++) {
                (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, k);
                (bool ok, uint256 gasUsed) = _verifyBatch(verifiers[f], proofs, signals);
                assertTrue(ok, string.concat(files[f], ": k = ", vm.toString(k)));
                ProofSystem system = b.groth16 ? ProofSystem.Groth16 : ProofSystem.Plonk;
                assertTrue(
                    ProofVerification.verifyBatch(verifiers[f], system, proofs, signals),
                    string.concat(files[f], ": within the helper's gas cap")
                );
                console.log(string.concat(files[f], " k=", vm.toString(k), " verifyProofs call gas"), gasUsed);
            }
        }
    }

    function test_verifyProofs_everyVerifierRefusesAChangedProofOrSignal() public view {
        for (uint256 f = 0; f < files.length; f++) {
            (Batch memory b, uint256 k) = _small(f);
            for (uint256 target = 0; target < k; target++) {
                for (uint256 w = 0; w < b.proofWords; w++) {
                    (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, k);
                    proofs[target * b.proofWords + w] = addmod(proofs[target * b.proofWords + w], 1, Q);
                    (bool ok,) = _verifyBatch(verifiers[f], proofs, signals, 400_000 + 400_000 * k);
                    assertFalse(ok, string.concat(files[f], ": a changed proof word"));
                }
                for (uint256 j = 0; j < b.nPublic; j++) {
                    (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, k);
                    signals[target * b.nPublic + j] = addmod(signals[target * b.nPublic + j], 1, R);
                    (bool ok,) = _verifyBatch(verifiers[f], proofs, signals, 400_000 + 400_000 * k);
                    assertFalse(ok, string.concat(files[f], ": a changed signal"));
                }
            }
            // a changed A, B or C that stays a valid point (negation), in the last proof
            if (b.groth16) {
                uint256[3] memory ys = [uint256(1), 4, 7];
                for (uint256 p = 0; p < ys.length; p++) {
                    (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, k);
                    uint256 at = (k - 1) * 8 + ys[p];
                    proofs[at] = Q - proofs[at];
                    if (ys[p] == 4) proofs[at + 1] = Q - proofs[at + 1];
                    (bool ok,) = _verifyBatch(verifiers[f], proofs, signals);
                    assertFalse(ok, string.concat(files[f], ": a negated point"));
                }
            }
        }
    }

    /// @dev A valid proof of another circuit with the same proof system, alongside a valid proof of this one, with
    /// this circuit's signals for both.
    function test_verifyProofs_everyVerifierRefusesAnotherCircuitsProof() public view {
        for (uint256 f = 0; f < files.length; f++) {
            Batch memory own = _load(files[f]);
            // the next fixture of the same proof system (the list holds six Groth16 then two PLONK)
            uint256 g = own.groth16 ? (f + 1) % 6 : (f == 6 ? 7 : 6);
            Batch memory other = _load(files[g]);
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(own, 2);
            for (uint256 w = 0; w < own.proofWords; w++) {
                proofs[own.proofWords + w] = other.proofs[0][w];
            }
            (bool ok,) = _verifyBatch(verifiers[f], proofs, signals);
            assertFalse(ok, string.concat(files[f], ": a proof of ", files[g]));
        }
    }

    /// @dev mlp16x32x4-committed and recommender16x32-public both have 5 public signals: a valid proof of one with
    /// its own signals is a well-formed batch for the other's verifier, and must be refused.
    function test_verifyProofs_refusesValidProofOfAnotherCircuitWithItsSignals() public view {
        Batch memory mlp = _load(files[2]);
        Batch memory recommender = _load(files[5]);
        assertEq(mlp.nPublic, recommender.nPublic);
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(recommender, 2);
        (bool ok,) = _verifyBatch(verifiers[2], proofs, signals);
        assertFalse(ok, "recommender proofs on the MLP verifier");
        (proofs, signals) = _firstK(mlp, 2);
        (ok,) = _verifyBatch(verifiers[5], proofs, signals);
        assertFalse(ok, "MLP proofs on the recommender verifier");
    }

    /// @dev Proofs and signals each valid, in different orders; and W_xi of two proofs swapped.
    function test_verifyProofs_plonkRefusesSwappedSignalsOrPoints() public view {
        for (uint256 f = 6; f < files.length; f++) {
            Batch memory b = _load(files[f]);
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, 2);
            uint256[] memory swapped = new uint256[](signals.length);
            for (uint256 j = 0; j < b.nPublic; j++) {
                swapped[j] = signals[b.nPublic + j];
                swapped[b.nPublic + j] = signals[j];
            }
            (bool ok,) = _verifyBatch(verifiers[f], proofs, swapped);
            assertFalse(ok, "signals in the other order");
            // W_xi is the 8th commitment: words 14 and 15
            (proofs[14], proofs[15], proofs[24 + 14], proofs[24 + 15]) =
            (proofs[24 + 14], proofs[24 + 15], proofs[14], proofs[15]);
            (ok,) = _verifyBatch(verifiers[f], proofs, signals);
            assertFalse(ok, "W_xi swapped between the proofs");
        }
    }

    function test_verifyProofs_plonkRefusesBadLengthsAndEmpty() public view {
        for (uint256 f = 6; f < files.length; f++) {
            Batch memory b = _load(files[f]);
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(b, 2);
            (, uint256[] memory one) = _firstK(b, 1);
            (bool ok,) = _verifyBatch(verifiers[f], proofs, one);
            assertFalse(ok, "signals of 1 for 2 proofs");
            (ok,) = _verifyBatch(verifiers[f], new uint256[](0), new uint256[](0));
            assertFalse(ok, "empty");
            uint256[] memory short = new uint256[](proofs.length - 1);
            for (uint256 i = 0; i < short.length; i++) {
                short[i] = proofs[i];
            }
            (ok,) = _verifyBatch(verifiers[f], short, signals);
            assertFalse(ok, "a proof word short");
            signals[0] += R;
            (ok,) = _verifyBatch(verifiers[f], proofs, signals);
            assertFalse(ok, "signal >= r");
        }
    }
}
