import { FatalError } from "@symbiote/sdk";
import { type ClassifierModel, inferClassifier } from "../models/classifier.ts";
import { TreeCircuitError } from "../trees/treeErrors.ts";
import type { TreeLayout } from "../trees/treeModel.ts";
import { evaluateTreeLayout } from "../trees/treeReference.ts";
import type { TreeEnsembleShape } from "../trees/treeShape.ts";
import { type AuditRow, validateAuditSet } from "./auditSet.ts";
import { AUDIT_COUNT_BITS, AUDIT_COUNT_NAMES, type AuditCountName } from "./params.ts";

/** One group's counts: what the circuit proves for it. */
export type GroupCounts = Record<AuditCountName, number>;

/** Both groups' counts: index 0 the reference group, 1 the protected group. */
export type AuditCounts = readonly [GroupCounts, GroupCounts];

function emptyCounts(): GroupCounts {
  return { rows: 0, positives: 0, labeled: 0, labelPositives: 0, truePositives: 0, falsePositives: 0 };
}

/** Tallies rows by group from each row's decision: the reference for AuditTally. */
export function tallyDecisions(rows: readonly AuditRow[], decisions: readonly boolean[]): AuditCounts {
  if (decisions.length !== rows.length) {
    throw new FatalError(`${decisions.length} decisions for ${rows.length} audit rows; decide every row once.`);
  }
  const counts: [GroupCounts, GroupCounts] = [emptyCounts(), emptyCounts()];
  rows.forEach((row, r) => {
    const c = counts[row.group];
    const positive = decisions[r] === true;
    c.rows++;
    if (positive) c.positives++;
    if (row.label === undefined) return;
    c.labeled++;
    if (row.label) c.labelPositives++;
    if (positive && row.label) c.truePositives++;
    if (positive && !row.label) c.falsePositives++;
  });
  return counts;
}

/** The classifier's per-group counts on an audit set: exactly what ClassifierFairnessAudit outputs. */
export function classifierAuditCounts(model: ClassifierModel, rows: readonly AuditRow[]): AuditCounts {
  validateAuditSet(rows);
  return tallyDecisions(
    rows,
    rows.map((row) => inferClassifier(model, row.features).decision),
  );
}

/**
 * Refuses a tree ensemble whose decision is not binary. An audit counts positive decisions: with one column the
 * label [score > decisionThreshold] is the decision, with two the arg-max column (1 = positive); more columns would
 * need a chosen positive class, which the tree audit circuit does not take.
 */
export function assertBinaryTreeEnsemble(shape: TreeEnsembleShape): void {
  if (shape.columns !== 1 && shape.columns !== 2) {
    throw new TreeCircuitError(
      `A fairness audit counts binary decisions; this ensemble has ${shape.columns} output columns.`,
      "Audit a model with one score column (label = score > threshold) or two (label = the arg-max column, 1 positive).",
    );
  }
}

/**
 * The tree ensemble's per-group counts on an audit set: exactly what TreeEnsembleFairnessAudit outputs. Each row's
 * decision is the label of the tree circuit's own reference (evaluateTreeLayout), 1 = positive.
 */
export function treeAuditCounts(layout: TreeLayout, rows: readonly AuditRow[]): AuditCounts {
  assertBinaryTreeEnsemble(layout.shape);
  validateAuditSet(rows);
  return tallyDecisions(
    rows,
    rows.map((row) => evaluateTreeLayout(layout, row.features).label === 1),
  );
}

/** The public counts word: count k of group g in lane g * 6 + k, 16 bits each. */
export function packAuditCounts(counts: AuditCounts): bigint {
  let word = 0n;
  counts.forEach((group, g) => {
    AUDIT_COUNT_NAMES.forEach((name, k) => {
      word |= BigInt(group[name]) << BigInt((g * AUDIT_COUNT_NAMES.length + k) * AUDIT_COUNT_BITS);
    });
  });
  return word;
}

/** Reads the counts back from the public counts word, refusing bits above the last lane. */
export function unpackAuditCounts(word: bigint): AuditCounts {
  const lanes = 2 * AUDIT_COUNT_NAMES.length;
  if (word < 0n || word >> BigInt(lanes * AUDIT_COUNT_BITS) !== 0n) {
    throw new FatalError("the counts word has bits above its 12 lanes of 16 bits; it is not an audit's counts signal.");
  }
  const mask = (1n << BigInt(AUDIT_COUNT_BITS)) - 1n;
  const group = (g: number): GroupCounts => {
    const c = emptyCounts();
    AUDIT_COUNT_NAMES.forEach((name, k) => {
      c[name] = Number((word >> BigInt((g * AUDIT_COUNT_NAMES.length + k) * AUDIT_COUNT_BITS)) & mask);
    });
    return c;
  };
  return [group(0), group(1)];
}
