import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FatalError, RetryableError } from "@symbiote/sdk";
import { encodeTask, type ProveTask, type WorkerReply } from "./protocol.ts";

export type ProofResult = Extract<WorkerReply, { ok: true }>;

/** The proof could not be made for this input and model, and will not be on a retry. */
export class ProvingFailedError extends FatalError {
  override name = "ProvingFailedError";
}

/** A prover thread died or was stopped while working; the task can be tried again. */
export class ProverInterruptedError extends RetryableError {
  override name = "ProverInterruptedError";
}

type Pending = {
  task: ProveTask;
  resolve: (result: ProofResult) => void;
  reject: (error: Error) => void;
};

type Slot = { worker: ChildProcess; busy: Pending | undefined };

const WORKER_PATH = fileURLToPath(new URL("./proverWorker.ts", import.meta.url));

/**
 * Runs inference and proofs in up to `concurrency` prover processes (oracle/src/prover/proverWorker.ts), first come first served. A process that crashes is
 * replaced and its task rejected with a {@link ProverInterruptedError}.
 */
export class ProverPool {
  readonly concurrency: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly delayMs: number;
  private nextId = 1;
  private closed = false;

  /** @param options.delayMs fault injection only: each prover waits this long before every proof. */
  constructor(concurrency: number, options: { delayMs?: number } = {}) {
    this.concurrency = concurrency;
    this.delayMs = options.delayMs ?? 0;
    for (let i = 0; i < concurrency; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // the worker is TypeScript: load it through tsx whatever the parent process runs under
    const worker = fork(WORKER_PATH, [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const slot: Slot = { worker, busy: undefined };
    worker.on("message", (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = undefined;
      if (pending) {
        if (reply.ok) pending.resolve(reply);
        else if (reply.fatal)
          pending.reject(
            new ProvingFailedError(`request ${pending.task.requestId} cannot be proven: ${reply.message}`),
          );
        else pending.reject(new ProverInterruptedError(`request ${pending.task.requestId}: ${reply.message}`));
      }
      this.drain();
    });
    worker.on("error", (error) => this.replace(slot, error));
    worker.on("exit", (code) => {
      if (!this.closed) this.replace(slot, new Error(`prover thread exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const pending = slot.busy;
    slot.busy = undefined;
    slot.worker.kill("SIGKILL");
    if (this.closed) return;
    this.slots[index] = this.spawn();
    pending?.reject(
      new ProverInterruptedError(`the prover thread failed on request ${pending.task.requestId}; it will be retried.`, {
        cause: error,
      }),
    );
    this.drain();
  }

  private drain(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = next;
      slot.worker.send(encodeTask(next.task));
    }
  }

  /** Tasks waiting for a thread plus tasks running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  prove(task: Omit<ProveTask, "id">): Promise<ProofResult> {
    if (this.closed) return Promise.reject(new ProverInterruptedError("the prover pool is closed."));
    return new Promise<ProofResult>((resolve, reject) => {
      const delay = this.delayMs > 0 ? { delayMs: this.delayMs } : {};
      this.queue.push({ task: { ...task, ...delay, id: this.nextId++ }, resolve, reject });
      this.drain();
    });
  }

  /** Stops every thread; queued and running tasks are rejected as interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new ProverInterruptedError("the prover pool closed."));
    for (const slot of this.slots) slot.busy?.reject(new ProverInterruptedError("the prover pool closed."));
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((done) => {
            if (s.worker.exitCode !== null || s.worker.signalCode !== null) return done();
            s.worker.once("exit", () => done());
            s.worker.kill("SIGTERM");
          }),
      ),
    );
  }
}
