/**
 * The demo's outcome in one JSON file (`npm run demo -- --summary <file>`): what each journey ended with, the
 * processes it ran, and the error if it failed. The smoke test (test/demo/demo.e2e.test.ts) asserts on it.
 */
import { writeFileSync } from "node:fs";

export type ServedRequest = {
  requestId: string;
  modelId: string;
  version: number;
  /** Which node proved it (node A or node B) and its operator's address. */
  node: string;
  operator: string;
  /** The transaction whose DecisionRecorded event holds the verified outputs. */
  verifyingTransaction: string;
  circuit: string;
};

/** A recorded audit in the summary: the version, the proven counts per group, the exact parity difference. */
export type ProvenAuditSummary = {
  version: number;
  positives: [number, number];
  rows: [number, number];
  demographicParityDifference: string;
  transactionHash: string;
};

export type DemoSummary = {
  ok: boolean;
  error?: string;
  durationMs: number;
  rpcUrl?: string;
  deploymentFile?: string;
  /** The temporary folder (datasets, artifacts, nodes): removed when the demo ends. */
  workDir?: string;
  processes: { anvil?: { pid: number; port: number }; nodes: { name: string; pid: number; metricsPort: number }[] };
  credit?: ServedRequest & {
    decision: "approved" | "rejected";
    score: number;
    /** The three features that moved the score most, with their contributions. */
    topContributions: { feature: string; contribution: number }[];
    matchesReference: boolean;
  };
  marketSignal?: ServedRequest & {
    class: number;
    className: string;
    riskAllocationBps: number;
    matchesReference: boolean;
  };
  recommendations?: ServedRequest & { items: number[]; scores: number[]; matchesReference: boolean };
  governance?: {
    proposalId: string;
    states: string[];
    flagged: { modelId: string; version: number };
    /** The proven audits on one audit set: the flagged version's (cited by the proposal) and the corrected one's. */
    audits: {
      auditSetId: string;
      /** Per version: approvals per group (positives/rows) and the demographic-parity difference as num/den. */
      flagged: ProvenAuditSummary;
      corrected: ProvenAuditSummary;
    };
    refusal: string;
    corrected: ServedRequest & { decision: "approved" | "rejected"; matchesReference: boolean };
    drawn: string;
  };
  rewards?: {
    claims: { contributor: string; contributionId: string; modelId: string; version: number; amount: string }[];
    nothingToClaim: { contributor: string; contributionId: string; reason: string }[];
  };
  auditTrail?: { requestId: string; status: string; printedBy: string };
};

/** Writes the summary (bigints as decimal strings). */
export function writeSummary(path: string, summary: DemoSummary): void {
  writeFileSync(path, `${JSON.stringify(summary, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
}
