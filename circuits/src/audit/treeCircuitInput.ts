import { toField } from "@symbiote/sdk";
import { type CommittedEnsemble, commitTreeEnsemble, nodeDescriptor } from "../trees/treeCommitment.ts";
import { TreeCircuitError } from "../trees/treeErrors.ts";
import type { TreeLayout } from "../trees/treeModel.ts";
import { type TreeEnsembleShape, treeFeatureBits } from "../trees/treeShape.ts";
import { type AuditRow, AuditSetError, commitAuditSet, validateAuditSet } from "./auditSet.ts";
import type { AuditCircuitCall } from "./circuitInput.ts";
import { assertBinaryTreeEnsemble, packAuditCounts, treeAuditCounts } from "./counts.ts";

/** The shape a tree-ensemble audit circuit is compiled for: its rows and the ensemble's shape. */
export type TreeAuditShape = TreeEnsembleShape & { rows: number };

/** Everything TreeEnsembleFairnessAudit needs: the private ensemble and rows, and the salts of both commitments. */
export type TreeAuditWitness = {
  /** The ensemble laid out for its circuit shape (layoutTreeEnsemble, or a parameters file read back). */
  layout: TreeLayout;
  weightsSalt: bigint;
  /**
   * The weights commitment the model registry holds for the audited version. When given, the layout and salt must
   * open it (refused up front with a message, rather than by the circuit); the public signal is the layout's own.
   */
  weightsCommitment?: bigint | undefined;
  /** commitTreeEnsemble(layout, weightsSalt), to reuse a commitment already computed. */
  committed?: CommittedEnsemble | undefined;
  rows: readonly AuditRow[];
  auditSalt: bigint;
};

function sameShape(a: TreeEnsembleShape, b: TreeEnsembleShape): boolean {
  return a.trees === b.trees && a.depth === b.depth && a.features === b.features && a.columns === b.columns;
}

/**
 * Builds the witness input of the tree-ensemble audit circuit of `shape` and the public signals it must output:
 * every tree's node descriptors (breadth first) and leaves, opened once, and every row with its flags.
 * @example const call = treeAuditCall({ layout, weightsSalt, rows, auditSalt }, { rows: 32, ...layout.shape });
 */
export function treeAuditCall(w: TreeAuditWitness, shape: TreeAuditShape): AuditCircuitCall {
  assertBinaryTreeEnsemble(w.layout.shape);
  if (!sameShape(w.layout.shape, shape)) {
    const s = w.layout.shape;
    throw new TreeCircuitError(
      `This audit circuit takes ${shape.trees} trees of depth ${shape.depth} over ${shape.features} features with ${shape.columns} column(s); the ensemble is laid out for ${s.trees} x ${s.depth} x ${s.features} x ${s.columns}.`,
      "Lay the model out for the circuit's shape (layoutTreeEnsemble) or build an audit circuit of the model's shape.",
    );
  }
  const n = validateAuditSet(w.rows);
  if (w.rows.length !== shape.rows || n !== shape.features) {
    throw new AuditSetError(
      `this audit circuit takes ${shape.rows} rows of ${shape.features} features; the set has ${w.rows.length} rows of ${n}.`,
    );
  }
  const committed = w.committed ?? commitTreeEnsemble(w.layout, w.weightsSalt);
  if (w.weightsCommitment !== undefined && w.weightsCommitment !== committed.weightsCommitment) {
    throw new TreeCircuitError(
      "The tree ensemble and its weights salt do not open the weights commitment given: an audit proves the registered version only.",
      "Use the registered version's parameters file and its weights salt.",
    );
  }
  const auditSetCommitment = commitAuditSet(w.rows, w.auditSalt);
  const counts = packAuditCounts(treeAuditCounts(w.layout, w.rows));
  const featureBits = treeFeatureBits(shape.features);
  return {
    input: {
      auditSetCommitment,
      weightsCommitment: committed.weightsCommitment,
      features: w.rows.map((row) => row.features.map(toField)),
      group: w.rows.map((row) => BigInt(row.group)),
      label: w.rows.map((row) => (row.label === true ? 1n : 0n)),
      labeled: w.rows.map((row) => (row.label === undefined ? 0n : 1n)),
      auditSalt: w.auditSalt,
      nodes: w.layout.trees.map((tree) => tree.nodes.map((node) => nodeDescriptor(node, featureBits))),
      // leaves[T][2^D][C], each tree's leaves row-major (a witness input nests two levels at most)
      leaves: w.layout.trees.map((tree) => tree.leaves.flat().map(toField)),
      baseValues: w.layout.baseValues.map(toField),
      decisionThreshold: toField(w.layout.decisionThreshold),
      weightsSalt: w.weightsSalt,
    },
    publicSignals: [counts, auditSetCommitment, committed.weightsCommitment],
  };
}
