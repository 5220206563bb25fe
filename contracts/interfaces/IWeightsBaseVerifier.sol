// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IWeightsBaseVerifier
/// @notice The entry points every inference circuit's Groth16 verifier (contracts/verifiers, rendered by
/// circuits/src/build/groth16WeightsBase.ts from the same key as its `verifyProof`) exposes so that a caller serving
/// many proofs of one model version multiplies the weights commitment into vk_x once per version, not once per proof.
/// @dev An inference circuit's public signals are its outputs, its input words, the weights commitment and the binding
/// (circuits/manifest.json). `weightsBase` computes the commitment's part of vk_x; `verifyProofFromBase` checks a proof
/// from that part and the other signals. The signals are a dynamic array so that the selectors are the same for every
/// circuit. PLONK and fairness-audit verifiers do not implement this interface.
interface IWeightsBaseVerifier {
    /// @notice IC_0 + IC_w·weightsCommitment, the part of vk_x that depends only on the weights commitment (IC_w is
    /// the weights commitment's point in the verification key): the `base` to store for a model version.
    /// @param weightsCommitment The model version's weights commitment, as the circuit's public signal.
    /// @return x The point's x coordinate; (0, 0) when weightsCommitment is not below the scalar field or a precompile
    /// fails, never a revert. A caller must not store (0, 0) as a base.
    /// @return y The point's y coordinate.
    function weightsBase(uint256 weightsCommitment) external view returns (uint256 x, uint256 y);

    /// @notice `verifyProof`'s check with vk_x = base + the other signals' terms: true iff the proof is valid for the
    /// weights commitment `base` was computed from and for `pubSignals`.
    /// @dev WARNING: NOT A VERIFIER OF UNTRUSTED INPUT. With a base of the caller's choosing any statement passes
    /// (e.g. a base that makes vk_x the point at infinity, with A = α, B = β and C the point at infinity). Pass only a
    /// base the calling contract computed itself with `weightsBase` from a weights commitment it trusts (the model
    /// version's, as registered) and stored; never one taken from the proof's sender.
    /// @param pA The proof's A.
    /// @param pB The proof's B, in `verifyProof`'s word order (the EIP-197 encoding of its coordinates).
    /// @param pC The proof's C.
    /// @param base `weightsBase(weightsCommitment)` for the weights commitment the proof is checked against.
    /// @param pubSignals Every public signal but the weights commitment, in the circuit's order: the outputs, the input
    /// words, then the binding (the circuit's signal count minus one).
    /// @return ok False, never a revert, for another signal count, a signal not below the scalar field, a point not on
    /// the curve or a failing proof.
    function verifyProofFromBase(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] calldata base,
        uint256[] calldata pubSignals
    ) external view returns (bool ok);
}
