import { toField } from "@symbiote/sdk";
import { type ClassifierModel, validateClassifier } from "../models/classifier.ts";
import { type AuditRow, AuditSetError, commitAuditSet, validateAuditSet } from "./auditSet.ts";
import { classifierAuditCounts, packAuditCounts } from "./counts.ts";

/** Everything ClassifierFairnessAudit needs: the private model and rows, and the two commitments it checks. */
export type ClassifierAuditWitness = {
  model: ClassifierModel;
  weightsSalt: bigint;
  weightsCommitment: bigint;
  rows: readonly AuditRow[];
  auditSalt: bigint;
};

/** The circuit's input signals (field elements, signed values encoded mod r) and the public signals it must output. */
export type AuditCircuitCall = {
  input: Record<string, bigint | bigint[] | bigint[][]>;
  /** counts, auditSetCommitment, weightsCommitment: snarkjs's order. */
  publicSignals: [bigint, bigint, bigint];
};

/** Builds the witness input of the classifier audit circuit for `rows` rows of the model's feature count. */
export function classifierAuditCall(w: ClassifierAuditWitness, circuitRows: number): AuditCircuitCall {
  validateClassifier(w.model);
  const n = validateAuditSet(w.rows);
  if (w.rows.length !== circuitRows || n !== w.model.weights.length) {
    throw new AuditSetError(
      `this audit circuit takes ${circuitRows} rows of ${w.model.weights.length} features; the set has ${w.rows.length} rows of ${n}.`,
    );
  }
  const auditSetCommitment = commitAuditSet(w.rows, w.auditSalt);
  const counts = packAuditCounts(classifierAuditCounts(w.model, w.rows));
  return {
    input: {
      auditSetCommitment,
      weightsCommitment: w.weightsCommitment,
      features: w.rows.map((row) => row.features.map(toField)),
      group: w.rows.map((row) => BigInt(row.group)),
      label: w.rows.map((row) => (row.label === true ? 1n : 0n)),
      labeled: w.rows.map((row) => (row.label === undefined ? 0n : 1n)),
      auditSalt: w.auditSalt,
      weights: w.model.weights.map(toField),
      bias: toField(w.model.bias),
      threshold: toField(w.model.threshold),
      weightsSalt: w.weightsSalt,
    },
    publicSignals: [counts, auditSetCommitment, w.weightsCommitment],
  };
}

/** The classifier audit's private model inputs: a baked audit circuit holds the model as constants instead. */
const CLASSIFIER_MODEL_INPUTS = ["weights", "bias", "threshold", "weightsSalt"] as const;

/**
 * Builds the witness input of one version's baked classifier audit (`npm run model -- audit --weights baked`): the
 * rows and the two commitments, without the model's inputs (its weights are the circuit's constants). The public
 * signals are the committed audit's.
 */
export function classifierBakedAuditCall(w: ClassifierAuditWitness, circuitRows: number): AuditCircuitCall {
  const call = classifierAuditCall(w, circuitRows);
  const input = { ...call.input };
  for (const name of CLASSIFIER_MODEL_INPUTS) delete input[name];
  return { input, publicSignals: call.publicSignals };
}
