import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  type AuditArtifacts,
  type AuditCircuitCall,
  AuditProver,
  AuditSetError,
  CLASSIFIER16_AUDIT32,
  classifierAuditCall,
  unpackAuditCounts,
  validateAuditSet,
} from "@symbiote/circuits";
import { cardHashOf, ipfsCardUri } from "@symbiote/sdk";
import { type Hex, toHex } from "viem";
import { auditRowsFromTable, classifierAuditWitness } from "../audit/auditFromArtifact.ts";
import { compiledAuditRows, compiledAuditSubject } from "../audit/auditFromCompiled.ts";
import { fairnessMetrics, formatRational } from "../audit/metrics.ts";
import { submitAudit } from "../audit/submitAudit.ts";
import { readCsv } from "../data/csv.ts";
import { readArtifact, serialise, writeJsonAtomic } from "../train/artifact.ts";
import { UsageError } from "../train/errors.ts";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connect } from "./trainerConnection.ts";

export const AUDIT_USAGE = `  trainer audit --artifact <artifact.json> --data <rows.csv> [--group <column>] [--label <column>|none]
                [--salt <decimal>] [--out <audit.json>] [--submit --model <id> --version <n>
                [--card-uri <uri>] ${CONNECTION_USAGE}]
  trainer audit --compiled <compile folder> --circuit <audit folder> --data <rows.csv> --group <column>
                [--label <column>|none] [--features <a,b,…>] [--salt …] [--out …] [--submit …]
      Proves a fairness audit of a classifier on exactly ${CLASSIFIER16_AUDIT32.rows} rows (docs/audit.md): per group, the rows, the
      model's positive decisions and, with labels, true and false positives, from which the demographic-parity
      difference, the disparate-impact ratio and the equal-opportunity difference follow exactly. Writes the audit
      (counts, metrics, the set's commitment and salt, the proof) to --out and the set's card beside it; --submit
      registers the set and records the proven audit of that model version in the AuditRegistry. A model compiled by
      \`npm run model -- compile\` (a logistic model or a binary tree ensemble) is audited with --compiled and the
      circuit \`npm run model -- audit\` generated for it (--circuit; its row count); --features names the model's
      input columns in order (default: every column but the group and the label).`;

const say = (message: string) => console.log(`  ${message}`);

/** `audit`: proves a classifier's per-group decision counts on an audit set, and records them on chain with --submit. */
export async function auditCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      artifact: { type: "string" },
      data: { type: "string" },
      group: { type: "string" },
      label: { type: "string" },
      salt: { type: "string" },
      out: { type: "string" },
      submit: { type: "boolean", default: false },
      model: { type: "string" },
      version: { type: "string" },
      "card-uri": { type: "string" },
      compiled: { type: "string" },
      circuit: { type: "string" },
      features: { type: "string" },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  if (values.compiled !== undefined && values.artifact !== undefined) {
    throw new UsageError("give --artifact (a model `trainer train` wrote) or --compiled (a compile folder), not both.");
  }
  if (values.compiled === undefined && !values.artifact) {
    throw new UsageError(
      "--artifact is required: the model artifact `trainer train` wrote (or --compiled with --circuit for a compiled model).",
    );
  }
  if (values.compiled !== undefined && !values.circuit) {
    throw new UsageError("--compiled needs --circuit: the folder `npm run model -- audit` wrote for that model.");
  }
  if (!values.data)
    throw new UsageError("--data is required: a CSV of the audit rows (the model's inputs, a group column).");
  if (values.salt !== undefined && !/^\d+$/.test(values.salt)) {
    throw new UsageError(`--salt ${values.salt} is not valid: a decimal integer (omit it for a random salt).`);
  }
  const submission = values.submit ? submissionTarget(values.model, values.version) : undefined;
  const table = await readCsv(values.data);
  const auditSalt = values.salt === undefined ? BigInt(toHex(randomBytes(8))) : BigInt(values.salt);

  let subject: AuditedModel;
  if (values.compiled !== undefined) {
    const { subject: compiled, circuit } = compiledAuditSubject(values.compiled, values.circuit as string);
    if (!values.group) throw new UsageError("--group is required: the column of the protected group (0 or 1).");
    const label = values.label === undefined || values.label === "none" ? null : values.label;
    checkRowCount(table.rows.length, circuit.rows, values.data);
    const features = values.features?.split(",").map((name) => name.trim());
    const { rows, featureColumns } = compiledAuditRows(compiled, table, { group: values.group, label, features });
    validateAuditSet(rows);
    subject = {
      name: compiled.name,
      weightsCommitment: compiled.weightsCommitment,
      features: compiled.features,
      featureColumns,
      group: values.group,
      label,
      circuit,
      call: compiled.call(rows, auditSalt),
      out: values.out ?? join(values.compiled, "audit.json"),
    };
  } else {
    const artifactPath = values.artifact as string;
    const artifact = await readArtifact(artifactPath);
    const group = values.group ?? artifact.sensitive;
    if (!group) {
      throw new UsageError(
        `--group is required: ${artifact.name} was trained without a sensitive column to default to.`,
      );
    }
    const label = values.label === "none" ? null : (values.label ?? artifact.label);
    const circuit = CLASSIFIER16_AUDIT32;
    checkRowCount(table.rows.length, circuit.rows, values.data);
    const rows = auditRowsFromTable(artifact, table, { group, label });
    validateAuditSet(rows);
    subject = {
      name: artifact.name,
      weightsCommitment: BigInt(artifact.weightsCommitment.value),
      features: artifact.features.length,
      featureColumns: artifact.features,
      group,
      label,
      circuit,
      call: classifierAuditCall(classifierAuditWitness(artifact, rows, auditSalt), circuit.rows),
      out: values.out ?? `${artifactPath.replace(/\.json$/, "")}.audit.json`,
    };
  }
  const { call, circuit, group, label } = subject;
  const [counts, commitment] = call.publicSignals;
  const tally = unpackAuditCounts(counts);
  const metrics = fairnessMetrics(tally);
  console.log(`auditing ${subject.name} on ${values.data} (${circuit.rows} rows, group column "${group}")`);
  for (const [g, c] of tally.entries()) {
    say(
      `group ${g}: ${c.rows} rows, ${c.positives} decided positive` +
        (label === null
          ? ""
          : `, ${c.labelPositives} of ${c.labeled} labeled positive, ${c.truePositives} TP, ${c.falsePositives} FP`),
    );
  }
  say(`demographic-parity difference ${formatRational(metrics.demographicParityDifference)}`);
  say(`disparate-impact ratio ${formatRational(metrics.disparateImpactRatio)}`);
  say(`equal-opportunity difference ${formatRational(metrics.equalOpportunityDifference)}`);

  const prover = await AuditProver.load(circuit);
  const proven = await prover.prove(call);
  if (!(await prover.verify(proven.proof, proven.publicSignals))) {
    throw new AuditSetError(
      `the audit proof does not verify against the circuit's key; rebuild it (${values.compiled ? "npm run model -- audit" : "npm run circuits:audit"}).`,
    );
  }
  say(`proved with ${circuit.id} in ${Math.round(proven.witnessMs + proven.proofMs)} ms`);

  // the set's public card: what a voter reads to judge the rows (the proof shows what the model does on them)
  const out = subject.out;
  const cardPath = `${out.replace(/\.json$/, "")}.card.json`;
  const card = {
    kind: "symbiote-audit-set",
    rows: circuit.rows,
    features: subject.featureColumns,
    groupColumn: group,
    labelColumn: label,
    source: values.data,
    commitment: commitment.toString(),
  };
  const cardBytes = new TextEncoder().encode(serialise(card));
  const cardHash = `0x${cardHashOf(cardBytes)}` as Hex;
  await writeJsonAtomic(cardPath, card);
  const record = {
    model: subject.name,
    weightsCommitment: subject.weightsCommitment,
    circuit: circuit.id,
    auditSet: { commitment, salt: auditSalt, rows: circuit.rows, features: subject.features, cardHash },
    counts,
    tally,
    metrics,
    proof: proven.proof,
    publicSignals: proven.publicSignals,
  };
  // written before anything is sent: a refused or failed submission keeps the proof, which --submit can send again
  await writeJsonAtomic(out, record);
  if (!submission) {
    console.log(`wrote ${out} and ${cardPath}`);
    return;
  }
  const access = await connect(
    { rpc: values.rpc, deployment: values.deployment, keyEnv: values["key-env"] },
    process.env,
  );
  const receipt = await submitAudit(access, {
    ...submission,
    commitment,
    rows: circuit.rows,
    features: subject.features,
    cardHash,
    cardURI: values["card-uri"] ?? ipfsCardUri(cardHashOf(cardBytes)),
    counts,
    proof: proven.proof,
    publicSignals: proven.publicSignals,
  });
  say(
    `recorded: model ${submission.modelId} version ${submission.version} on audit set ${receipt.auditSetId} (circuit ${receipt.circuitId}), transaction ${receipt.transactionHash}`,
  );
  await writeJsonAtomic(out, { ...record, submitted: { ...submission, ...receipt } });
  console.log(`wrote ${out} and ${cardPath}`);
}

/** The model under audit, whichever way it was made, and the circuit call for the audit set. */
type AuditedModel = {
  name: string;
  weightsCommitment: bigint;
  /** The model's input count, and the columns of the data read as its inputs (in order). */
  features: number;
  featureColumns: readonly string[];
  group: string;
  label: string | null;
  circuit: AuditArtifacts;
  call: AuditCircuitCall;
  out: string;
};

/** An audit circuit proves sets of exactly its row count. */
function checkRowCount(rows: number, circuitRows: number, data: string): void {
  if (rows !== circuitRows) {
    throw new AuditSetError(
      `${data} has ${rows} rows; the audit circuit proves exactly ${circuitRows}: pass a file of ${circuitRows} rows (e.g. \`head -n ${circuitRows + 1} ${data}\`).`,
    );
  }
}

/** --model and --version, both required with --submit. */
function submissionTarget(model: string | undefined, version: string | undefined) {
  if (!model || !/^\d+$/.test(model) || BigInt(model) === 0n) {
    throw new UsageError(
      `--submit needs --model <id>: the registered model whose version is audited (got ${model ?? "none"}).`,
    );
  }
  if (!version || !/^\d+$/.test(version) || Number(version) === 0 || Number(version) > 0xffffffff) {
    throw new UsageError(`--submit needs --version <n>: the version audited, 1 or above (got ${version ?? "none"}).`);
  }
  return { modelId: BigInt(model), version: Number(version) };
}
