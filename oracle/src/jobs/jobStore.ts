import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { FatalError } from "@symbiote/sdk";
import Database from "better-sqlite3";
import type { Hex } from "viem";
import { assertTransition, JOB_STATES, type JobState, TERMINAL_STATES } from "./states.ts";

/** Everything the node keeps about one request. */
export type Job = {
  requestId: bigint;
  state: JobState;
  /** The `Request` as emitted, JSON with bigints as decimal strings (see chain/request.ts). */
  request: string;
  blockNumber: bigint;
  blockHash: Hex;
  logIndex: number;
  deadline: bigint;
  /** Unix seconds from which this node may serve (the end of the exclusive window for a fallback). */
  serveAfter: bigint;
  attempts: number;
  /** JSON { outputs, proof, proofMs } once proved. */
  proof: string | null;
  txHash: Hex | null;
  txNonce: number | null;
  /** The signed transaction, kept so a restart can rebroadcast exactly what was sent. */
  rawTx: Hex | null;
  note: string | null;
  updatedAt: number;
};

export type NewJob = Pick<Job, "requestId" | "request" | "blockNumber" | "blockHash" | "logIndex" | "deadline">;

export type TransitionFields = Partial<
  Pick<Job, "serveAfter" | "proof" | "txHash" | "txNonce" | "rawTx" | "note" | "attempts">
>;

type Row = {
  request_id: string;
  state: JobState;
  request: string;
  block_number: number;
  block_hash: Hex;
  log_index: number;
  deadline: number;
  serve_after: number;
  attempts: number;
  proof: string | null;
  tx_hash: Hex | null;
  tx_nonce: number | null;
  raw_tx: Hex | null;
  note: string | null;
  updated_at: number;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  request_id   TEXT PRIMARY KEY,
  state        TEXT NOT NULL CHECK (state IN (${JOB_STATES.map((s) => `'${s}'`).join(", ")})),
  request      TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  block_hash   TEXT NOT NULL,
  log_index    INTEGER NOT NULL,
  deadline     INTEGER NOT NULL,
  serve_after  INTEGER NOT NULL DEFAULT 0,
  attempts     INTEGER NOT NULL DEFAULT 0,
  proof        TEXT,
  tx_hash      TEXT,
  tx_nonce     INTEGER,
  raw_tx       TEXT,
  note         TEXT,
  updated_at   INTEGER NOT NULL,
  CHECK (state NOT IN ('proved', 'submitted', 'confirmed') OR proof IS NOT NULL),
  CHECK (state <> 'submitted' OR (tx_hash IS NOT NULL AND raw_tx IS NOT NULL AND tx_nonce IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state);
CREATE TABLE IF NOT EXISTS cursor (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  block      INTEGER NOT NULL,
  block_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
  request_id TEXT NOT NULL,
  at         INTEGER NOT NULL,
  from_state TEXT,
  to_state   TEXT NOT NULL,
  note       TEXT
);
CREATE INDEX IF NOT EXISTS history_request ON history (request_id);
`;

function toJob(row: Row): Job {
  return {
    requestId: BigInt(row.request_id),
    state: row.state,
    request: row.request,
    blockNumber: BigInt(row.block_number),
    blockHash: row.block_hash,
    logIndex: row.log_index,
    deadline: BigInt(row.deadline),
    serveAfter: BigInt(row.serve_after),
    attempts: row.attempts,
    proof: row.proof,
    txHash: row.tx_hash,
    txNonce: row.tx_nonce,
    rawTx: row.raw_tx,
    note: row.note,
    updatedAt: row.updated_at,
  };
}

/** A state change lost a race: the job was no longer in the state the caller read. */
export class StaleJobError extends FatalError {
  override name = "StaleJobError";
}

/**
 * The node's memory: one row per request and the watcher's cursor, in SQLite with WAL and synchronous=FULL. Every
 * change is one SQLite transaction, so a `kill -9` leaves each job in exactly one state it reached, and the cursor
 * never ahead of the jobs it covers.
 */
export class JobStore {
  readonly path: string;
  private readonly db: Database.Database;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = FULL");
      this.db.pragma("busy_timeout = 5000");
      this.db.exec(SCHEMA);
    } catch (cause) {
      throw new FatalError(
        `cannot open the job database ${path}; check that the folder is writable and no other node uses it.`,
        { cause },
      );
    }
  }

  close(): void {
    this.db.close();
  }

  /** The last block the watcher processed completely, or undefined on a fresh database. */
  cursor(): { block: bigint; blockHash: Hex } | undefined {
    const row = this.db.prepare("SELECT block, block_hash FROM cursor WHERE id = 1").get() as
      | { block: number; block_hash: Hex }
      | undefined;
    return row ? { block: BigInt(row.block), blockHash: row.block_hash } : undefined;
  }

  /**
   * Records the requests found in a block range and moves the cursor to its end, atomically: after a crash either
   * both happened or neither did. A request already known is left as it is.
   */
  recordRange(jobs: readonly NewJob[], cursor: { block: bigint; blockHash: Hex }): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO jobs (request_id, state, request, block_number, block_hash, log_index, deadline, updated_at)
       VALUES (?, 'seen', ?, ?, ?, ?, ?, ?)`,
    );
    const log = this.db.prepare(
      "INSERT INTO history (request_id, at, from_state, to_state) VALUES (?, ?, NULL, 'seen')",
    );
    const move = this.db.prepare(
      "INSERT INTO cursor (id, block, block_hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash",
    );
    return this.db.transaction(() => {
      const now = Date.now();
      let added = 0;
      for (const job of jobs) {
        const result = insert.run(
          job.requestId.toString(),
          job.request,
          Number(job.blockNumber),
          job.blockHash,
          job.logIndex,
          Number(job.deadline),
          now,
        );
        if (result.changes > 0) {
          added++;
          log.run(job.requestId.toString(), now);
        }
      }
      move.run(Number(cursor.block), cursor.blockHash);
      return added;
    })();
  }

  /**
   * Moves a job from one of `from` to `to`, setting `fields`, in one transaction. Refuses transitions the state
   * machine does not allow, and throws {@link StaleJobError} when the job is no longer in one of `from`.
   */
  transition(requestId: bigint, from: readonly JobState[], to: JobState, fields: TransitionFields = {}): Job {
    return this.db.transaction(() => {
      const current = this.get(requestId);
      if (!current) throw new StaleJobError(`request ${requestId} is not in the job store.`);
      if (!from.includes(current.state)) {
        throw new StaleJobError(
          `request ${requestId} is ${current.state}, not ${from.join(" or ")}; another task moved it first.`,
        );
      }
      assertTransition(requestId, current.state, to);
      const next: Job = { ...current, ...fields, state: to, updatedAt: Date.now() };
      this.db
        .prepare(
          `UPDATE jobs SET state = ?, serve_after = ?, attempts = ?, proof = ?, tx_hash = ?, tx_nonce = ?, raw_tx = ?,
           note = ?, updated_at = ? WHERE request_id = ?`,
        )
        .run(
          next.state,
          Number(next.serveAfter),
          next.attempts,
          next.proof,
          next.txHash,
          next.txNonce,
          next.rawTx,
          next.note,
          next.updatedAt,
          requestId.toString(),
        );
      this.db
        .prepare("INSERT INTO history (request_id, at, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)")
        .run(requestId.toString(), next.updatedAt, current.state, to, fields.note ?? null);
      return next;
    })();
  }

  /** Several transitions as one transaction (a batch of fulfillments sent in one transaction). */
  transitionMany(
    changes: readonly { requestId: bigint; from: readonly JobState[]; to: JobState; fields?: TransitionFields }[],
  ): Job[] {
    return this.db.transaction(() => changes.map((c) => this.transition(c.requestId, c.from, c.to, c.fields)))();
  }

  get(requestId: bigint): Job | undefined {
    const row = this.db.prepare("SELECT * FROM jobs WHERE request_id = ?").get(requestId.toString()) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  /** Jobs in the given states, oldest request first. */
  list(states: readonly JobState[], limit = 10_000): Job[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE state IN (${states.map(() => "?").join(", ")})
         ORDER BY block_number, log_index LIMIT ?`,
      )
      .all(...states, limit) as Row[];
    return rows.map(toJob);
  }

  /** How many jobs are in each state. */
  counts(): Record<JobState, number> {
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    const rows = this.db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() as {
      state: JobState;
      n: number;
    }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** The state changes of one request, oldest first (for `status` and the audit trail). */
  history(requestId: bigint): { at: number; from: JobState | null; to: JobState; note: string | null }[] {
    return (
      this.db
        .prepare("SELECT at, from_state, to_state, note FROM history WHERE request_id = ? ORDER BY rowid")
        .all(requestId.toString()) as {
        at: number;
        from_state: JobState | null;
        to_state: JobState;
        note: string | null;
      }[]
    ).map((r) => ({ at: r.at, from: r.from_state, to: r.to_state, note: r.note }));
  }

  /**
   * Called once at start: a job caught `proving` by a crash goes back to `assigned` (its proof was in memory only).
   * `proved` and `submitted` jobs keep their proof and signed transaction; the submitter reconciles them with the
   * chain. Returns how many jobs were requeued.
   */
  recoverAfterCrash(): number {
    const stuck = this.list(["proving"]);
    for (const job of stuck)
      this.transition(job.requestId, ["proving"], "assigned", { note: "requeued after restart" });
    return stuck.length;
  }

  /** Forgets non-terminal jobs recorded from blocks at or above `block` (their blocks were reorganised away). */
  rewindTo(block: bigint, blockHash: Hex): number {
    return this.db.transaction(() => {
      const removed = this.db
        .prepare(
          `DELETE FROM jobs WHERE block_number > ? AND state NOT IN (${TERMINAL_STATES.map((s) => `'${s}'`).join(", ")}, 'submitted')`,
        )
        .run(Number(block)).changes;
      this.db
        .prepare(
          "INSERT INTO cursor (id, block, block_hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, block_hash = excluded.block_hash",
        )
        .run(Number(block), blockHash);
      return removed;
    })();
  }

  /** SQLite's own consistency check; "ok" when the file is sound. */
  integrityCheck(): string {
    return this.db.pragma("integrity_check", { simple: true }) as string;
  }
}
