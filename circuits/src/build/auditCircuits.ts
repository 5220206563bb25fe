/**
 * The fairness-audit circuits that `npm run circuits:audit` builds: per circuit its entry, verifier contract, proof
 * fixture and the seeded sample audit the fixture proves (so a rebuild proves the same statement). Audit circuits are
 * not inference circuits (no model family, no request binding), so they are listed here, outside the manifest.
 */
import type { AuditCircuitCall } from "../audit/circuitInput.ts";
import { classifierAuditCall } from "../audit/circuitInput.ts";
import { type AuditCounts, classifierAuditCounts, treeAuditCounts } from "../audit/counts.ts";
import { type AuditArtifacts, CLASSIFIER16_AUDIT32, TREES4X3X8_AUDIT32 } from "../audit/prover.ts";
import { sampleClassifierAudit } from "../audit/sample.ts";
import { treeAuditCall } from "../audit/treeCircuitInput.ts";
import { sampleTreeAudit } from "../audit/treeSample.ts";
import { commitTreeEnsemble } from "../trees/treeCommitment.ts";

/** What a fixture proves: the circuit's input and public signals, the reference counts and the model's commitment. */
export type AuditSampleProof = { call: AuditCircuitCall; counts: AuditCounts; weightsCommitment: bigint };

export type AuditCircuitSpec = {
  artifacts: AuditArtifacts;
  entry: string;
  contract: string;
  fixture: string;
  seed: bigint;
  sample: (seed: bigint) => AuditSampleProof;
};

export const AUDIT_CIRCUITS: readonly AuditCircuitSpec[] = [
  {
    artifacts: CLASSIFIER16_AUDIT32,
    entry: "circuits/audits/classifier16_audit32.circom",
    contract: "Classifier16Audit32Verifier",
    fixture: "test/fixtures/audit/classifier16-audit32-groth16.json",
    seed: 19n,
    sample: (seed) => {
      const a = CLASSIFIER16_AUDIT32;
      const audit = sampleClassifierAudit(seed, a.rows, a.features);
      return {
        call: classifierAuditCall(audit, a.rows),
        counts: classifierAuditCounts(audit.model, audit.rows),
        weightsCommitment: audit.weightsCommitment,
      };
    },
  },
  {
    artifacts: TREES4X3X8_AUDIT32,
    entry: "circuits/audits/trees4x3x8_audit32.circom",
    contract: "Trees4x3x8Audit32Verifier",
    fixture: "test/fixtures/audit/trees4x3x8-audit32-groth16.json",
    seed: 19n,
    sample: (seed) => {
      const a = TREES4X3X8_AUDIT32;
      const audit = sampleTreeAudit(seed, { rows: a.rows, ...a.ensemble });
      return {
        call: treeAuditCall(audit, { rows: a.rows, ...a.ensemble }),
        counts: treeAuditCounts(audit.layout, audit.rows),
        weightsCommitment: commitTreeEnsemble(audit.layout, audit.weightsSalt).weightsCommitment,
      };
    },
  },
];

/** The audit circuit of an id, refusing an unknown one with the ids there are. */
export function findAuditCircuit(id: string): AuditCircuitSpec {
  const spec = AUDIT_CIRCUITS.find((s) => s.artifacts.id === id);
  if (!spec) {
    throw new Error(
      `no audit circuit ${id}; the audit circuits are ${AUDIT_CIRCUITS.map((s) => s.artifacts.id).join(", ")}.`,
    );
  }
  return spec;
}
