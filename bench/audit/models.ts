import { mkdirSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import {
  type AuditArtifacts,
  type AuditCircuitCall,
  CLASSIFIER16_AUDIT32,
  classifierAuditCall,
  classifierBakedAuditCall,
  compileCircuit,
  REPO_ROOT,
  sampleClassifierAudit,
  sampleTreeAudit,
  TREES4X3X8_AUDIT32,
  treeAuditCall,
  WORK_DIR,
} from "@symbiote/circuits";
import { bakedClassifierAuditSource } from "@symbiote/compiler";
import { r1cs as r1csInfo } from "snarkjs";

/**
 * An audited model: its audit circuit at a row count, its 32-row committed build (none for a baked version), and a
 * sample audit at any row count.
 */
export type AuditModel = {
  name: string;
  /** The entry's body: the includes and main component of an audit of `rows` rows, written in `entryDir`. */
  source: (rows: number, entryDir: string) => string;
  committed: AuditArtifacts | undefined;
  features: number;
  sample: (rows: number) => AuditCircuitCall;
};

const TREE_SHAPE = TREES4X3X8_AUDIT32.ensemble;

/** A library audit template as a main component (circom resolves includes relative to the entry). */
const librarySource = (template: string) => (_rows: number, entryDir: string) =>
  [
    "pragma circom 2.1.9;",
    `include "${relative(entryDir, resolve(REPO_ROOT, "circuits/lib/fairness_audit.circom"))}";`,
    `include "${relative(entryDir, resolve(REPO_ROOT, "circuits/lib/tree_fairness_audit.circom"))}";`,
    `component main {public [auditSetCommitment, weightsCommitment]} = ${template};`,
    "",
  ].join("\n");

export const MODELS = {
  classifier: {
    name: "classifier16",
    source: (rows, dir) => librarySource(`ClassifierFairnessAudit(${rows}, 16)`)(rows, dir),
    committed: CLASSIFIER16_AUDIT32,
    features: 16,
    sample: (rows) => classifierAuditCall(sampleClassifierAudit(1n, rows, 16), rows),
  },
  // the same model and sets with its weights baked in (npm run model -- audit --weights baked): one version's circuit
  "classifier-baked": {
    name: "classifier16-baked",
    source: (rows, dir) => {
      const { model, weightsCommitment } = sampleClassifierAudit(1n, rows, 16);
      return bakedClassifierAuditSource(model, rows, weightsCommitment, dir);
    },
    committed: undefined,
    features: 16,
    sample: (rows) => classifierBakedAuditCall(sampleClassifierAudit(1n, rows, 16), rows),
  },
  trees: {
    name: "trees4x3x8",
    source: (rows, dir) =>
      librarySource(
        `TreeEnsembleFairnessAudit(${rows}, ${TREE_SHAPE.trees}, ${TREE_SHAPE.depth}, ${TREE_SHAPE.features}, ${TREE_SHAPE.columns})`,
      )(rows, dir),
    committed: TREES4X3X8_AUDIT32,
    features: TREE_SHAPE.features,
    sample: (rows) => treeAuditCall(sampleTreeAudit(1n, { rows, ...TREE_SHAPE }), { rows, ...TREE_SHAPE }),
  },
} satisfies Record<string, AuditModel>;
export type ModelName = keyof typeof MODELS;

export const ROW_COUNTS = [32, 64, 256, 1024] as const;

/** Compiles an audit of `rows` rows from a generated entry; returns the r1cs and wasm paths. */
export async function compileShape(
  model: AuditModel,
  rows: number,
): Promise<{ r1cs: string; wasm: string; constraints: number; publicSignals: number }> {
  const dir = resolve(WORK_DIR, "bench-audit", `${model.name}-${rows}`);
  mkdirSync(dir, { recursive: true });
  const entry = resolve(dir, `${model.name.replaceAll("-", "_")}_audit${rows}.circom`);
  writeFileSync(entry, model.source(rows, dir));
  const compiled = await compileCircuit(entry, dir, "O2");
  const info = await r1csInfo.info(compiled.r1cs);
  return {
    r1cs: compiled.r1cs,
    wasm: compiled.wasm,
    constraints: info.nConstraints,
    publicSignals: info.nOutputs + info.nPubInputs,
  };
}
