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
 * i.e. 2k + N scalar multiplications (r_0 = 1 spares the first proof's two).
 *
 * Memory from the free pointer: the N signal sums s_j, 2 words of scratch directly followed by the accumulator ΣrC
 * (so that one ECADD reads r_i·C_i and ΣrC where they lie), the accumulator X, 2 more words of scratch, then the
 * pairing input (k + 3 pairs of 6 words). The Fiat–Shamir seed is hashed from a copy of both arrays placed where the
 * pairing input goes, before it is written. Per proof, every precompile's success and every signal's range check
 * fold into one flag, checked once per proof: a failing batch answers false at the same point either way, and the
 * valid path pays no branch per check. The work is split into Yul functions to keep every frame within the 16
 * reachable stack slots.
 */
export function groth16BatchFunction(nPublic: number): string {
  const firstSums = Array.from({ length: nPublic }, (_, j) => {
    const at = j * 32;
    return [
      `                x := calldataload(add(pSig, ${at}))`,
      `                ok := and(ok, lt(x, r))`,
      `                mstore(add(pMem, ${at}), x)`,
    ].join("\n");
  }).join("\n");
  const sums = Array.from({ length: nPublic }, (_, j) => {
    const at = j * 32;
    return [
      `                x := calldataload(add(pSig, ${at}))`,
      `                ok := and(ok, lt(x, r))`,
      `                mstore(add(pMem, ${at}), addmod(mload(add(pMem, ${at})), mulmod(ri, x, r), r))`,
    ].join("\n");
  }).join("\n");
  const msm = Array.from(
    { length: nPublic },
    (_, j) => `                mulAcc(pX, IC${j + 1}x, IC${j + 1}y, mload(add(pMem, ${j * 32})), pTmp)`,
  ).join("\n");
  const sumsBytes = nPublic * 32;
  // byte offsets from the free memory pointer: r_i·C_i's scratch right before ΣrC, for one ECADD over both
  const rC = sumsBytes;
  const sumC = rC + 64;
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

            // pR <- pR + (x, y)·s; pTmp is 128 bytes of scratch
            function mulAcc(pR, x, y, s, pTmp) {
                mstore(pTmp, x)
                mstore(add(pTmp, 32), y)
                mstore(add(pTmp, 64), s)
                let ok := staticcall(gas(), 7, pTmp, 96, pTmp, 64)
                mstore(add(pTmp, 64), mload(pR))
                mstore(add(pTmp, 96), mload(add(pR, 32)))
                if iszero(and(ok, staticcall(gas(), 6, pTmp, 128, pR, 64))) { fail() }
            }

            // -P for P = (x, y) at p: (x, q - y), and the identity (0, 0) stays itself
            function negate(p) {
                mstore(add(p, 32), mod(sub(q, mload(add(p, 32))), q))
            }

            // The first proof, whose challenge is 1: A_0 and B_0 go to pair 0 as they are (the pairing precompile
            // refuses A_0 off the curve), C_0 to ΣrC through ECADD with the identity (which refuses it off the
            // curve), and x_0j to s_j, each checked below r.
            function absorbFirst(pMem, pProof, pSig) -> ok {
                let pPair := add(pMem, ${pairs})
                calldatacopy(pPair, pProof, 192)
                calldatacopy(add(pMem, ${rC}), add(pProof, 192), 64)
                ok := staticcall(gas(), 6, add(pMem, ${rC}), 128, add(pMem, ${sumC}), 64)
                let x := 0
${firstSums}
            }

            // Proof i > 0: r_i uniform in [1, 2^128], 128 bits of keccak256(seed, i) plus one so that it is never
            // zero. Pair i gets r_i·A_i (its ECMUL's input written in the pair's own place) and B_i, whose words
            // overwrite the scratch r_i·C_i's ECMUL read its input from; ΣrC += r_i·C_i in one ECADD over the
            // adjacent words; s_j += r_i·x_ij (mod r), each x_ij checked below r. ok: all of it succeeded.
            function absorb(pMem, seed, i, pProof, pSig) -> ri, ok {
                mstore(0, seed)
                mstore(32, i)
                ri := add(and(keccak256(0, 64), 0xffffffffffffffffffffffffffffffff), 1)
                let pPair := add(pMem, add(${pairs}, mul(i, 192)))
                calldatacopy(pPair, pProof, 64)
                mstore(add(pPair, 64), ri)
                ok := staticcall(gas(), 7, pPair, 96, pPair, 64)
                calldatacopy(add(pPair, 64), add(pProof, 192), 64)
                mstore(add(pPair, 128), ri)
                ok := and(ok, staticcall(gas(), 7, add(pPair, 64), 96, add(pMem, ${rC}), 64))
                ok := and(ok, staticcall(gas(), 6, add(pMem, ${rC}), 128, add(pMem, ${sumC}), 64))
                // B in the single verifier's word order (the EIP-197 encoding of its coordinates)
                calldatacopy(add(pPair, 64), add(pProof, 64), 128)
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
                mstore(pTail, alphax)
                mstore(add(pTail, 32), alphay)
                mstore(add(pTail, 64), sumR)
                if iszero(staticcall(gas(), 7, pTail, 96, pTail, 64)) { fail() }
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

            // memory: s_j (${nPublic} words), r_i·C_i's scratch, ΣrC, X, 4 words of scratch, then the k + 3 pairs
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

            if iszero(absorbFirst(pMem, proofs.offset, pubSignals.offset)) { fail() }
            let sumR := 1
            for { let i := 1 } lt(i, k) { i := add(i, 1) } {
                let ri, ok := absorb(pMem, seed, i, add(proofs.offset, shl(8, i)), add(pubSignals.offset, mul(i, ${sumsBytes})))
                if iszero(ok) { fail() }
                sumR := add(sumR, ri)
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
 * PLONK: every proof ends in one pairing check e(P_i, [x]_2) · e(Q_i, [1]_2) = 1, with P_i = −(W_ξ + u·W_ξω) and
 * Q_i = ξ·W_ξ + u·ξ·ω·W_ξω + F − E. The batch runs snarkjs's checks of each proof up to those two points (the
 * `pairingPoints` entry point, the single verifier's code with its final pairing replaced by returning P_i and Q_i,
 * called on this contract: snarkjs reads the proof at fixed calldata offsets), then checks, with challenges ρ_i
 * drawn as for Groth16, e(Σ ρ_i·P_i, [x]_2) · e(Σ ρ_i·Q_i, [1]_2) = 1: one pairing of two pairs for the batch.
 */
export function plonkBatchFunctions(single: string, nPublic: number): string {
  return `${plonkPairingPoints(single, nPublic)}${plonkVerifyProofs(nPublic)}`;
}

/** The single verifier's function, renamed, answering (P.x, P.y, Q.x, Q.y) instead of the pairing's verdict. */
function plonkPairingPoints(single: string, nPublic: number): string {
  const from = single.indexOf("    function verifyProof(");
  const to = single.lastIndexOf("}");
  if (from < 0 || to < from) throw new Error("unexpected PLONK template output: no verifyProof");
  const signature = `function verifyProof(uint256[24] calldata _proof, uint256[${nPublic}] calldata _pubSignals) public view returns (bool) {`;
  const tail = /let isValid := checkPairing\(pMem\)[\s\S]*return\(0,\s*0x20\)/;
  let fn = single.slice(from, to).trimEnd();
  if (!fn.includes(signature) || !tail.test(fn) || !fn.includes("assembly {"))
    throw new Error("unexpected PLONK template output: verifyProof changed shape");
  fn = fn
    .replace(
      signature,
      `function pairingPoints(uint256[24] calldata _proof, uint256[${nPublic}] calldata _pubSignals) external view returns (uint256[4] memory) {`,
    )
    .replace("assembly {", `assembly {${FINAL_POINTS}`)
    .replace(tail, "let pOut := finalPoints(pMem)\n            return(pOut, 128)");
  return `
    /// @notice The two G1 points of \`verifyProof\`'s final check e(P, [x]_2) · e(Q, [1]_2) = 1, after every other
    /// check of the proof: \`verifyProofs\` combines them across a batch. Answers 32 bytes of zero if a check failed.
    /// @return points P.x, P.y, Q.x, Q.y.
${fn.replace(/^ {4}\/\/\/.*\n/gm, "")}
`;
}

/** Yul: P and Q as the single verifier's checkPairing builds them (qf: base field, q: scalar field). */
const FINAL_POINTS = `
            // P = -(W_xi + u·W_xiw) and Q = xi·W_xi + u·xi·w·W_xiw + F - E at pOut (4 words; 4 more of scratch)
            function finalPoints(pMem) -> pOut {
                pOut := mload(0x40)
                mstore(0x40, add(pOut, 256))
                let _pWxi := add(pOut, 128)
                let _pWxiw := add(pOut, 192)
                g1_calldataSet(_pWxi, pWxi)
                g1_calldataSet(_pWxiw, pWxiw)
                g1_mulSet(pOut, _pWxiw, mload(add(pMem, pU)))
                g1_acc(pOut, _pWxi)
                mstore(add(pOut, 32), mod(sub(qf, mload(add(pOut, 32))), qf))
                g1_mulSet(add(pOut, 64), _pWxi, mload(add(pMem, pXi)))
                let s := mulmod(mulmod(mload(add(pMem, pU)), mload(add(pMem, pXi)), q), w1, q)
                g1_mulSet(_pWxiw, _pWxiw, s)
                g1_acc(add(pOut, 64), _pWxiw)
                g1_acc(add(pOut, 64), add(pMem, pF))
                mstore(add(pMem, add(pE, 32)), mod(sub(qf, mload(add(pMem, add(pE, 32)))), qf))
                g1_acc(add(pOut, 64), add(pMem, pE))
            }
`;

function plonkVerifyProofs(nPublic: number): string {
  const signalBytes = nPublic * 32;
  const callBytes = 4 + 768 + signalBytes;
  return `
    /// @notice Verifies k proofs of this circuit at once: true iff every proof is valid (up to a 2^-128 chance
    /// per challenge draw, see docs/circuits.md). Each proof's challenges and linearisation are checked as in
    /// \`verifyProof\` (through \`pairingPoints\`); their final pairing checks are folded into one of two pairs.
    /// @param proofs 24 words per proof, each the \`_proof\` argument of \`verifyProof\`.
    /// @param pubSignals ${nPublic} words per proof (this circuit's public signals), concatenated in proof order.
    /// @return False, never a revert, for an empty batch, lengths that do not match, a signal not below the scalar
    /// field, or any failing proof.
    function verifyProofs(uint256[] calldata proofs, uint256[] calldata pubSignals) external view returns (bool) {
        bytes4 points = this.pairingPoints.selector;
        assembly {
            function fail() {
                ${FAIL}
            }

            // pR <- pR + (x, y)·s; pScratch is 128 bytes
            function mulAcc(pR, x, y, s, pScratch) {
                mstore(pScratch, x)
                mstore(add(pScratch, 32), y)
                mstore(add(pScratch, 64), s)
                if iszero(staticcall(gas(), 7, pScratch, 96, pScratch, 64)) { fail() }
                mstore(add(pScratch, 64), mload(pR))
                mstore(add(pScratch, 96), mload(add(pR, 32)))
                if iszero(staticcall(gas(), 6, pScratch, 128, pR, 64)) { fail() }
            }

            // r_i uniform in [1, 2^128], as in the Groth16 batch; adds r_i·P_i and r_i·Q_i to the sums at pSums
            function absorb(pSums, pCall, seed, i, pProofs, pSignals) {
                for { let j := 0 } lt(j, ${signalBytes}) { j := add(j, 32) } {
                    if iszero(lt(calldataload(add(pSignals, add(mul(i, ${signalBytes}), j))), q)) { fail() }
                }
                calldatacopy(add(pCall, 4), add(pProofs, mul(i, 768)), 768)
                calldatacopy(add(pCall, 772), add(pSignals, mul(i, ${signalBytes})), ${signalBytes})
                // the answer goes to the scratch words, which the sums' updates overwrite only once it is read
                let pOut := add(pSums, 256)
                if iszero(staticcall(gas(), address(), pCall, ${callBytes}, pOut, 128)) { fail() }
                if iszero(eq(returndatasize(), 128)) { fail() }
                mstore(0, seed)
                mstore(32, i)
                let ri := add(and(keccak256(0, 64), 0xffffffffffffffffffffffffffffffff), 1)
                let qx := mload(add(pOut, 64))
                let qy := mload(add(pOut, 96))
                mulAcc(pSums, mload(pOut), mload(add(pOut, 32)), ri, pOut)
                mulAcc(add(pSums, 192), qx, qy, ri, pOut)
            }

            let k := div(proofs.length, 24)
            if or(iszero(k), or(mod(proofs.length, 24), iszero(eq(pubSignals.length, mul(k, ${nPublic}))))) { fail() }

            // memory: the pairing input (ΣρP, [x]_2, ΣρQ, [1]_2: 12 words), 4 words of scratch, then the call
            let pSums := mload(0x40)
            let pCall := add(pSums, 384)
            calldatacopy(pSums, calldatasize(), 384)

            let seed := 0
            {
                let proofBytes := mul(proofs.length, 32)
                calldatacopy(pCall, proofs.offset, proofBytes)
                calldatacopy(add(pCall, proofBytes), pubSignals.offset, mul(pubSignals.length, 32))
                seed := keccak256(pCall, add(proofBytes, mul(pubSignals.length, 32)))
            }
            mstore(pCall, points)
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                absorb(pSums, pCall, seed, i, proofs.offset, pubSignals.offset)
            }

            mstore(add(pSums, 64), X2x2)
            mstore(add(pSums, 96), X2x1)
            mstore(add(pSums, 128), X2y2)
            mstore(add(pSums, 160), X2y1)
            mstore(add(pSums, 256), G2x2)
            mstore(add(pSums, 288), G2x1)
            mstore(add(pSums, 320), G2y2)
            mstore(add(pSums, 352), G2y1)
            let success := staticcall(gas(), 8, pSums, 384, 0, 0x20)
            mstore(0, and(success, mload(0)))
            return(0, 0x20)
        }
    }
`;
}
