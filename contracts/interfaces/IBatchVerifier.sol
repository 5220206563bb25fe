// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IBatchVerifier
/// @notice The batch entry point every generated verifier (contracts/verifiers, rendered by circuits/scripts/setup.ts
/// from the same key as its single `verifyProof`) exposes: k proofs of one circuit checked in one call.
/// @dev Groth16 verifiers aggregate the batch into one pairing check of k + 3 pairs with Fiat–Shamir challenges of 128
/// bits; PLONK verifiers run each proof's checks and fold the k final pairing checks into one of two pairs with such
/// challenges. Equations and soundness: docs/circuits.md, "Batch verification".
interface IBatchVerifier {
    /// @notice Whether every proof of the batch is valid for its public signals (up to a 2^-128 chance per challenge
    /// draw that a batch holding an invalid proof passes).
    /// @param proofs The proofs, one after another, each as the words of the single `verifyProof`'s proof argument:
    /// 8 for Groth16 (a.x, a.y, b.x[0], b.x[1], b.y[0], b.y[1], c.x, c.y), 24 for PLONK.
    /// @param pubSignals The public signals of every proof (N words each, the circuit's signal count), concatenated in
    /// the order of the proofs.
    /// @return ok False, never a revert, for an empty batch, lengths that do not match, a signal not below the scalar
    /// field, a malformed point or any failing proof.
    function verifyProofs(uint256[] calldata proofs, uint256[] calldata pubSignals) external view returns (bool ok);
}
