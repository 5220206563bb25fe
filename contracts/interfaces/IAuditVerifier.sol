// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IAuditVerifier
/// @notice The Groth16 verifier of a fairness-audit circuit, as snarkjs exports it: three public signals, in the order
/// counts (packed per-group counts), auditSetCommitment, weightsCommitment.
interface IAuditVerifier {
    /// @notice Whether the proof (a, b, c) proves the public signals.
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[3] calldata publicSignals
    ) external view returns (bool);
}
