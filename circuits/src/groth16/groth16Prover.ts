import type { Groth16Proof } from "snarkjs";
import { type Bn128, bn128 } from "./bn128.ts";
import { BN254_R, type ProvingKey, ProvingKeyError, readProvingKey } from "./provingKey.ts";
import { evaluateConstraints, quotientScalars } from "./qap.ts";
import { WitnessScalars } from "./witnessMsm.ts";

const G1_AFFINE = 64;
const G2_AFFINE = 128;

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
    // the witness's multiplications go to the worker threads first; the constraint evaluations, plain JavaScript,
    // run on this thread meanwhile, handing the workers their next tasks between slices
    const all = new WitnessScalars(witness);
    const privates = new WitnessScalars(witness, key.nPublic + 1);
    const witnessTerms = Promise.all([
      all.multiply(G1, key.pointsA, G1_AFFINE),
      all.multiply(G1, key.pointsB1, G1_AFFINE),
      all.multiply(G2, key.pointsB2, G2_AFFINE),
      privates.multiply(G1, key.pointsC, G1_AFFINE),
    ]);
    const abc = await evaluateConstraints(key, witness);
    const h = await G1.multiExpAffine(key.pointsH, await quotientScalars(curve, key, abc));
    const [a, b1, b2, c] = await witnessTerms;

    // the blinding of the Groth16 paper: A + α + rδ, B + β + sδ, C + H + sA + rB1 − rsδ
    const r = Fr.random();
    const s = Fr.random();
    const piA = G1.add(G1.add(a, key.alpha1), G1.timesFr(key.delta1, r));
    const piB = G2.add(G2.add(b2, key.beta2), G2.timesFr(key.delta2, s));
    const piB1 = G1.add(G1.add(b1, key.beta1), G1.timesFr(key.delta1, s));
    let piC = G1.add(c, h);
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
