// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {ProofVerification} from "../../../../contracts/libraries/ProofVerification.sol";

/// @dev Exposes the library to external calls.
contract ProofVerificationHarness {
    function selector(IModelRegistry.ProofSystem system, uint256 signalCount) external pure returns (bytes4) {
        return ProofVerification.selector(system, signalCount);
    }

    function verify(address verifier, bytes calldata verifierCall) external view returns (bool) {
        return ProofVerification.verify(verifier, verifierCall);
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
                harness.selector(IModelRegistry.ProofSystem.Groth16, n),
                bytes4(
                    keccak256(
                        bytes(string.concat("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", count, "])"))
                    )
                )
            );
            assertEq(
                harness.selector(IModelRegistry.ProofSystem.Plonk, n),
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
}
