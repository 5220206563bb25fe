/**
 * The batch entry point `verifyProofs(uint256[] proofs, uint256[] pubSignals)` that every generated verifier exposes
 * next to snarkjs's single `verifyProof`. It is rendered from the same verification key and spliced into the
 * snarkjs output, whose constants (r, q, the key's points) it reads, so one key yields both checks.
 * The equations, the Fiat–Shamir derivation and the soundness argument: docs/circuits.md, "Batch verification".
 */

/** Words of one proof in `proofs`, per proof system: the calldata of the single `verifyProof`. */
export const BATCH_PROOF_WORDS = { groth16: 8, plonk: 24 } as const;

const FAIL = "mstore(0, 0)\n                return(0, 0x20)";

/**
 * Groth16: with challenges r_i, one pairing check of k + 3 pairs,
 *   prod_i e(r_i·A_i, B_i) · e(−(Σr_i)·α, β) · e(−X, γ) · e(−Σ r_i·C_i, δ) == 1,
 *   X = IC_0·Σr_i + Σ_j IC_j·(Σ_i r_i·x_ij mod r),
 * i.e. 2k + N + 2 scalar multiplications whatever k.
 *
 * Memory from the free pointer: the N signal sums s_j, the accumulators ΣrC and X (2 words each), a 4-word
 * scratch for ECMUL/ECADD, then the pairing input (k + 3 pairs of 6 words). The Fiat–Shamir seed is hashed from
 * a copy of both arrays placed where the pairing input goes, before it is written. The work is split into Yul
 * functions to keep every frame within the 16 reachable stack slots.
 */
export function groth16BatchFunction(nPublic: number): string {
  const sums = Array.from({ length: nPublic }, (_, j) => {
    const at = j * 32;
    return [
      `                x := calldataload(add(pSig, ${at}))`,
      `                if iszero(lt(x, r)) { fail() }`,
      `                mstore(add(pMem, ${at}), addmod(mload(add(pMem, ${at})), mulmod(ri, x, r), r))`,
    ].join("\n");
  }).join("\n");
  const msm = Array.from(
    { length: nPublic },
    (_, j) => `                mulAcc(pX, IC${j + 1}x, IC${j + 1}y, mload(add(pMem, ${j * 32})), pTmp)`,
  ).join("\n");
  const sumsBytes = nPublic * 32;
  // byte offsets from the free memory pointer
  const sumC = sumsBytes;
  const sumX = sumC + 64;
  const tmp = sumX + 64;
  const pairs = tmp + 128;
  return `
    /// @notice Verifies k proofs of this circuit at once: true iff every proof is valid (up to a 2^-128 chance
    /// per challenge draw, see docs/circuits.md), with one pairing check of k + 3 pairs.
    /// @param proofs 8 words per proof, each in the order of \`verifyProof\`'s calldata: a.x, a.y, b.x[0], b.x[1],
    /// b.y[0], b.y[1], c.x, c.y.
    /// @param pubSignals ${nPublic} words per proof (this circuit's public signals), concatenated in proof order.
    /// @return False, never a revert, for an empty batch, lengths that do not match, a signal not below the scalar
    /// field, a point not on the curve, or any failing proof.
    function verifyProofs(uint256[] calldata proofs, uint256[] calldata pubSignals) external view returns (bool) {
        assembly {
            function fail() {
                ${FAIL}
            }

            // pR <- x·s through the ECMUL precompile; pTmp is 96 bytes of scratch that may alias pR
            function mulTo(pR, x, y, s, pTmp) {
                mstore(pTmp, x)
                mstore(add(pTmp, 32), y)
                mstore(add(pTmp, 64), s)
                if iszero(staticcall(gas(), 7, pTmp, 96, pR, 64)) { fail() }
            }

            // pR <- pR + (x, y)·s; pTmp is 128 bytes of scratch
            function mulAcc(pR, x, y, s, pTmp) {
                mulTo(pTmp, x, y, s, pTmp)
                mstore(add(pTmp, 64), mload(pR))
                mstore(add(pTmp, 96), mload(add(pR, 32)))
                if iszero(staticcall(gas(), 6, pTmp, 128, pR, 64)) { fail() }
            }

            // -P for P = (x, y) at p: (x, q - y), and the identity (0, 0) stays itself
            function negate(p) {
                mstore(add(p, 32), mod(sub(q, mload(add(p, 32))), q))
            }

            // r_i uniform in [1, 2^128]: 128 bits of keccak256(seed, i), plus one so that it is never zero.
            // Adds r_i·A_i, B_i as pair i, r_i·C_i to ΣrC and r_i·x_ij to s_j (mod r), checking every x_ij < r.
            function absorb(pMem, seed, i, pProofs, pSignals) -> ri {
                mstore(0, seed)
                mstore(32, i)
                ri := add(and(keccak256(0, 64), 0xffffffffffffffffffffffffffffffff), 1)
                let pProof := add(pProofs, mul(i, 256))
                let pPair := add(pMem, add(${pairs}, mul(i, 192)))
                mulTo(pPair, calldataload(pProof), calldataload(add(pProof, 32)), ri, pPair)
                // B in the single verifier's word order (the EIP-197 encoding of its coordinates)
                calldatacopy(add(pPair, 64), add(pProof, 64), 128)
                mulAcc(add(pMem, ${sumC}), calldataload(add(pProof, 192)), calldataload(add(pProof, 224)), ri, add(pMem, ${tmp}))
                let pSig := add(pSignals, mul(i, ${sumsBytes}))
                let x := 0
${sums}
            }

            // the pairs after the k proofs': -(Σr_i)·α with β, -X with γ, -Σ r_i·C_i with δ
            function tail(pMem, k, sumR) {
                let pX := add(pMem, ${sumX})
                let pTmp := add(pMem, ${tmp})
                // X = IC_0·Σr_i + Σ_j IC_j·s_j
                mulAcc(pX, IC0x, IC0y, sumR, pTmp)
${msm}
                let pTail := add(pMem, add(${pairs}, mul(k, 192)))
                mulTo(pTail, alphax, alphay, sumR, pTail)
                negate(pTail)
                mstore(add(pTail, 64), betax1)
                mstore(add(pTail, 96), betax2)
                mstore(add(pTail, 128), betay1)
                mstore(add(pTail, 160), betay2)
                mstore(add(pTail, 192), mload(pX))
                mstore(add(pTail, 224), mload(add(pX, 32)))
                negate(add(pTail, 192))
                mstore(add(pTail, 256), gammax1)
                mstore(add(pTail, 288), gammax2)
                mstore(add(pTail, 320), gammay1)
                mstore(add(pTail, 352), gammay2)
                mstore(add(pTail, 384), mload(add(pMem, ${sumC})))
                mstore(add(pTail, 416), mload(add(pMem, ${sumC + 32})))
                negate(add(pTail, 384))
                mstore(add(pTail, 448), deltax1)
                mstore(add(pTail, 480), deltax2)
                mstore(add(pTail, 512), deltay1)
                mstore(add(pTail, 544), deltay2)
            }

            let k := div(proofs.length, 8)
            if or(iszero(k), or(mod(proofs.length, 8), iszero(eq(pubSignals.length, mul(k, ${nPublic}))))) { fail() }

            // memory: s_j (${nPublic} words), ΣrC, X, 4 words of scratch, then the k + 3 pairs
            let pMem := mload(0x40)
            calldatacopy(pMem, calldatasize(), ${pairs})

            // Fiat–Shamir seed: every proof word and every public signal of the batch (the lengths fix k), hashed
            // from a copy where the pairs will go
            let seed := 0
            {
                let proofBytes := mul(proofs.length, 32)
                calldatacopy(add(pMem, ${pairs}), proofs.offset, proofBytes)
                calldatacopy(add(pMem, add(${pairs}, proofBytes)), pubSignals.offset, mul(pubSignals.length, 32))
                seed := keccak256(add(pMem, ${pairs}), add(proofBytes, mul(pubSignals.length, 32)))
            }

            let sumR := 0
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                sumR := add(sumR, absorb(pMem, seed, i, proofs.offset, pubSignals.offset))
            }
            tail(pMem, k, sumR)

            let success := staticcall(gas(), 8, add(pMem, ${pairs}), mul(add(k, 3), 192), 0, 0x20)
            mstore(0, and(success, mload(0)))
            return(0, 0x20)
        }
    }
`;
}

/** Inserts `fn` as the last member of the generated contract (before its final closing brace). */
export function appendToContract(source: string, fn: string): string {
  const end = source.lastIndexOf("}");
  if (end < 0) throw new Error("generated verifier has no contract body");
  return `${source.slice(0, end).trimEnd()}\n${fn}}\n`;
}

/**
 * PLONK: a loop of single checks, each a static self-call of `verifyProof` (whose assembly ends the call frame with
 * `return`, so it cannot be entered internally). Same interface and answers as the Groth16 batch; no gas saving.
 */
export function plonkBatchFunction(nPublic: number): string {
  const signalBytes = nPublic * 32;
  return `
    /// @notice Verifies k proofs of this circuit: true iff every proof is valid. Not an aggregated check: each
    /// proof goes through \`verifyProof\` in turn (a static self-call), so it costs k single verifications.
    /// @param proofs 24 words per proof, each the \`_proof\` argument of \`verifyProof\`.
    /// @param pubSignals ${nPublic} words per proof (this circuit's public signals), concatenated in proof order.
    /// @return False, never a revert, for an empty batch, lengths that do not match or any failing proof.
    function verifyProofs(uint256[] calldata proofs, uint256[] calldata pubSignals) external view returns (bool) {
        bytes4 single = this.verifyProof.selector;
        assembly {
            let k := div(proofs.length, 24)
            if or(iszero(k), or(mod(proofs.length, 24), iszero(eq(pubSignals.length, mul(k, ${nPublic}))))) {
                ${FAIL}
            }
            let pCall := mload(0x40)
            mstore(pCall, single)
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                calldatacopy(add(pCall, 4), add(proofs.offset, mul(i, 768)), 768)
                calldatacopy(add(pCall, 772), add(pubSignals.offset, mul(i, ${signalBytes})), ${signalBytes})
                let ok := staticcall(gas(), address(), pCall, ${772 + signalBytes}, 0, 0x20)
                if iszero(and(ok, and(eq(returndatasize(), 0x20), eq(mload(0), 1)))) {
                    ${FAIL}
                }
            }
            mstore(0, 1)
            return(0, 0x20)
        }
    }
`;
}
