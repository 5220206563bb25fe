import type { Deployment } from "@symbiote/circuits";
import type { protocol } from "@symbiote/devnet";
import { coordinatorAbi } from "@symbiote/sdk";
import type { Hex } from "viem";

/**
 * Notes when each consumer callback lands: polls the chain head every `intervalMs` and reads the coordinator's
 * `InferenceRequested`, `DecisionRecorded` and `CallbackFailed` events of every new block. A callback runs in the
 * transaction that records its decision, and only a failure has an event of its own, so a decision is its callback.
 * `seenAt` is `performance.now()` at the poll that found the block, so it trails the block by at most one interval
 * plus an RPC round trip.
 */
export class CallbackWatcher {
  /** Request id → when its callback was seen (performance.now()). */
  readonly seenAt = new Map<bigint, number>();
  /** Request id → whether the consumer's callback succeeded. */
  readonly success = new Map<bigint, boolean>();
  /** Request id → the blocks its request and its callback landed in. */
  readonly blocks = new Map<bigint, { requested?: bigint; calledBack?: bigint }>();
  /** Fulfillment transaction → how many decisions it recorded (1 for `fulfill`, more for `fulfillBatch`). */
  readonly decisionsPerTx = new Map<Hex, number>();
  private next: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly p: ReturnType<typeof protocol>,
    private readonly deployment: Deployment,
    private readonly intervalMs = 50,
  ) {}

  async start(): Promise<void> {
    this.next = (await this.p.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.next === undefined) return;
    this.polling = true;
    try {
      const head = await this.p.publicClient.getBlockNumber({ cacheTime: 0 });
      if (head < this.next) return;
      const now = performance.now();
      const range = { address: this.deployment.coordinator, abi: coordinatorAbi, fromBlock: this.next, toBlock: head };
      const [requests, decisions, failures] = await Promise.all([
        this.p.publicClient.getContractEvents({ ...range, eventName: "InferenceRequested", strict: true }),
        this.p.publicClient.getContractEvents({ ...range, eventName: "DecisionRecorded", strict: true }),
        this.p.publicClient.getContractEvents({ ...range, eventName: "CallbackFailed", strict: true }),
      ]);
      const blocksOf = (id: bigint) => {
        const entry = this.blocks.get(id) ?? {};
        this.blocks.set(id, entry);
        return entry;
      };
      for (const e of requests) blocksOf(e.args.requestId).requested = e.blockNumber;
      for (const e of decisions) {
        if (!this.seenAt.has(e.args.requestId)) this.seenAt.set(e.args.requestId, now);
        this.success.set(e.args.requestId, true);
        blocksOf(e.args.requestId).calledBack = e.blockNumber;
        this.decisionsPerTx.set(e.transactionHash, (this.decisionsPerTx.get(e.transactionHash) ?? 0) + 1);
      }
      for (const e of failures) this.success.set(e.args.requestId, false);
      this.next = head + 1n;
    } catch {
      // a missed poll is caught up by the next one (the range starts where this one would have)
    } finally {
      this.polling = false;
    }
  }

  /** Resolves once every request's callback was seen; throws after `timeoutMs` naming how many are missing. */
  async waitFor(ids: readonly bigint[], timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (ids.some((id) => !this.seenAt.has(id))) {
      if (Date.now() > until) {
        const missing = ids.filter((id) => !this.seenAt.has(id));
        throw new Error(`${missing.length} of ${ids.length} callbacks not seen within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const failed = ids.filter((id) => this.success.get(id) === false);
    if (failed.length) throw new Error(`${failed.length} consumer callbacks failed (first: request ${failed[0]})`);
  }
}
