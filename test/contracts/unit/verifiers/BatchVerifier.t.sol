// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProofVerification} from "../../../../contracts/libraries/ProofVerification.sol";
import {ProofSystem} from "../../../../contracts/types/ModelTypes.sol";
import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {BatchFixture} from "./BatchFixture.sol";
import {console} from "forge-std/console.sol";

/// @notice The Groth16 batch check `verifyProofs` of classifier16-committed on 32 real proofs: it accepts every batch
/// of valid proofs, k = 1…32, and refuses a batch in which any one word of any one proof, or any one public signal,
/// changed.
contract BatchVerifierTest is BatchFixture {
    uint256 internal constant MAX_K = 32;
    /// @dev Words of one proof in the flat `proofs` array.
    uint256 internal constant W = 8;

    address internal verifier;
    Batch internal batch;

    function setUp() public {
        verifier = address(new Classifier16CommittedVerifier());
        Batch memory b = _load("classifier16-committed-groth16.json");
        assertEq(b.proofs.length, MAX_K, "the fixture holds 32 proofs");
        batch = b;
    }

    /// @dev Through the coordinator's helper, with its gas cap: a refused batch that fails in a precompile burns the
    /// whole cap, and an accepted one shows the cap is enough.
    function _accepts(uint256[] memory proofs, uint256[] memory signals) internal view returns (bool) {
        return ProofVerification.verifyBatch(verifier, proofs, signals);
    }

    function _order(uint256 a, uint256 b) internal pure returns (uint256[] memory order) {
        order = new uint256[](2);
        order[0] = a;
        order[1] = b;
    }

    /// @dev The batch of the first k proofs with word `position` of proof `target` changed: positions 0…7 are proof
    /// words (A, B, C), the rest public signals. `onCurve` replaces a point by its negation (still a valid point of
    /// the right group, so only the pairing equation can tell), otherwise the word is incremented (mod r for a signal).
    function _tampered(uint256 k, uint256 target, uint256 position, bool onCurve)
        internal
        view
        returns (uint256[] memory proofs, uint256[] memory signals)
    {
        (proofs, signals) = _firstK(batch, k);
        if (position >= W) {
            uint256 at = target * batch.nPublic + (position - W);
            signals[at] = addmod(signals[at], 1, R);
        } else if (!onCurve) {
            proofs[target * W + position] += 1;
        } else {
            uint256 base = target * W;
            if (position < 2) {
                proofs[base + 1] = Q - proofs[base + 1];
            } else if (position < 6) {
                proofs[base + 4] = Q - proofs[base + 4];
                proofs[base + 5] = Q - proofs[base + 5];
            } else {
                proofs[base + 7] = Q - proofs[base + 7];
            }
        }
    }

    function test_verifyProofs_acceptsKValidProofs() public view {
        for (uint256 k = 1; k <= MAX_K; k++) {
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, k);
            assertTrue(_accepts(proofs, signals), string.concat("k = ", vm.toString(k)));
            // and with half the helper's cap: the cap leaves a margin of two
            uint256 half = ProofVerification.batchGasLimit(ProofSystem.Groth16, k) / 2;
            (bool ok,) = _verifyBatch(verifier, proofs, signals, half);
            assertTrue(ok, string.concat("half the cap, k = ", vm.toString(k)));
        }
    }

    function test_verifyProofs_everyFixtureProofVerifiesAlone() public view {
        for (uint256 i = 0; i < MAX_K; i++) {
            (bool ok,) = _verifySingle(verifier, batch, i);
            assertTrue(ok, string.concat("single proof ", vm.toString(i)));
        }
    }

    /// @dev For every k, one proof of the batch (a different one each k): A, B and C each replaced by its negation
    /// (still a valid point: only the batch equation can tell), every public signal in turn raised by one, and one
    /// coordinate raised by one (off the curve or not canonical: the precompiles refuse it).
    function test_verifyProofs_refusesAnyChangedProofForEveryK() public view {
        for (uint256 k = 1; k <= MAX_K; k++) {
            uint256 target = (k * 7) % k;
            uint256[3] memory points = [uint256(0), 2, 6];
            for (uint256 p = 0; p < points.length; p++) {
                (uint256[] memory proofs, uint256[] memory signals) = _tampered(k, target, points[p], true);
                assertFalse(_accepts(proofs, signals), string.concat("negated point, k = ", vm.toString(k)));
            }
            for (uint256 j = 0; j < batch.nPublic; j++) {
                (uint256[] memory proofs, uint256[] memory signals) = _tampered(k, target, W + j, false);
                assertFalse(_accepts(proofs, signals), string.concat("changed signal, k = ", vm.toString(k)));
            }
            (uint256[] memory words, uint256[] memory pub) = _tampered(k, target, (k * 3) % W, false);
            assertFalse(_accepts(words, pub), string.concat("changed coordinate, k = ", vm.toString(k)));
        }
    }

    /// @dev Small batches: every word of every proof and every signal of every proof, one at a time.
    function test_verifyProofs_refusesEveryChangedWordSmallK() public view {
        for (uint256 k = 1; k <= 3; k++) {
            for (uint256 target = 0; target < k; target++) {
                for (uint256 position = 0; position < W + batch.nPublic; position++) {
                    (uint256[] memory proofs, uint256[] memory signals) = _tampered(k, target, position, false);
                    assertFalse(_accepts(proofs, signals), "incremented word");
                    if (position < W) {
                        (proofs, signals) = _tampered(k, target, position, true);
                        assertFalse(_accepts(proofs, signals), "negated point");
                    }
                }
            }
        }
    }

    /// @dev The first proof's challenge is 1, so its A and C reach the pairing and ECADD without an ECMUL: a coordinate
    /// written as itself plus q (the same point, not canonically encoded) must still be refused, in every batch size
    /// and for each of the four G1 coordinates.
    function test_verifyProofs_refusesNonCanonicalFirstProof() public view {
        uint256[4] memory g1Words = [uint256(0), 1, 6, 7];
        for (uint256 k = 1; k <= 3; k++) {
            for (uint256 w; w < g1Words.length; w++) {
                (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, k);
                proofs[g1Words[w]] += Q;
                assertFalse(_accepts(proofs, signals), string.concat("coordinate + q, k = ", vm.toString(k)));
            }
        }
    }

    function testFuzz_verifyProofs_refusesAnyChangedWord(uint256 k, uint256 target, uint256 position, uint256 delta)
        public
        view
    {
        k = bound(k, 1, MAX_K);
        target = bound(target, 0, k - 1);
        position = bound(position, 0, W + batch.nPublic - 1);
        delta = bound(delta, 1, R - 1);
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, k);
        if (position < W) {
            uint256 at = target * W + position;
            // any other value: off the curve, not canonical, or another point
            proofs[at] = proofs[at] + delta > proofs[at] ? proofs[at] + delta : proofs[at] - delta;
        } else {
            uint256 at = target * batch.nPublic + position - W;
            signals[at] = addmod(signals[at], delta, R);
        }
        assertFalse(_accepts(proofs, signals));
    }

    function testFuzz_verifyProofs_refusesNegatedPoint(uint256 k, uint256 target, uint256 point) public view {
        k = bound(k, 1, MAX_K);
        target = bound(target, 0, k - 1);
        point = bound(point, 0, 2);
        (uint256[] memory proofs, uint256[] memory signals) = _tampered(k, target, [uint256(0), 2, 6][point], true);
        assertFalse(_accepts(proofs, signals));
    }

    /// @dev Beyond the fixture: 128 proofs (the 32 repeated four times), accepted, and refused once the last is changed.
    function test_verifyProofs_acceptsLargeBatch() public view {
        uint256[] memory order = new uint256[](128);
        for (uint256 i = 0; i < order.length; i++) {
            order[i] = i % MAX_K;
        }
        (uint256[] memory proofs, uint256[] memory signals) = _arrays(batch, order);
        assertTrue(_accepts(proofs, signals), "k = 128");
        signals[signals.length - 1] = addmod(signals[signals.length - 1], 1, R);
        assertFalse(_accepts(proofs, signals), "k = 128, last signal changed");
    }

    function test_verifyProofs_acceptsDuplicatedProof() public view {
        (uint256[] memory proofs, uint256[] memory signals) = _arrays(batch, _order(3, 3));
        assertTrue(_accepts(proofs, signals), "a valid proof twice is a valid batch");
    }

    function test_verifyProofs_refusesSignalsOfAnotherProof() public view {
        (uint256[] memory proofs,) = _arrays(batch, _order(0, 1));
        (, uint256[] memory signals) = _arrays(batch, _order(0, 2));
        assertFalse(_accepts(proofs, signals), "proof 1 with the signals of proof 2");
    }

    function test_verifyProofs_refusesSwappedOrder() public view {
        (uint256[] memory proofs,) = _arrays(batch, _order(0, 1));
        (, uint256[] memory signals) = _arrays(batch, _order(1, 0));
        assertFalse(_accepts(proofs, signals), "proofs and signals in different orders");
    }

    /// @dev Equal weights would accept this: the sum of the C points (and of each signal) is unchanged. The
    /// challenges must differ per proof.
    function test_verifyProofs_refusesCSwappedBetweenProofs() public view {
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, 2);
        (proofs[6], proofs[7], proofs[W + 6], proofs[W + 7]) = (proofs[W + 6], proofs[W + 7], proofs[6], proofs[7]);
        assertFalse(_accepts(proofs, signals));
    }

    /// @dev Two wrong proofs whose errors would cancel under equal weights: signal j raised by one in proof 0 and
    /// lowered by one in proof 1.
    function test_verifyProofs_refusesCompensatingChanges() public view {
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, 2);
        signals[0] = addmod(signals[0], 1, R);
        signals[batch.nPublic] = addmod(signals[batch.nPublic], R - 1, R);
        assertFalse(_accepts(proofs, signals));
    }

    function test_verifyProofs_refusesSignalNotReducedModField() public view {
        for (uint256 j = 0; j < batch.nPublic; j++) {
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, 2);
            // congruent to the valid signal: only the range check refuses it
            signals[batch.nPublic + j] += R;
            assertFalse(_accepts(proofs, signals), "signal >= r");
        }
    }

    function test_verifyProofs_refusesBadLengths() public view {
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, 2);
        // one signal short, one too many
        assertFalse(_accepts(proofs, _resize(signals, signals.length - 1)), "signals short");
        assertFalse(_accepts(proofs, _resize(signals, signals.length + 1)), "signals long");
        // a proof word short or extra (the signals of 2 proofs either way)
        assertFalse(_accepts(_resize(proofs, proofs.length - 1), signals), "proofs short");
        assertFalse(_accepts(_resize(proofs, proofs.length + 1), signals), "proofs long");
        // three proofs' signals for two proofs, one proof's for two
        (, uint256[] memory three) = _firstK(batch, 3);
        assertFalse(_accepts(proofs, three), "signals of 3 for 2 proofs");
        (, uint256[] memory one) = _firstK(batch, 1);
        assertFalse(_accepts(proofs, one), "signals of 1 for 2 proofs");
    }

    function test_verifyProofs_refusesEmptyBatch() public view {
        assertFalse(_accepts(new uint256[](0), new uint256[](0)));
        (, uint256[] memory signals) = _firstK(batch, 1);
        assertFalse(_accepts(new uint256[](0), signals));
    }

    function _resize(uint256[] memory words, uint256 length) internal pure returns (uint256[] memory out) {
        out = new uint256[](length);
        for (uint256 i = 0; i < length && i < words.length; i++) {
            out[i] = words[i];
        }
    }

    /// @dev Benchmark figures (read by a reader of the test log, asserted only to be valid): the call gas of
    /// `verifyProofs` and an estimate of its whole transaction (21,000 + calldata + the call), against k calls of
    /// the single `verifyProof`.
    function test_verifyProofs_reportsGas() public view {
        uint256[6] memory ks = [uint256(1), 2, 4, 8, 16, 32];
        uint256 singleTotal;
        for (uint256 i = 0; i < MAX_K; i++) {
            (bool ok, uint256 gasUsed) = _verifySingle(verifier, batch, i);
            assertTrue(ok);
            singleTotal += gasUsed;
        }
        uint256 single = singleTotal / MAX_K;
        console.log("verifyProof (single) call gas, mean of 32:", single);
        for (uint256 i = 0; i < ks.length; i++) {
            uint256 k = ks[i];
            (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, k);
            (bool ok, uint256 gasUsed) = _verifyBatch(verifier, proofs, signals);
            assertTrue(ok);
            uint256 txGas = 21_000
                + _calldataGas(abi.encodeWithSignature("verifyProofs(uint256[],uint256[])", proofs, signals)) + gasUsed;
            console.log(
                string.concat(
                    "k=",
                    vm.toString(k),
                    " verifyProofs call gas ",
                    vm.toString(gasUsed),
                    " tx estimate ",
                    vm.toString(txGas),
                    " per proof ",
                    vm.toString(txGas / k),
                    " | k x verifyProof call gas ",
                    vm.toString(single * k)
                )
            );
        }
    }
}
