import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { FatalError } from "@symbiote/sdk";
import { type Groth16Proof, groth16, type VerificationKey } from "snarkjs";
import { Groth16Prover } from "../groth16/groth16Prover.ts";
import { REPO_ROOT } from "../manifest.ts";
import type { TreeEnsembleShape } from "../trees/treeShape.ts";
import { WitnessCalculator } from "../witness.ts";
import type { AuditCircuitCall } from "./circuitInput.ts";

/** Where an audit circuit's artifacts live: the committed wasm and vkey, the proving key rebuilt by circuits:audit. */
export type AuditArtifacts = { id: string; rows: number; features: number; wasm: string; zkey: string; vkey: string };

/** The classifier audit of 32 rows of 16 features (circuits/audits/classifier16_audit32.circom). */
export const CLASSIFIER16_AUDIT32: AuditArtifacts = {
  id: "classifier16-audit32",
  rows: 32,
  features: 16,
  wasm: "circuits/build/classifier16-audit32/groth16/circuit.wasm",
  zkey: "circuits/build/classifier16-audit32/groth16/circuit.zkey",
  vkey: "circuits/build/classifier16-audit32/groth16/vkey.json",
};

/**
 * The tree-ensemble audit of 32 rows: 4 trees of depth 3 over 8 features, one score column
 * (circuits/audits/trees4x3x8_audit32.circom).
 */
export const TREES4X3X8_AUDIT32: AuditArtifacts & { ensemble: TreeEnsembleShape } = {
  id: "trees4x3x8-audit32",
  rows: 32,
  features: 8,
  ensemble: { trees: 4, depth: 3, features: 8, columns: 1 },
  wasm: "circuits/build/trees4x3x8-audit32/groth16/circuit.wasm",
  zkey: "circuits/build/trees4x3x8-audit32/groth16/circuit.zkey",
  vkey: "circuits/build/trees4x3x8-audit32/groth16/vkey.json",
};

/** A Groth16 audit proof and the public signals it proves: counts, auditSetCommitment, weightsCommitment. */
export type AuditProof = { proof: Groth16Proof; publicSignals: bigint[]; witnessMs: number; proofMs: number };

/** Proves audits on one circuit: the wasm and proving key are read once. */
export class AuditProver {
  readonly artifacts: AuditArtifacts;
  private readonly witness: WitnessCalculator;
  private readonly prover: Groth16Prover;
  private readonly vkey: VerificationKey;

  private constructor(
    artifacts: AuditArtifacts,
    witness: WitnessCalculator,
    prover: Groth16Prover,
    vkey: VerificationKey,
  ) {
    this.artifacts = artifacts;
    this.witness = witness;
    this.prover = prover;
    this.vkey = vkey;
  }

  /** @example const prover = await AuditProver.load(CLASSIFIER16_AUDIT32); */
  static async load(artifacts: AuditArtifacts, root = REPO_ROOT): Promise<AuditProver> {
    const read = (path: string) => {
      try {
        return readFileSync(resolve(root, path));
      } catch (cause) {
        throw new FatalError(`audit circuit ${artifacts.id} has no ${path}; run \`npm run circuits:audit\` first.`, {
          cause,
        });
      }
    };
    const vkey = JSON.parse(read(artifacts.vkey).toString("utf8")) as VerificationKey;
    const prover = await Groth16Prover.load(read(artifacts.zkey));
    return new AuditProver(artifacts, await WitnessCalculator.create(read(artifacts.wasm)), prover, vkey);
  }

  /** The full witness of an audit (no proof). */
  async witnessOf(call: AuditCircuitCall): Promise<bigint[]> {
    return this.witness.calculate(call.input);
  }

  /** Computes the witness, checks its public signals against the reference's, and proves. */
  async prove(call: AuditCircuitCall): Promise<AuditProof> {
    const t0 = performance.now();
    const witness = this.witness.calculate(call.input);
    const publicSignals = witness.slice(1, 1 + call.publicSignals.length);
    const mismatch = publicSignals.findIndex((value, i) => value !== call.publicSignals[i]);
    if (mismatch >= 0) {
      throw new FatalError(
        `audit circuit ${this.artifacts.id} disagrees with the reference counts at public signal ${mismatch}; rebuild it with \`npm run circuits:audit\`.`,
      );
    }
    const t1 = performance.now();
    const { proof } = await this.prover.prove(witness);
    const t2 = performance.now();
    return { proof: proof as Groth16Proof, publicSignals, witnessMs: t1 - t0, proofMs: t2 - t1 };
  }

  /** Verifies a proof against the circuit's verification key. */
  async verify(proof: Groth16Proof, publicSignals: readonly bigint[]): Promise<boolean> {
    return groth16.verify(this.vkey, publicSignals.map(String), proof);
  }
}
