// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {ProofVerification} from "../../../../contracts/libraries/ProofVerification.sol";
import {ProofSystem} from "../../../../contracts/types/ModelTypes.sol";

/// @dev Exposes the library to external calls.
contract ProofVerificationHarness {
    function selector(ProofSystem system, uint256 signalCount) external pure returns (bytes4) {
        return ProofVerification.selector(system, signalCount);
    }

    /// @dev `verifyAt` on the call copied into memory.
    function verify(address verifier, bytes calldata verifierCall) external view returns (bool) {
        bytes memory data = verifierCall;
        uint256 callAt;
        assembly ("memory-safe") {
            callAt := add(data, 0x20)
        }
        return ProofVerification.verifyAt(verifier, callAt, data.length);
    }

    function verifyBatch(address verifier, ProofSystem system, uint256[] calldata proofs, uint256[] calldata signals)
        external
        view
        returns (bool)
    {
        return ProofVerification.verifyBatch(verifier, system, proofs, signals);
    }
}

/// @dev Answers true only when given at least `needed` gas.
contract GasProbe {
    uint256 internal immutable needed;

    constructor(uint256 needed_) {
        needed = needed_;
    }

    fallback(bytes calldata) external returns (bytes memory) {
        if (gasleft() < needed) {
            // like a failing pairing precompile: all the gas is gone
            assembly {
                invalid()
            }
        }
        return abi.encode(true);
    }
}

/// @dev Answers whatever it was told to, to every call.
contract ScriptedVerifier {
    bytes internal answer;
    bool internal reverts;

    constructor(bytes memory answer_, bool reverts_) {
        answer = answer_;
        reverts = reverts_;
    }

    fallback(bytes calldata) external returns (bytes memory) {
        if (reverts) revert("no");
        return answer;
    }
}

contract ProofVerificationTest is Test {
    ProofVerificationHarness internal harness = new ProofVerificationHarness();

    /// @dev Every count the registry allows (1..32) gives the selector of the signature snarkjs exports.
    function test_selector_matchesTheExportedSignatureForEveryAllowedCount() public view {
        for (uint256 n = 1; n <= 32; ++n) {
            string memory count = vm.toString(n);
            assertEq(
                harness.selector(ProofSystem.Groth16, n),
                bytes4(
                    keccak256(
                        bytes(string.concat("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", count, "])"))
                    )
                )
            );
            assertEq(
                harness.selector(ProofSystem.Plonk, n),
                bytes4(keccak256(bytes(string.concat("verifyProof(uint256[24],uint256[", count, "])"))))
            );
        }
    }

    function test_verify_acceptsOnlyA32ByteTrue() public {
        assertTrue(harness.verify(address(new ScriptedVerifier(abi.encode(true), false)), hex"01"));
        assertFalse(harness.verify(address(new ScriptedVerifier(abi.encode(false), false)), hex"01"));
        // a "true" of the wrong length, a revert, an account without code
        assertFalse(harness.verify(address(new ScriptedVerifier(abi.encodePacked(true), false)), hex"01"));
        assertFalse(harness.verify(address(new ScriptedVerifier(abi.encode(true, true), false)), hex"01"));
        assertFalse(harness.verify(address(new ScriptedVerifier(abi.encode(uint256(2)), false)), hex"01"));
        assertFalse(harness.verify(address(new ScriptedVerifier(abi.encode(true), true)), hex"01"));
        assertFalse(harness.verify(makeAddr("no code"), hex"01"));
    }

    function test_verifyBatch_acceptsOnlyA32ByteTrue() public {
        uint256[] memory proofs = new uint256[](8);
        uint256[] memory signals = new uint256[](1);
        ProofSystem g = ProofSystem.Groth16;
        assertTrue(harness.verifyBatch(address(new ScriptedVerifier(abi.encode(true), false)), g, proofs, signals));
        assertFalse(harness.verifyBatch(address(new ScriptedVerifier(abi.encode(false), false)), g, proofs, signals));
        assertFalse(
            harness.verifyBatch(address(new ScriptedVerifier(abi.encodePacked(true), false)), g, proofs, signals)
        );
        assertFalse(harness.verifyBatch(address(new ScriptedVerifier(abi.encode(true), true)), g, proofs, signals));
        assertFalse(harness.verifyBatch(makeAddr("no code"), g, proofs, signals));
    }

    /// @dev The cap grows with the batch: 400k + 120k per Groth16 proof, 300k + 350k per PLONK proof, and no more.
    function test_verifyBatch_givesTheVerifierACapThatScalesWithTheBatch() public {
        for (uint256 k = 1; k <= 32; k *= 2) {
            uint256 groth16Cap = 400_000 + 120_000 * k;
            assertEq(ProofVerification.batchGasLimit(ProofSystem.Groth16, k), groth16Cap);
            uint256 plonkCap = 300_000 + 350_000 * k;
            assertEq(ProofVerification.batchGasLimit(ProofSystem.Plonk, k), plonkCap);
            uint256[] memory groth16Proofs = new uint256[](8 * k);
            uint256[] memory signals = new uint256[](k);
            // a verifier needing just under the cap gets it; one needing more than the cap does not
            assertTrue(
                harness.verifyBatch(
                    address(new GasProbe(groth16Cap - 10_000)), ProofSystem.Groth16, groth16Proofs, signals
                )
            );
            assertFalse(
                harness.verifyBatch(address(new GasProbe(groth16Cap + 1)), ProofSystem.Groth16, groth16Proofs, signals)
            );
            uint256[] memory plonkProofs = new uint256[](24 * k);
            assertTrue(
                harness.verifyBatch(address(new GasProbe(plonkCap - 10_000)), ProofSystem.Plonk, plonkProofs, signals)
            );
            assertFalse(
                harness.verifyBatch(address(new GasProbe(plonkCap + 1)), ProofSystem.Plonk, plonkProofs, signals)
            );
        }
    }
}
