import type { Groth16Proof } from "snarkjs";
import { type Bn128, bn128 } from "./bn128.ts";
import { multiExpAffine } from "./msm.ts";
import { BN254_R, type ProvingKey, ProvingKeyError, readProvingKey } from "./provingKey.ts";
import { evaluateConstraints, quotientScalars } from "./qap.ts";
import { WitnessScalars } from "./witnessMsm.ts";

/**
 * A Groth16 prover for snarkjs keys over BN254 whose proofs are snarkjs's (same key, same verifier, same proof
 * format), made faster where a large circuit's witness allows: the constraint evaluations summed as bigints instead of
 * one wasm call per coefficient, and the witness's multi-scalar multiplications split by scalar width (see
 * {@link WitnessScalars}). The FFTs, the quotient's multiplication and the group arithmetic are ffjavascript's wasm on
 * snarkjs's own worker threads. The key is read once; each proof draws fresh blinding factors r and s.
 */
export class Groth16Prover {
  private constructor(
    private readonly curve: Bn128,
    readonly key: ProvingKey,
  ) {}

  /** @example const prover = await Groth16Prover.load(readFileSync("circuit.zkey")); */
  static async load(zkey: Uint8Array): Promise<Groth16Prover> {
    const curve = await bn128();
    return new Groth16Prover(curve, readProvingKey(curve, zkey));
  }

  /** Proves a full witness (witness[0] = 1, then the public signals, then the private ones). */
  async prove(witness: readonly bigint[]): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    const { curve, key } = this;
    const { Fr, G1, G2 } = curve;
    if (witness.length !== key.nVars) {
      throw new ProvingKeyError(`the witness has ${witness.length} signals; the key's circuit has ${key.nVars}.`);
    }
    const outside = witness.findIndex((value) => value < 0n || value >= BN254_R);
    if (outside >= 0) {
      throw new ProvingKeyError(
        `witness signal ${outside} is not a field element (${witness[outside]}); reduce it mod r.`,
      );
    }
    // The worker threads take tasks in the order they are queued. C's multiplication goes first, to keep them busy
    // while this thread evaluates the constraints (plain JavaScript, handing out tasks between slices); then the
    // three polynomials' FFTs, then the other witness multiplications, which fill the worker the third FFT leaves
    // idle; H's multiplication, last, waits for the FFTs' result.
    const c = new WitnessScalars(witness, key.nPublic + 1).multiply(curve, "G1", key.pointsC);
    const all = new WitnessScalars(witness);
    const abc = await evaluateConstraints(key, witness);
    const quotient = quotientScalars(curve, key, abc);
    const witnessTerms = Promise.all([
      all.multiply(curve, "G1", key.pointsA),
      all.multiply(curve, "G1", key.pointsB1),
      all.multiply(curve, "G2", key.pointsB2),
      c,
    ]);
    const h = await multiExpAffine(curve, "G1", key.pointsH, await quotient);
    const [a, b1, b2] = await witnessTerms;
    const cTerm = await c;

    // the blinding of the Groth16 paper: A + α + rδ, B + β + sδ, C + H + sA + rB1 − rsδ
    const r = Fr.random();
    const s = Fr.random();
    const piA = G1.add(G1.add(a, key.alpha1), G1.timesFr(key.delta1, r));
    const piB = G2.add(G2.add(b2, key.beta2), G2.timesFr(key.delta2, s));
    const piB1 = G1.add(G1.add(b1, key.beta1), G1.timesFr(key.delta1, s));
    let piC = G1.add(cTerm, h);
    piC = G1.add(piC, G1.timesFr(piA, s));
    piC = G1.add(piC, G1.timesFr(piB1, r));
    piC = G1.add(piC, G1.timesFr(key.delta1, Fr.neg(Fr.mul(r, s))));

    const affine = (group: typeof G1, point: Uint8Array) => group.toObject(group.toAffine(point));
    const text = (value: unknown): unknown => (Array.isArray(value) ? value.map(text) : String(value));
    const proof = {
      pi_a: text(affine(G1, piA)),
      pi_b: text(affine(G2, piB)),
      pi_c: text(affine(G1, piC)),
      protocol: "groth16",
      curve: "bn128",
    } as Groth16Proof;
    return { proof, publicSignals: witness.slice(1, 1 + key.nPublic).map(String) };
  }
}
