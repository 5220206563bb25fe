import { FatalError } from "@symbiote/sdk";
import { curves, type Groth16Proof, groth16, type PlonkProof, plonk, type VerificationKey } from "snarkjs";
import type { CircuitCall } from "./circuitInput.ts";
import { Groth16Prover } from "./groth16/groth16Prover.ts";
import {
  type Backend,
  type BackendArtifacts,
  findBackend,
  findCircuit,
  loadManifest,
  type Manifest,
  REPO_ROOT,
  readArtifact,
} from "./manifest.ts";
import { encodeWtns, WitnessCalculator } from "./witness.ts";

export type Proof = { backend: "groth16"; proof: Groth16Proof } | { backend: "plonk"; proof: PlonkProof };

export type ProveResult = Proof & {
  publicSignals: bigint[];
  witnessMs: number;
  proofMs: number;
};

/** The circuit computed other public signals than the reference inference: its artifacts and the code disagree. */
export class CircuitMismatchError extends FatalError {
  override name = "CircuitMismatchError";
}

/**
 * Proves one circuit with one backend. The wasm, zkey and verification key are read (and checked against the
 * manifest) once; the wasm is instantiated once; snarkjs keeps the BN254 curve and its worker threads in a
 * process-wide cache, so call {@link terminateProvers} when done or the process will not exit.
 */
export class CircuitProver {
  readonly circuitId: string;
  readonly backend: Backend;
  readonly artifacts: BackendArtifacts;
  private readonly witness: WitnessCalculator;
  private readonly zkey: Uint8Array;
  private readonly vkey: VerificationKey;
  /** The Groth16 key, read once (the PLONK backend proves with snarkjs from `zkey`). */
  private readonly groth16: Groth16Prover | undefined;

  private constructor(
    circuitId: string,
    artifacts: BackendArtifacts,
    witness: WitnessCalculator,
    zkey: Uint8Array,
    vkey: VerificationKey,
    groth16Prover: Groth16Prover | undefined,
  ) {
    this.circuitId = circuitId;
    this.backend = artifacts.backend;
    this.artifacts = artifacts;
    this.witness = witness;
    this.zkey = zkey;
    this.vkey = vkey;
    this.groth16 = groth16Prover;
  }

  /**
   * @example const prover = await CircuitProver.load("classifier16-committed", "groth16");
   */
  static async load(
    circuitId: string,
    backend: Backend = "groth16",
    options: { manifest?: Manifest; root?: string } = {},
  ): Promise<CircuitProver> {
    const root = options.root ?? REPO_ROOT;
    const manifest = options.manifest ?? loadManifest(root);
    const artifacts = findBackend(findCircuit(manifest, circuitId), backend);
    const wasm = readArtifact(artifacts.wasm, root);
    const zkey = readArtifact(artifacts.zkey, root);
    const vkey = JSON.parse(new TextDecoder().decode(readArtifact(artifacts.vkey, root))) as VerificationKey;
    const groth16Prover = artifacts.backend === "groth16" ? await Groth16Prover.load(zkey) : undefined;
    return new CircuitProver(circuitId, artifacts, await WitnessCalculator.create(wasm), zkey, vkey, groth16Prover);
  }

  /** The full witness for a call (no proof): what the equivalence tests and the benchmarks time. */
  computeWitness(call: CircuitCall): bigint[] {
    return this.witness.calculate(call.input);
  }

  /**
   * Computes the witness, checks that the circuit's public signals are the ones the reference inference
   * predicted, and proves. Throws {@link CircuitMismatchError} rather than prove something unexpected.
   */
  async prove(call: CircuitCall): Promise<ProveResult> {
    const t0 = performance.now();
    const witness = this.witness.calculate(call.input);
    const publicSignals = witness.slice(1, 1 + call.publicSignals.length);
    const mismatch = publicSignals.findIndex((value, i) => value !== call.publicSignals[i]);
    if (mismatch >= 0 || this.vkey.nPublic !== call.publicSignals.length) {
      throw new CircuitMismatchError(
        `circuit ${this.circuitId} disagrees with the reference inference at public signal ${mismatch}; rebuild the circuits or fix the model code.`,
        {
          details: `circuit ${publicSignals[mismatch]}, reference ${call.publicSignals[mismatch]}`,
        },
      );
    }
    const t1 = performance.now();
    const result = this.groth16 ? await this.groth16.prove(witness) : await plonk.prove(this.zkey, encodeWtns(witness));
    const t2 = performance.now();
    const signals = result.publicSignals.map((s) => BigInt(s));
    return {
      ...(result as unknown as Proof),
      backend: this.backend,
      publicSignals: signals,
      witnessMs: t1 - t0,
      proofMs: t2 - t1,
    } as ProveResult;
  }

  /** Verifies a proof locally against the circuit's verification key. */
  async verify(proof: Proof, publicSignals: readonly bigint[]): Promise<boolean> {
    const signals = publicSignals.map(String);
    if (proof.backend === "groth16") return groth16.verify(this.vkey, signals, proof.proof);
    return plonk.verify(this.vkey, signals, proof.proof);
  }
}

/** Stops snarkjs's curve worker threads so the process can exit. Safe to call more than once. */
export async function terminateProvers(): Promise<void> {
  const cached = (globalThis as { curve_bn128?: unknown }).curve_bn128;
  if (!cached) return;
  const curve = await curves.getCurveFromName("bn128");
  await curve.terminate();
}
