/**
 * The two entry points an inference circuit's Groth16 verifier gets beside `verifyProof`, so that a caller that
 * serves many proofs of one model version pays the weights commitment's scalar multiplication once per version
 * instead of once per proof:
 * - `weightsBase(c)` = IC_0 + IC_w·c, the part of vk_x that depends only on the weights commitment c (signal w);
 * - `verifyProofFromBase(A, B, C, base, others)`, `verifyProof`'s check with vk_x = base + Σ_{j≠w} IC_j·x_j.
 * An inference circuit's public signals are its outputs, its input words, the weights commitment and the binding
 * (circuits/manifest.json), so w is the second-to-last signal and `others` are the rest in their order.
 *
 * The signals are a dynamic array so that the selector is the same for every circuit: a caller holding verifiers of
 * several circuits calls them all alike. The base is trusted as given: the function is a primitive for a caller that
 * computed and stored it, never a check of a base from the proof's sender (see the NatSpec rendered below).
 */

import { GROTH16_PAIRING_CHECK } from "./groth16SingleVerifier.ts";

/** The Solidity of `weightsBase` and `verifyProofFromBase` for a key of `nPublic` signals, in the style of `verifyProof`. */
export function groth16WeightsBaseFunctions(nPublic: number): string {
  if (!Number.isInteger(nPublic) || nPublic < 2) {
    throw new Error(
      `an inference verifier has at least the weights commitment and the binding, not ${nPublic} signals`,
    );
  }
  // IC index of the weights commitment: signal nPublic - 2, after the constant IC_0
  const w = nPublic - 1;
  const others = nPublic - 1;
  const signals = Array.from({ length: others }, (_, k) => {
    // the caller's k-th signal is signal k before the weights commitment and signal k + 1 after it
    const ic = k + 1 < w ? k + 1 : k + 2;
    const lines = [
      `            x := calldataload(add(_pubSignals.offset, ${k * 32}))`,
      "            ok := and(ok, lt(x, r))",
      `            mstore(prod, IC${ic}x)`,
      `            mstore(add(prod, 32), IC${ic}y)`,
      "            mstore(add(prod, 64), x)",
      "            ok := and(ok, staticcall(gas(), 7, prod, 96, prod, 64))",
      "            ok := and(ok, staticcall(gas(), 6, vkX, 128, vkX, 64))",
    ];
    if (k === 0) {
      // the only ECADD that reads the caller's base: see the comment rendered with it
      lines.push(
        "            // a base off the curve fails this ECADD, which burns the gas it was given, and every later one",
        "            // (vk_x unwritten): answer false now, while the 1/64 of the gas kept back still pays for it",
        "            if iszero(ok) {",
        "                mstore(0, 0)",
        "                return(0, 0x20)",
        "            }",
      );
    }
    return lines.join("\n");
  }).join("\n");
  return `
    /// @notice The part of vk_x that depends only on the weights commitment (signal ${nPublic - 2}, the second-to-last):
    /// IC_0 + IC_${w}·weightsCommitment, the \`_base\` that \`verifyProofFromBase\` takes for proofs of that commitment.
    /// @dev One ECMUL and one ECADD: a caller computes it once per model version and stores it.
    /// @param weightsCommitment The model version's weights commitment, as the circuit's public signal.
    /// @return x The point's x coordinate; 0 with y = 0 (the point at infinity's encoding) when weightsCommitment is
    /// not below the scalar field or a precompile fails. Never reverts.
    /// @return y The point's y coordinate.
    function weightsBase(uint256 weightsCommitment) external view returns (uint256 x, uint256 y) {
        assembly {
            // IC_0 | IC_w, c: the product lands right after IC_0, where the ECADD reads both
            let p := mload(0x40)
            mstore(p, IC0x)
            mstore(add(p, 32), IC0y)
            mstore(add(p, 64), IC${w}x)
            mstore(add(p, 96), IC${w}y)
            mstore(add(p, 128), weightsCommitment)
            let ok := lt(weightsCommitment, r)
            ok := and(ok, staticcall(gas(), 7, add(p, 64), 96, add(p, 64), 64))
            ok := and(ok, staticcall(gas(), 6, p, 128, p, 64))
            x := mul(mload(p), ok)
            y := mul(mload(add(p, 32)), ok)
        }
    }

    /// @notice \`verifyProof\` with the weights commitment's part of vk_x given: e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ)
    /// == 1 with vk_x = _base + Σ IC_j·x_j over every signal but the weights commitment.
    /// @dev WARNING: NOT A VERIFIER OF UNTRUSTED INPUT. The base decides what is proven: with a base of the caller's
    /// choosing any statement passes (e.g. the base −Σ IC_j·x_j, which makes vk_x the point at infinity, with A = α,
    /// B = β and C the point at infinity). Pass only a base your contract computed itself with \`weightsBase\` from a
    /// weights commitment it trusts (the model version's, as registered) and stored; a (0, 0) from \`weightsBase\`
    /// means no base, never one to store.
    /// The signals are a dynamic array so that this function's selector is the same in every inference verifier.
    /// @param _pA The proof's A.
    /// @param _pB The proof's B, in \`verifyProof\`'s word order.
    /// @param _pC The proof's C.
    /// @param _base \`weightsBase(weightsCommitment)\` for the weights commitment the proof is checked against.
    /// @param _pubSignals The ${others} other public signals in the circuit's order: the outputs, the input words, then
    /// the binding.
    /// @return False, never a revert, for a signal count other than ${others}, a signal not below the scalar field, a
    /// point not on the curve or a failing proof.
    function verifyProofFromBase(uint256[2] calldata _pA, uint256[2][2] calldata _pB, uint256[2] calldata _pC, uint256[2] calldata _base, uint256[] calldata _pubSignals) external view returns (bool) {
        assembly {
            // the pairing input: -A, B | α, β | vk_x, γ | C, δ (6 words a pair), as in verifyProof
            let p := mload(0x40)
            let vkX := add(p, 384)
            // each IC_j·x_j lands in γ's slot, right after vk_x, until γ is written
            let prod := add(p, 448)
            calldatacopy(vkX, _base, 64)
            // a short array reads past its end (zeros or other calldata, never a revert) and still answers false
            let ok := eq(_pubSignals.length, ${others})
            let x := 0
${signals}

${GROTH16_PAIRING_CHECK}        }
    }
`;
}
