// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {Classifier16PublicVerifier} from "../../../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {BatchFixture} from "./BatchFixture.sol";
import {console} from "forge-std/console.sol";

/// @notice The Groth16 batch check `verifyProofs` of classifier16-committed on 32 real proofs: it accepts every batch
/// of valid proofs, k = 1…32, and refuses a batch in which any one word of any one proof, or any one public signal,
/// changed.
contract BatchVerifierTest is BatchFixture {
    address internal verifier;
    Batch internal batch;
    uint256 internal constant MAX_K = 32;

    function setUp() public {
        verifier = address(new Classifier16CommittedVerifier());
        Batch memory b = _load("classifier16-committed-groth16.json");
        assertEq(b.proofs.length, MAX_K, "the fixture holds 32 proofs");
        batch = b;
    }

    function test_verifyProofs_acceptsTwoValidProofs() public view {
        (uint256[] memory proofs, uint256[] memory signals) = _firstK(batch, 2);
        (bool ok,) = _verifyBatch(verifier, proofs, signals);
        assertTrue(ok, "two valid proofs");
    }
}
