import type { ClassifierAuditWitness, ClassifierModel } from "@symbiote/circuits";
import { type AuditRow, AuditSetError } from "@symbiote/circuits";
import { quantize } from "@symbiote/sdk";
import type { Table } from "../data/canonical.ts";
import type { ModelArtifact } from "../train/artifact.ts";
import { quantizedFromArtifact } from "../train/artifact.ts";

/** Which columns of an audit table hold the protected group (0/1) and, optionally, the true outcome (0/1). */
export type AuditColumns = { group: string; label: string | null };

/**
 * An audit table read by column name: `indexOf` finds a column (refusing a missing one with the columns there are),
 * `flagsOf` reads a row's group and, when the set is labeled, its label.
 *
 * @throws {AuditSetError} a missing column, a group or label that is not 0 or 1.
 */
export function auditTable(table: Table, columns: AuditColumns) {
  const indexOf = (name: string, role: string) => {
    const index = table.columns.indexOf(name);
    if (index < 0) {
      throw new AuditSetError(
        `the audit data has no column "${name}" (${role}); its columns are ${table.columns.join(", ")}.`,
      );
    }
    return index;
  };
  const groupIndex = indexOf(columns.group, "the protected group");
  const labelIndex = columns.label === null ? undefined : indexOf(columns.label, "the true outcome");
  const flagsOf = (row: readonly number[], r: number): Pick<AuditRow, "group" | "label"> => {
    const group = row[groupIndex];
    if (group !== 0 && group !== 1) {
      throw new AuditSetError(`row ${r + 1}: ${columns.group} is ${group}; a group is 0 (reference) or 1 (protected).`);
    }
    if (labelIndex === undefined) return { group, label: undefined };
    const value = row[labelIndex];
    if (value !== 0 && value !== 1) {
      throw new AuditSetError(`row ${r + 1}: ${columns.label} is ${value}; an outcome is 0 or 1.`);
    }
    return { group, label: value === 1 };
  };
  return { indexOf, flagsOf };
}

/**
 * The audit rows of a table for a trained model: each row's features are the model's input columns at the circuits'
 * fixed point (as an inference request encodes them), its group and label read from their columns.
 *
 * @throws {AuditSetError} a missing column, a group or label that is not 0 or 1, a feature outside the fixed-point range.
 */
export function auditRowsFromTable(artifact: ModelArtifact, table: Table, columns: AuditColumns): AuditRow[] {
  const { indexOf, flagsOf } = auditTable(table, columns);
  const featureIndexes = artifact.features.map((name) => indexOf(name, "a model input"));
  return table.rows.map((row, r) => {
    const features = featureIndexes.map((index, i) =>
      quantize(row[index] as number, `row ${r + 1} ${artifact.features[i]}`),
    );
    return { features, ...flagsOf(row, r) };
  });
}

/**
 * The classifier audit's private inputs for a trained model: its quantized weights and the salt of the commitment it
 * was registered with (so the proof binds to that version), and the rows with the audit set's salt.
 *
 * @throws {AuditSetError} the artifact is not a classifier (the audit circuit decides as the linear classifier does).
 */
export function classifierAuditWitness(
  artifact: ModelArtifact,
  rows: readonly AuditRow[],
  auditSalt: bigint,
): ClassifierAuditWitness {
  const quantized = quantizedFromArtifact(artifact);
  if (quantized.family !== "classifier") {
    throw new AuditSetError(
      `${artifact.name} is a ${artifact.family} model; the fairness audit circuit proves classifiers (docs/audit.md).`,
    );
  }
  return {
    model: quantized.model as ClassifierModel,
    weightsSalt: BigInt(artifact.weightsCommitment.salt),
    weightsCommitment: BigInt(artifact.weightsCommitment.value),
    rows,
    auditSalt,
  };
}
