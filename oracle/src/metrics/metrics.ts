import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The node's Prometheus metrics, on a registry of their own (several nodes may share a process in tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly requestsSeen = new Counter({
    name: "symbiote_oracle_requests_seen_total",
    help: "Inference requests recorded",
    registers: [this.registry],
  });
  readonly requestsFulfilled = new Counter({
    name: "symbiote_oracle_requests_fulfilled_total",
    help: "Requests this node fulfilled on chain",
    registers: [this.registry],
  });
  readonly requestsFailed = new Counter({
    name: "symbiote_oracle_requests_failed_total",
    help: "Requests this node gave up on (left to time out)",
    registers: [this.registry],
  });
  readonly requestsSkipped = new Counter({
    name: "symbiote_oracle_requests_skipped_total",
    help: "Requests answered by another operator or not ours to serve",
    registers: [this.registry],
  });
  readonly requestsExpired = new Counter({
    name: "symbiote_oracle_requests_expired_total",
    help: "Requests that passed their deadline unanswered",
    registers: [this.registry],
  });
  readonly replacements = new Counter({
    name: "symbiote_oracle_tx_replacements_total",
    help: "Stuck transactions replaced with higher fees",
    registers: [this.registry],
  });
  readonly settlementChoices = new Counter({
    name: "symbiote_oracle_settlement_items_total",
    help: "Proofs sent, by how: in a fulfillBatch (cheaper per item by simulation) or in a single fulfill",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly proofSeconds = new Histogram({
    name: "symbiote_oracle_proof_seconds",
    help: "Inference and proof time per request",
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
    registers: [this.registry],
  });
  readonly gasUsed = new Histogram({
    name: "symbiote_oracle_gas_used",
    help: "Gas used by fulfillment transactions",
    buckets: [250_000, 300_000, 400_000, 600_000, 1_000_000, 2_000_000, 4_000_000, 8_000_000],
    registers: [this.registry],
  });
  readonly blockLag = new Gauge({
    name: "symbiote_oracle_block_lag",
    help: "Blocks between the chain head and the watcher's cursor",
    registers: [this.registry],
  });
  readonly jobs = new Gauge({
    name: "symbiote_oracle_jobs",
    help: "Jobs per state in the job store",
    labelNames: ["state"],
    registers: [this.registry],
  });
}
