import {
  type ChainRequest,
  classifyRpcError,
  coordinatorAbi,
  createLogReader,
  DeepReorgError,
  type LogReader,
  type ReadLog,
  RetryableError,
} from "@symbiote/sdk";
import type { Logger } from "pino";
import { type Address, type Chain, getAbiItem, type PublicClient, type Transport } from "viem";
import type { JobStore, NewJob } from "../jobs/jobStore.ts";
import { encodeRequest } from "./request.ts";

export type WatcherOptions = {
  client: PublicClient<Transport, Chain>;
  store: JobStore;
  coordinator: Address;
  /** Blocks a request must be buried under: the head minus this is the last block read. */
  confirmations: number;
  maxLogRange: number;
  startBlock: bigint;
  log: Logger;
  onBlockLag?: (lag: number) => void;
  onRequests?: (count: number) => void;
};

const requestedEvent = getAbiItem({ abi: coordinatorAbi, name: "InferenceRequested" });
type Requested = ReadLog<[typeof requestedEvent]>;

/**
 * Finds `InferenceRequested` events once they are `confirmations` blocks deep and records them, with the cursor, in
 * the job store, through the SDK's reorg-aware log reader. After downtime it catches up `maxLogRange` blocks per step
 * (the reader halves the range when a provider refuses it), persisting the cursor after each. A block the reader had
 * read that a reorg replaced (deeper than the confirmations) rewinds the store to the last block still canonical, and
 * the requests of the blocks that replaced it are read again.
 */
export class Watcher {
  private readonly o: WatcherOptions;
  private reader: LogReader<[typeof requestedEvent]> | undefined;

  constructor(options: WatcherOptions) {
    this.o = options;
  }

  /** One pass: scans every confirmed block past the cursor. Returns how many new requests were recorded. */
  async poll(): Promise<number> {
    let added = 0;
    for (;;) {
      const step = await this.step();
      added += step.added;
      if (!step.behind) return added;
    }
  }

  private async step(): Promise<{ added: number; behind: boolean }> {
    const { store } = this.o;
    this.reader ??= this.createReader();
    let polled: Awaited<ReturnType<LogReader<[typeof requestedEvent]>["poll"]>>;
    try {
      polled = await this.reader.poll();
    } catch (error) {
      if (error instanceof DeepReorgError) {
        // start again from the persisted cursor: the reader checks it and rewinds below it if it is gone too
        this.o.log.warn(
          { cursor: store.cursor()?.block },
          "reorg below the watcher's memory; resuming from the cursor",
        );
        this.reader = undefined;
        return { added: 0, behind: true };
      }
      throw classifyRpcError(error, "reading InferenceRequested logs");
    }
    if (polled.rewoundTo) {
      const removed = store.rewindTo(polled.rewoundTo.number, polled.rewoundTo.hash);
      this.o.log.warn({ block: polled.rewoundTo.number, removed }, "blocks reorganised away; rewound the cursor");
    }
    const cursor = store.cursor();
    let added = 0;
    if (polled.safeBlockHash && polled.safeBlock !== cursor?.block) {
      const jobs = polled.logs.map((log) => jobOf(log));
      added = store.recordRange(jobs, { block: polled.safeBlock, blockHash: polled.safeBlockHash });
      if (added > 0) {
        this.o.log.info({ to: polled.safeBlock, requests: added }, "requests seen");
        this.o.onRequests?.(added);
      }
    }
    this.o.onBlockLag?.(Number(polled.head - (store.cursor()?.block ?? polled.safeBlock)));
    return { added, behind: polled.behind };
  }

  private createReader(): LogReader<[typeof requestedEvent]> {
    const cursor = this.o.store.cursor();
    return createLogReader(this.o.client, {
      address: this.o.coordinator,
      event: requestedEvent,
      fromBlock: this.o.startBlock,
      checkpoint: cursor ? { number: cursor.block, hash: cursor.blockHash } : undefined,
      // the reader counts the head block as the first confirmation
      confirmations: this.o.confirmations + 1,
      maxBlockRange: BigInt(this.o.maxLogRange),
      maxBlocksPerPoll: BigInt(this.o.maxLogRange),
      // a refusal that is not transport trouble is taken as the provider refusing the range's size
      isRangeRefusal: (error) => !(classifyRpcError(error, "eth_getLogs") instanceof RetryableError),
    });
  }
}

function jobOf(log: Requested): NewJob {
  const request = log.args.request as unknown as ChainRequest;
  return {
    requestId: request.requestId,
    request: encodeRequest(request),
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    logIndex: log.logIndex,
    deadline: request.deadline,
  };
}
