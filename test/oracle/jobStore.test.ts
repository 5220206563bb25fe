import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobStore, StaleJobError } from "../../oracle/src/jobs/jobStore.ts";
import { IllegalTransitionError } from "../../oracle/src/jobs/states.ts";

const CHURN = resolve(import.meta.dirname, "helpers/jobChurn.ts");
const PER_BLOCK = 5n;
const hash = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}` as const;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-jobs-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function newJob(requestId: bigint, block = 1n) {
  return { requestId, request: "{}", blockNumber: block, blockHash: hash(block), logIndex: 0, deadline: 100n };
}

function churn(
  path: string,
  blocks: number,
): { child: ChildProcess; started: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", CHURN, path, String(blocks), String(PER_BLOCK)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const started = new Promise<void>((ok, fail) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("churning") || chunk.toString().includes("done")) ok();
    });
    child.on("exit", () => fail(new Error("churn exited before starting")));
  });
  const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
  started.catch(() => {});
  return { child, started, exited };
}

describe("JobStore", () => {
  it("refuses a transition the state machine does not allow", () => {
    const store = new JobStore(join(dir, "jobs.sqlite"));
    store.recordRange([newJob(1n)], { block: 1n, blockHash: hash(1n) });
    expect(() => store.transition(1n, ["seen"], "confirmed")).toThrow(IllegalTransitionError);
    store.close();
  });

  it("refuses a transition from a state the job has already left", () => {
    const store = new JobStore(join(dir, "jobs.sqlite"));
    store.recordRange([newJob(1n)], { block: 1n, blockHash: hash(1n) });
    store.transition(1n, ["seen"], "assigned");
    expect(() => store.transition(1n, ["seen"], "assigned")).toThrow(StaleJobError);
    store.close();
  });

  it("refuses to mark a job submitted without its signed transaction", () => {
    const store = new JobStore(join(dir, "jobs.sqlite"));
    store.recordRange([newJob(1n)], { block: 1n, blockHash: hash(1n) });
    store.transition(1n, ["seen"], "assigned");
    store.transition(1n, ["assigned"], "proving");
    store.transition(1n, ["proving"], "proved", { proof: "{}" });
    expect(() => store.transition(1n, ["proved"], "submitted", { txHash: hash(9n) })).toThrow(/CHECK constraint/);
    expect(store.get(1n)?.state).toBe("proved");
    store.close();
  });

  it("records a request seen twice only once and keeps its state", () => {
    const store = new JobStore(join(dir, "jobs.sqlite"));
    store.recordRange([newJob(1n)], { block: 1n, blockHash: hash(1n) });
    store.transition(1n, ["seen"], "assigned");
    expect(store.recordRange([newJob(1n)], { block: 2n, blockHash: hash(2n) })).toBe(0);
    expect(store.get(1n)?.state).toBe("assigned");
    expect(store.cursor()?.block).toBe(2n);
    store.close();
  });

  it("requeues a job caught proving by a crash and keeps proved and submitted jobs", () => {
    const path = join(dir, "jobs.sqlite");
    const store = new JobStore(path);
    store.recordRange([newJob(1n), newJob(2n)], { block: 1n, blockHash: hash(1n) });
    for (const id of [1n, 2n]) {
      store.transition(id, ["seen"], "assigned");
      store.transition(id, ["assigned"], "proving");
    }
    store.transition(2n, ["proving"], "proved", { proof: '{"outputs":[]}' });
    store.close();
    const reopened = new JobStore(path);
    expect(reopened.recoverAfterCrash()).toBe(1);
    expect(reopened.get(1n)?.state).toBe("assigned");
    expect(reopened.get(2n)?.state).toBe("proved");
    expect(reopened.get(2n)?.proof).toBe('{"outputs":[]}');
    reopened.close();
  });

  it("rewinds non-terminal jobs above a reorganised block but keeps submitted and terminal ones", () => {
    const store = new JobStore(join(dir, "jobs.sqlite"));
    store.recordRange([newJob(1n, 5n), newJob(2n, 7n), newJob(3n, 8n)], { block: 8n, blockHash: hash(8n) });
    store.transition(3n, ["seen"], "skipped");
    expect(store.rewindTo(6n, hash(6n))).toBe(1);
    expect(store.get(1n)).toBeDefined();
    expect(store.get(2n)).toBeUndefined();
    expect(store.get(3n)?.state).toBe("skipped");
    expect(store.cursor()).toEqual({ block: 6n, blockHash: hash(6n) });
    store.close();
  });

  it("survives kill -9 at arbitrary points: cursor and jobs stay atomic, no job is lost, each is confirmed once", async () => {
    const path = join(dir, "jobs.sqlite");
    const blocks = 400;
    let interrupted = 0;
    for (let round = 0; round < 6; round++) {
      const run = churn(path, blocks);
      await run.started;
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 120)));
      run.child.kill("SIGKILL");
      await run.exited;

      const store = new JobStore(path);
      expect(store.integrityCheck()).toBe("ok");
      const cursor = store.cursor()?.block ?? 0n;
      const counts = store.counts();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      // every block up to the cursor has all its jobs, and nothing beyond the cursor was recorded
      expect(BigInt(total)).toBe(cursor * PER_BLOCK);
      if (counts.confirmed < blocks * Number(PER_BLOCK)) interrupted++;
      for (const job of store.list(["proved", "submitted", "confirmed"])) expect(job.proof).not.toBeNull();
      for (const job of store.list(["submitted", "confirmed"])) expect(job.txHash).toBe(hash(job.requestId));
      store.close();
    }
    // the kills landed while work was in flight, not after the child had finished
    expect(interrupted).toBeGreaterThanOrEqual(5);
    // a final run without interruption finishes every job
    const last = churn(path, blocks);
    expect(await last.exited).toBe(0);
    const store = new JobStore(path);
    expect(store.counts().confirmed).toBe(blocks * Number(PER_BLOCK));
    for (let id = 1n; id <= BigInt(blocks) * PER_BLOCK; id++) {
      const history = store.history(id);
      // one unbroken chain of transitions ending in exactly one confirmation
      expect(history.filter((h) => h.to === "confirmed")).toHaveLength(1);
      for (let i = 1; i < history.length; i++) expect(history[i]?.from).toBe(history[i - 1]?.to);
    }
    store.close();
  }, 120_000);
});
