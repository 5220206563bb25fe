import { type Groth16Proof, groth16, type VerificationKey } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bn128, bn128 } from "../../circuits/src/groth16/bn128.ts";
import { Groth16Prover } from "../../circuits/src/groth16/groth16Prover.ts";
import { BN254_R, type ProvingKey, ProvingKeyError, readProvingKey } from "../../circuits/src/groth16/provingKey.ts";
import { evaluateConstraints } from "../../circuits/src/groth16/qap.ts";
import { WitnessScalars } from "../../circuits/src/groth16/witnessMsm.ts";
import { findBackend, findCircuit, loadManifest, readArtifact } from "../../circuits/src/manifest.ts";
import { CircuitProver, terminateProvers } from "../../circuits/src/prover.ts";
import { sampleCall } from "../../circuits/src/sampleCalls.ts";

// The project's Groth16 prover against snarkjs on a committed circuit: the same constraint evaluations byte for byte,
// the same multi-scalar products, and proofs snarkjs's verifier accepts (and refuses once anything changes).
const CIRCUIT = "classifier16-committed";
const manifest = loadManifest();
const artifacts = findBackend(findCircuit(manifest, CIRCUIT), "groth16");
const zkey = readArtifact(artifacts.zkey);
const vkey = JSON.parse(new TextDecoder().decode(readArtifact(artifacts.vkey))) as VerificationKey;

let curve: Bn128;
let witness: bigint[];
let publicCount: number;

beforeAll(async () => {
  curve = await bn128();
  const circuit = findCircuit(manifest, CIRCUIT);
  const call = sampleCall(circuit.shape, circuit.inputMode, "groth16-prover-test");
  witness = (await CircuitProver.load(CIRCUIT, "groth16")).computeWitness(call);
  publicCount = call.publicSignals.length;
});

afterAll(async () => {
  await terminateProvers();
});

/** snarkjs's own construction of the A, B and C evaluations: one wasm multiplication per coefficient, in key order. */
function referenceEvaluations(bytes: Uint8Array, domainSize: number): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let coefficients: Uint8Array | undefined;
  while (offset < bytes.byteLength) {
    const type = view.getUint32(offset, true);
    const length = Number(view.getBigUint64(offset + 4, true));
    if (type === 4) coefficients = bytes.subarray(offset + 12, offset + 12 + length);
    offset += 12 + length;
  }
  if (!coefficients) throw new Error("no coefficient section");
  const c = new DataView(coefficients.buffer, coefficients.byteOffset, coefficients.byteLength);
  const out = [new Uint8Array(domainSize * 32), new Uint8Array(domainSize * 32), new Uint8Array(domainSize * 32)];
  const scalars = witness.map((w) => {
    const b = new Uint8Array(32);
    for (let i = 0; i < 32; i++) b[i] = Number((w >> BigInt(8 * i)) & 0xffn);
    return b;
  });
  for (let i = 0; i < c.getUint32(0, true); i++) {
    const at = 4 + i * 44;
    const matrix = out[c.getUint32(at, true)] as Uint8Array;
    const row = c.getUint32(at + 4, true);
    const term = curve.Fr.mul(coefficients.slice(at + 12, at + 44), scalars[c.getUint32(at + 8, true)] as Uint8Array);
    matrix.set(curve.Fr.add(matrix.slice(row * 32, row * 32 + 32), term), row * 32);
  }
  for (let row = 0; row < domainSize; row++) {
    const product = curve.Fr.mul(
      (out[0] as Uint8Array).slice(row * 32, row * 32 + 32),
      (out[1] as Uint8Array).slice(row * 32, row * 32 + 32),
    );
    (out[2] as Uint8Array).set(product, row * 32);
  }
  return out;
}

/** The split multi-scalar products of `values` equal one full-width product each, in G1 (A's points) and G2 (B's). */
async function expectSplitEqualsFull(key: ProvingKey, values: readonly bigint[]): Promise<void> {
  const full = new Uint8Array(values.length * 32);
  const view = new DataView(full.buffer);
  values.forEach((w, i) => {
    for (let limb = 0; limb < 4; limb++)
      view.setBigUint64(i * 32 + 8 * limb, BigInt.asUintN(64, w >> BigInt(64 * limb)), true);
  });
  const split = new WitnessScalars(values);
  expect(
    curve.G1.eq(await split.multiply(curve, "G1", key.pointsA), await curve.G1.multiExpAffine(key.pointsA, full)),
  ).toBe(true);
  expect(
    curve.G2.eq(await split.multiply(curve, "G2", key.pointsB2), await curve.G2.multiExpAffine(key.pointsB2, full)),
  ).toBe(true);
}

describe("Groth16Prover", () => {
  it("evaluates the constraints exactly as snarkjs does", async () => {
    const key = readProvingKey(curve, zkey);
    const [a, b, c] = await evaluateConstraints(key, witness);
    const [refA, refB, refC] = referenceEvaluations(zkey, key.domainSize);
    expect(Buffer.from(a).equals(Buffer.from(refA as Uint8Array))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(refB as Uint8Array))).toBe(true);
    expect(Buffer.from(c).equals(Buffer.from(refC as Uint8Array))).toBe(true);
  });

  it("multiplies the witness by the key's G1 and G2 points as one full-width multi-scalar product does", async () => {
    const key = readProvingKey(curve, zkey);
    await expectSplitEqualsFull(key, witness);
    // the witness spans every positive width class, so each one was exercised
    const widths = new Set(
      witness.map((w) => (w === 0n ? 0 : w < 256n ? 1 : w < 65536n ? 2 : w < 2n ** 32n ? 4 : w < 2n ** 64n ? 8 : 32)),
    );
    expect([...widths].sort((x, y) => x - y)).toEqual([0, 1, 2, 4, 8, 32]);
  });

  it("subtracts the negated classes: r − x multiplied as −x over x's width, in G1 and G2", async () => {
    const key = readProvingKey(curve, zkey);
    // every class, positive and negated, at each width's bounds, then wide values, over the key's signals in turn
    const edges = [1n, 0xffn, 0x100n, 0xffffn, 0x10000n, 0xffffffffn, 2n ** 32n, 2n ** 64n - 1n];
    const values = [...edges, ...edges.map((x) => BN254_R - x), 2n ** 64n, BN254_R - 2n ** 64n, BN254_R >> 1n, 0n];
    const synthetic = Array.from({ length: key.nVars }, (_, i) => {
      const value = values[i % values.length] as bigint;
      // a different multiple per signal: a class multiplied by the wrong sign or width cannot cancel out
      return value === 0n
        ? 0n
        : (value + BigInt(Math.floor(i / values.length)) * (value < 2n ** 128n ? 1n : -1n)) % BN254_R;
    });
    const sizes = new WitnessScalars(synthetic).sizes.map(({ width, negated }) => `${negated ? "-" : "+"}${width}`);
    expect(sizes.sort()).toEqual(["+1", "+2", "+32", "+4", "+8", "-1", "-2", "-4", "-8"]);
    await expectSplitEqualsFull(key, synthetic);
    // the real witness's own negative values (scores, signed differences) fall in negated classes too
    expect(new WitnessScalars(witness).sizes.some(({ negated }) => negated)).toBe(true);
  });

  it("proves what snarkjs's verifier accepts, with fresh blinding each time, and nothing once a signal changes", async () => {
    const prover = await Groth16Prover.load(zkey);
    const first = await prover.prove(witness);
    const second = await prover.prove(witness);
    expect(first.publicSignals).toEqual(witness.slice(1, 1 + publicCount).map(String));
    expect(first.proof.pi_a).toHaveLength(3);
    expect(first.proof.pi_b).toHaveLength(3);
    expect(first.proof.protocol).toBe("groth16");
    expect(first.proof.pi_a).not.toEqual(second.proof.pi_a);
    expect(await groth16.verify(vkey, first.publicSignals, first.proof)).toBe(true);
    expect(await groth16.verify(vkey, second.publicSignals, second.proof)).toBe(true);

    const changed = [...first.publicSignals];
    changed[0] = (BigInt(changed[0] as string) + 1n).toString();
    expect(await groth16.verify(vkey, changed, first.proof)).toBe(false);
    const swapped: Groth16Proof = { ...first.proof, pi_c: second.proof.pi_c };
    expect(await groth16.verify(vkey, first.publicSignals, swapped)).toBe(false);
  });

  it("gives no valid proof for a witness that breaks a constraint", async () => {
    const prover = await Groth16Prover.load(zkey);
    const broken = [...witness];
    const last = broken.length - 1;
    broken[last] = ((broken[last] as bigint) + 1n) % BN254_R;
    const { proof, publicSignals } = await prover.prove(broken);
    expect(await groth16.verify(vkey, publicSignals, proof)).toBe(false);
  });

  it("refuses a witness of the wrong length or outside the field, and keys it cannot use", async () => {
    const prover = await Groth16Prover.load(zkey);
    await expect(prover.prove(witness.slice(1))).rejects.toThrow(ProvingKeyError);
    await expect(prover.prove(witness.map((w, i) => (i === 2 ? w + BN254_R : w)))).rejects.toThrow(
      /not a field element/,
    );
    await expect(Groth16Prover.load(new Uint8Array(64))).rejects.toThrow(/not a zkey/);
    await expect(Groth16Prover.load(zkey.subarray(0, zkey.byteLength - 100))).rejects.toThrow(/truncated/);
    // the same file with its header's protocol set to PLONK's (2), as a PLONK key's header reads
    const plonk = Uint8Array.from(zkey);
    expect(new DataView(plonk.buffer).getUint32(12, true)).toBe(1);
    new DataView(plonk.buffer).setUint32(24, 2, true);
    await expect(Groth16Prover.load(plonk)).rejects.toThrow(/not a Groth16 key/);
  });
});
