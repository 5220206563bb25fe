import { type ChainRequest, classifyRpcError, coordinatorAbi, RetryableError } from "@symbiote/sdk";
import type { Logger } from "pino";
import type { Address, Chain, PublicClient, Transport } from "viem";
import type { JobStore, NewJob } from "../jobs/jobStore.ts";
import { encodeRequest } from "./request.ts";

export type WatcherOptions = {
  client: PublicClient<Transport, Chain>;
  store: JobStore;
  coordinator: Address;
  confirmations: number;
  maxLogRange: number;
  startBlock: bigint;
  log: Logger;
  onBlockLag?: (lag: number) => void;
  onRequests?: (count: number) => void;
};

/**
 * Finds `InferenceRequested` events once they are `confirmations` blocks deep and records them, with the cursor, in
 * the job store. After downtime it catches up in ranges of at most `maxLogRange` blocks (halved when a provider
 * refuses a range). A cursor block whose hash changed (a reorg deeper than the confirmations) rewinds the cursor
 * to the last block that is still canonical.
 */
export class Watcher {
  private readonly o: WatcherOptions;
  private range: number;

  constructor(options: WatcherOptions) {
    this.o = options;
    this.range = options.maxLogRange;
  }

  /** One pass: scans every confirmed block past the cursor. Returns how many new requests were recorded. */
  async poll(): Promise<number> {
    const { client, store, confirmations } = this.o;
    let head: bigint;
    try {
      head = await client.getBlockNumber({ cacheTime: 0 });
    } catch (error) {
      throw classifyRpcError(error, "reading the chain head");
    }
    const safe = head - BigInt(confirmations);
    await this.checkCursor();
    const cursor = store.cursor();
    let from = cursor ? cursor.block + 1n : this.o.startBlock;
    this.o.onBlockLag?.(Number(head - (cursor?.block ?? from)));
    let added = 0;
    while (from <= safe) {
      const to = from + BigInt(this.range) - 1n < safe ? from + BigInt(this.range) - 1n : safe;
      let logs: Awaited<ReturnType<typeof this.fetch>>;
      try {
        logs = await this.fetch(from, to);
      } catch (error) {
        const classified = classifyRpcError(error, `eth_getLogs ${from}-${to}`);
        // a provider refusing a range for its size: halve it and try again
        if (!(classified instanceof RetryableError) && this.range > 1) {
          this.range = Math.max(1, Math.floor(this.range / 2));
          this.o.log.warn({ from, to, range: this.range }, "log range refused; halving it");
          continue;
        }
        throw classified;
      }
      let block: { hash: `0x${string}` | null };
      try {
        block = await client.getBlock({ blockNumber: to });
      } catch (error) {
        throw classifyRpcError(error, `reading block ${to}`);
      }
      const jobs: NewJob[] = logs.map((log) => {
        const request = log.args.request as unknown as ChainRequest;
        return {
          requestId: request.requestId,
          request: encodeRequest(request),
          blockNumber: log.blockNumber,
          blockHash: log.blockHash,
          logIndex: log.logIndex,
          deadline: request.deadline,
        };
      });
      const n = store.recordRange(jobs, { block: to, blockHash: block.hash as `0x${string}` });
      if (n > 0) {
        this.o.log.info({ from, to, requests: n }, "requests seen");
        this.o.onRequests?.(n);
      }
      added += n;
      from = to + 1n;
      this.o.onBlockLag?.(Number(head - to));
    }
    return added;
  }

  private fetch(from: bigint, to: bigint) {
    return this.o.client.getContractEvents({
      address: this.o.coordinator,
      abi: coordinatorAbi,
      eventName: "InferenceRequested",
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
  }

  /** Rewinds the cursor past blocks that are no longer canonical. */
  private async checkCursor(): Promise<void> {
    const { client, store } = this.o;
    let cursor = store.cursor();
    while (cursor && cursor.block > 0n) {
      let block: { hash: `0x${string}` | null } | undefined;
      try {
        block = await client.getBlock({ blockNumber: cursor.block });
      } catch (error) {
        const classified = classifyRpcError(error, `reading block ${cursor.block}`);
        if (classified instanceof RetryableError) throw classified;
        block = undefined; // the block is gone (the chain is shorter now)
      }
      if (block?.hash === cursor.blockHash) return;
      const back = cursor.block - 1n;
      const parent = await client.getBlock({ blockNumber: back });
      const removed = store.rewindTo(back, parent.hash as `0x${string}`);
      this.o.log.warn({ block: cursor.block, removed }, "block reorganised away; rewinding the cursor");
      cursor = store.cursor();
    }
  }
}
