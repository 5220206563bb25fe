import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AuditArtifacts,
  type AuditCircuitCall,
  type AuditRow,
  AuditSetError,
  classifierAuditCall,
  classifierBakedAuditCall,
  parseCompiledModelFile,
  treeAuditCall,
} from "@symbiote/circuits";
import { quantize } from "@symbiote/sdk";
import type { Table } from "../data/canonical.ts";
import { type AuditColumns, auditTable } from "./auditFromArtifact.ts";

/** What `npm run model -- audit` writes into audit-circuit.json: the prover's files and the shape it audits. */
export type CompiledAuditCircuitFile = AuditArtifacts & {
  model: string;
  /** `baked`: the circuit holds one version's weights as constants and proves that version only. */
  weights?: "committed" | "baked";
  /** The weights commitment of the compiled model the circuit was generated from (decimal). */
  weightsCommitment?: string;
  shape:
    | { kind: "classifier"; features: number }
    | { kind: "trees"; ensemble: { trees: number; depth: number; features: number; columns: number } };
};

/** A model `npm run model -- compile` produced, read back from its folder for an audit. */
export type CompiledAuditSubject = {
  /** The compiled circuit's id (manifest-entry.json), which names the model in the audit record. */
  name: string;
  weightsCommitment: bigint;
  weightsSalt: bigint;
  /** The model's inputs, the scale its features take, and the circuit call for a set of rows. */
  features: number;
  featureFracBits: number;
  call(rows: readonly AuditRow[], auditSalt: bigint): AuditCircuitCall;
};

function readJson(path: string, what: string): Record<string, unknown> {
  if (!existsSync(path)) throw new AuditSetError(`${path} is missing: ${what}.`);
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/**
 * The compiled model of `compileDir` as the audit circuit of `auditDir` proves it: model.json's quantised parameters
 * and the salt of its weights commitment (so the proof binds to the registered version), checked against the audit
 * circuit's shape.
 *
 * @throws {AuditSetError} a folder that is not what the two commands write, or an audit circuit of another shape.
 */
export function compiledAuditSubject(
  compileDir: string,
  auditDir: string,
): { subject: CompiledAuditSubject; circuit: CompiledAuditCircuitFile } {
  const entry = readJson(join(compileDir, "manifest-entry.json"), "the compile's manifest entry") as {
    id: string;
    shape: { family: string; n?: number; trees?: number; depth?: number; features?: number; columns?: number };
  };
  const modelPath = join(compileDir, "model.json");
  const model = parseCompiledModelFile(
    readJson(modelPath, "the quantised model and its salt (npm run model -- compile)"),
    modelPath,
  );
  const circuit = readJson(
    join(auditDir, "audit-circuit.json"),
    "the audit circuit's files (npm run model -- audit)",
  ) as CompiledAuditCircuitFile;
  const { weightsSalt, declaredCommitment: weightsCommitment, served } = model;
  const baked = circuit.weights === "baked";
  if (baked && BigInt(circuit.weightsCommitment ?? -1) !== weightsCommitment) {
    throw new AuditSetError(
      `${auditDir} holds ${circuit.id}, an audit with the weights of the version committed as ${circuit.weightsCommitment} baked in; ${compileDir} holds the version committed as ${weightsCommitment}: generate its own audit circuit (npm run model -- audit ${compileDir} --rows ${circuit.rows} --weights baked --out <dir>).`,
    );
  }
  const base = { name: entry.id, weightsCommitment, weightsSalt };
  const s = entry.shape;
  if (
    s.family === "classifier" &&
    served.family === "classifier" &&
    circuit.shape.kind === "classifier" &&
    circuit.shape.features === s.n
  ) {
    const classifier = served.model;
    return {
      circuit,
      subject: {
        ...base,
        features: s.n,
        featureFracBits: 16,
        call: (rows, auditSalt) => {
          const witness = { model: classifier, weightsSalt, weightsCommitment, rows, auditSalt };
          return baked ? classifierBakedAuditCall(witness, circuit.rows) : classifierAuditCall(witness, circuit.rows);
        },
      },
    };
  }
  if (s.family === "trees" && served.family === "trees" && circuit.shape.kind === "trees") {
    const { layout, scales } = served.model;
    const e = circuit.shape.ensemble;
    const l = layout.shape;
    if (e.trees === l.trees && e.depth === l.depth && e.features === l.features && e.columns === l.columns) {
      return {
        circuit,
        subject: {
          ...base,
          features: l.features,
          featureFracBits: scales.featureFracBits,
          call: (rows, auditSalt) =>
            treeAuditCall(
              { layout, weightsSalt, weightsCommitment, rows, auditSalt },
              { rows: circuit.rows, ...layout.shape },
            ),
        },
      };
    }
  }
  throw new AuditSetError(
    `${auditDir} holds the audit circuit ${circuit.id} (${JSON.stringify(circuit.shape)}); ${compileDir} holds ${entry.id} (${JSON.stringify(s)}): generate the audit circuit from this compile folder (npm run model -- audit ${compileDir} --rows <n> --out <dir>).`,
  );
}

/**
 * The audit rows of a table for a compiled model, and the columns read as its features: its `features` columns (in the model's input order: ONNX models
 * carry no column names) at the model's feature scale, the group and label read from their columns.
 *
 * @throws {AuditSetError} a missing column, the wrong number of feature columns, a group or label that is not 0 or 1,
 * a feature outside the fixed-point range.
 */
export function compiledAuditRows(
  subject: CompiledAuditSubject,
  table: Table,
  columns: AuditColumns & { features?: readonly string[] | undefined },
): { rows: AuditRow[]; featureColumns: string[] } {
  const { indexOf, flagsOf } = auditTable(table, columns);
  const featureNames = [
    ...(columns.features ?? table.columns.filter((name) => name !== columns.group && name !== columns.label)),
  ];
  if (featureNames.length !== subject.features) {
    throw new AuditSetError(
      `${subject.name} takes ${subject.features} features; the audit data gives ${featureNames.length} (${featureNames.join(", ")}): pass --features with the model's input columns in order.`,
    );
  }
  const featureIndexes = featureNames.map((name) => indexOf(name, "a model input"));
  // quantize() writes 2^16; a tree ensemble quantised at another feature scale takes its own
  const rescale = 2 ** (subject.featureFracBits - 16);
  const rows = table.rows.map((row, r): AuditRow => {
    const features = featureIndexes.map((index, i) =>
      quantize((row[index] as number) * rescale, `row ${r + 1} ${featureNames[i]}`),
    );
    return { features, ...flagsOf(row, r) };
  });
  return { rows, featureColumns: featureNames };
}
