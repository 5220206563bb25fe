/**
 * Proven fairness audits for the governance journey: an audit set of 32 applicants drawn from the same lender's books
 * (held out from training, labeled), registered in the AuditRegistry by its commitment with a public card, and the
 * model owner's Groth16 proof of what a credit version decides on every row of it, recorded against the version's
 * registered weights commitment (docs/audit.md).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type AuditCounts,
  AuditProver,
  type AuditRow,
  CLASSIFIER16_AUDIT32,
  classifierAuditCall,
  commitAuditSet,
  unpackAuditCounts,
} from "@symbiote/circuits";
import { auditRegistryAbi, cardHashOf } from "@symbiote/sdk";
import {
  auditRowsFromTable,
  type ChainAccess,
  classifierAuditWitness,
  createPrng,
  type FairnessMetrics,
  fairnessMetrics,
  generateCredit,
  serialise,
  submitAudit,
} from "@symbiote/trainer";
import { type Hex, parseEventLogs } from "viem";
import type { Actor } from "./actors.ts";
import type { DemoChain } from "./chain.ts";
import { DATASET_BIAS } from "./datasets.ts";
import { DemoError } from "./errors.ts";
import type { TrainedModel } from "./training.ts";

/** Seed of the audit sample: other applicants than the training books' (seeded, so every run audits the same rows). */
const AUDIT_SEED = 4242;
/** The audit set's salt, fixed so that every run registers the same commitment (a real auditor draws a random one). */
const AUDIT_SALT = 20_261_204n;

/** The audit sample: its rows (private: only who proves an audit holds them) and its public card. */
export type DemoAuditSet = { rows: AuditRow[]; cardPath: string; cardURI: string; cardHash: Hex };

/** What the registry recorded for one version on the set, as read back from it. */
export type RecordedAudit = {
  version: number;
  auditSetId: bigint;
  counts: AuditCounts;
  metrics: FairnessMetrics;
  transactionHash: Hex;
  proofMs: number;
};

/**
 * Draws the audit sample (32 applicants of the lender's books, with their repayment outcome) and writes its card: the
 * provenance and consent a voter reads to judge the rows, whose sha256 the registry records with the set.
 */
export async function creditAuditSet(model: TrainedModel, dir: string): Promise<DemoAuditSet> {
  const { rows: size } = CLASSIFIER16_AUDIT32;
  const table = generateCredit(createPrng(AUDIT_SEED), { rows: size, bias: DATASET_BIAS, labelNoise: 0 });
  const group = model.artifact.sensitive;
  if (!group) throw new DemoError(`${model.artifact.name} was trained without a sensitive column to audit by.`);
  const rows = auditRowsFromTable(model.artifact, table, { group, label: model.artifact.label });
  const commitment = commitAuditSet(rows, AUDIT_SALT);
  const card = {
    kind: "symbiote-audit-set",
    rows: size,
    features: model.artifact.features,
    groupColumn: group,
    labelColumn: model.artifact.label,
    source: `${size} applicants of the lender's books held out from training (generated with seed ${AUDIT_SEED}); repayment outcome known for every row`,
    consent: "synthetic applicants: no person's data",
    commitment: commitment.toString(),
  };
  const bytes = new TextEncoder().encode(serialise(card));
  const cardPath = join(dir, "credit-audit-set.card.json");
  await writeFile(cardPath, bytes);
  return { rows, cardPath, cardURI: `file://${cardPath}`, cardHash: `0x${cardHashOf(bytes)}` };
}

/**
 * The owner (who holds the version's weights and their commitment's salt) proves the version's audit on the set and
 * submits it with the trainer's own `submitAudit`: the first audit registers the set, later ones find it by its
 * commitment. The registry verifies the proof against the version's registered weights commitment; the returned
 * counts are those its AuditRecorded event carries.
 */
export async function proveAndRecordAudit(
  chain: DemoChain,
  owner: Actor,
  modelId: bigint,
  version: number,
  model: TrainedModel,
  set: DemoAuditSet,
): Promise<RecordedAudit> {
  const circuit = CLASSIFIER16_AUDIT32;
  const call = classifierAuditCall(classifierAuditWitness(model.artifact, set.rows, AUDIT_SALT), circuit.rows);
  const prover = await AuditProver.load(circuit);
  const proven = await prover.prove(call);
  const [counts, commitment] = call.publicSignals;
  const access: ChainAccess = {
    publicClient: chain.publicClient,
    walletClient: chain.wallet(owner),
    deployment: chain.deployment,
  };
  const receipt = await submitAudit(access, {
    modelId,
    version,
    commitment,
    rows: circuit.rows,
    features: circuit.features,
    cardHash: set.cardHash,
    cardURI: set.cardURI,
    counts,
    proof: proven.proof,
    publicSignals: proven.publicSignals,
  });
  const tx = await chain.publicClient.getTransactionReceipt({ hash: receipt.transactionHash });
  const [recorded] = parseEventLogs({ abi: auditRegistryAbi, eventName: "AuditRecorded", logs: tx.logs });
  if (!recorded) throw new DemoError("submitAudit emitted no AuditRecorded event.");
  const tally = unpackAuditCounts(recorded.args.counts);
  return {
    version,
    auditSetId: receipt.auditSetId,
    counts: tally,
    metrics: fairnessMetrics(tally),
    transactionHash: receipt.transactionHash,
    proofMs: proven.witnessMs + proven.proofMs,
  };
}
