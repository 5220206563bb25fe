/**
 * The single-proof entry point `verifyProof` of every generated Groth16 verifier, rendered in place of snarkjs's. The
 * check is snarkjs's, e(−A, B) · e(α, β) · e(vk_x, γ) · e(C, δ) == 1 with vk_x = IC_0 + Σ_j IC_j·x_j, with the same
 * calldata, the same answers (false, never a revert) and the same constants (r, q, the key's points), written for
 * the gas a fulfillment pays for it:
 * - the pairing input is built in place, and vk_x is summed in its own pair's G1 slot with each product landing just
 *   after it (where γ goes last), so that ECADD reads the sum and the product where they lie: no copies;
 * - the signals' range checks and the precompiles' results fold into one flag, with no call frame per signal; a
 *   signal not below r still makes the answer false, after the work a valid proof pays anyway.
 */

/**
 * The end of a single-proof check, with vk_x summed at p + 384: −A, B, α, β, γ, C and δ written around it, the
 * pairing of the four pairs, and the answer (false for any failed step folded into `ok`). Shared by `verifyProof` and
 * `verifyProofFromBase` (groth16WeightsBase.ts), which differ only in where vk_x starts.
 */
export const GROTH16_PAIRING_CHECK = `            mstore(p, calldataload(_pA))
            mstore(add(p, 32), mod(sub(q, calldataload(add(_pA, 32))), q))
            calldatacopy(add(p, 64), _pB, 128)
            mstore(add(p, 192), alphax)
            mstore(add(p, 224), alphay)
            mstore(add(p, 256), betax1)
            mstore(add(p, 288), betax2)
            mstore(add(p, 320), betay1)
            mstore(add(p, 352), betay2)
            mstore(add(p, 448), gammax1)
            mstore(add(p, 480), gammax2)
            mstore(add(p, 512), gammay1)
            mstore(add(p, 544), gammay2)
            calldatacopy(add(p, 576), _pC, 64)
            mstore(add(p, 640), deltax1)
            mstore(add(p, 672), deltax2)
            mstore(add(p, 704), deltay1)
            mstore(add(p, 736), deltay2)

            ok := and(ok, staticcall(gas(), 8, p, 768, p, 0x20))
            mstore(0, and(ok, mload(p)))
            return(0, 0x20)
`;

/** Solidity of `verifyProof` for a key of `nPublic` public signals: uint[2] a, uint[2][2] b, uint[2] c, uint[n]. */
export function groth16VerifyProofFunction(nPublic: number): string {
  const signals = Array.from({ length: nPublic }, (_, j) =>
    [
      `            x := calldataload(add(_pubSignals, ${j * 32}))`,
      "            ok := and(ok, lt(x, r))",
      `            mstore(prod, IC${j + 1}x)`,
      `            mstore(add(prod, 32), IC${j + 1}y)`,
      "            mstore(add(prod, 64), x)",
      "            ok := and(ok, staticcall(gas(), 7, prod, 96, prod, 64))",
      "            ok := and(ok, staticcall(gas(), 6, vkX, 128, vkX, 64))",
    ].join("\n"),
  ).join("\n");
  return `    /// @notice Verifies one proof against its ${nPublic} public signals: e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) == 1.
    /// @return False, never a revert, for a signal not below the scalar field, a point not on the curve or a failing
    /// proof.
    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[${nPublic}] calldata _pubSignals) public view returns (bool) {
        assembly {
            // the pairing input: -A, B | α, β | vk_x, γ | C, δ (6 words a pair)
            let p := mload(0x40)
            let vkX := add(p, 384)
            // each IC_j·x_j lands in γ's slot, right after vk_x, until γ is written
            let prod := add(p, 448)
            mstore(vkX, IC0x)
            mstore(add(vkX, 32), IC0y)
            let ok := 1
            let x := 0
${signals}

${GROTH16_PAIRING_CHECK}        }
    }
`;
}

/**
 * Replaces snarkjs's `verifyProof` (from its declaration to the contract's closing brace) with `fn`, and drops the
 * memory layout constants only snarkjs's version read.
 */
export function replaceVerifyProof(source: string, fn: string): string {
  const start = source.indexOf("    function verifyProof(");
  const end = source.lastIndexOf("}");
  if (start < 0 || end < start) throw new Error("generated Groth16 verifier has no verifyProof to replace");
  const head = source
    .slice(0, start)
    .replace(/\n[ \t]*\/\/ Memory data\n/, "\n")
    .replace(/[ \t]*uint16 constant (pVk|pPairing|pLastMem) = \d+;\n\n?/g, "");
  return `${head.trimEnd()}\n\n${fn}}\n`;
}
