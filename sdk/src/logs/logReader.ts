import type { AbiEvent, Address, Chain, Client, GetLogsReturnType, Hash, Transport } from "viem";
import { zeroHash } from "viem";
import { getBlock, getBlockNumber, getLogs } from "viem/actions";
import { SymbioteError } from "../errors/base.ts";

/** The chain reorganised below everything the reader remembers: its logs cannot be reconciled. */
export class DeepReorgError extends SymbioteError {
  override name = "DeepReorgError";
}

/** A block the reader has read up to, by number and hash: where it resumes, and what a reorg is checked against. */
export type LogCheckpoint = { number: bigint; hash: Hash };

type CommonParameters = {
  /** The contract that emits the events. */
  address: Address;
  /** The first block to read (ignored when `checkpoint` is given). */
  fromBlock: bigint;
  /**
   * Resume after this block, read completely by an earlier reader (a persisted cursor). If a reorg has replaced it
   * since, the reader rewinds `2 × confirmations` blocks below it, re-reads from there and reports the rewind
   * in `rewoundTo`: what was recorded above that block must be dropped, as the reader cannot name the removed logs.
   */
  checkpoint?: LogCheckpoint;
  /**
   * Blocks a log must be under before it is reported: 1 reports logs of the head block, 2 waits for one more block…
   * A reorg shallower than this is never seen by the caller.
   */
  confirmations?: number;
  /** The widest block range of one eth_getLogs call (providers cap it); halved while a provider refuses a range. */
  maxBlockRange?: bigint;
  /**
   * The most blocks one poll reads (default: up to the safe head). A caller that persists progress after each poll
   * (an operator node catching up after downtime) bounds its work per step with it.
   */
  maxBlocksPerPoll?: bigint;
  /** Canonical blocks remembered to find the common ancestor after a reorg deeper than `confirmations`. */
  historyDepth?: number;
  /**
   * Whether an eth_getLogs error is the provider refusing the range's size (then the range is halved and read again)
   * rather than a failure to report. Default: the messages and codes common providers use for it.
   */
  isRangeRefusal?: (error: unknown) => boolean;
};

export type LogReaderParameters<event extends AbiEvent, events extends readonly AbiEvent[]> = CommonParameters &
  (
    | {
        /** The event, as an ABI item (e.g. `getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" })`). */
        event: event;
        /** Indexed arguments to filter on, as viem's getLogs takes them. */
        args?: Record<string, unknown>;
        events?: undefined;
      }
    | {
        /** Several events of the contract, read together (e.g. every event of its ABI), in log order. */
        events: events;
        event?: undefined;
        args?: undefined;
      }
  );

export type ReadLog<events extends readonly AbiEvent[]> = GetLogsReturnType<undefined, events, true>[number];

/** What one {@link LogReader.poll} found: newly confirmed logs, and logs reported before that a reorg removed. */
export type LogReaderPoll<events extends readonly AbiEvent[]> = {
  logs: ReadLog<events>[];
  removed: ReadLog<events>[];
  /** The last block read (confirmed), after this poll, and its hash: a checkpoint to persist and resume from. */
  safeBlock: bigint;
  safeBlockHash: Hash | undefined;
  /**
   * Set when a reorg made the reader go back: the last block still trusted. Anything recorded from blocks above it
   * must be dropped (the logs the reader reported itself are also in `removed`).
   */
  rewoundTo?: LogCheckpoint;
  /** Whether blocks remain between the safe block and the safe head (only with `maxBlocksPerPoll`). */
  behind: boolean;
  /** The chain head this poll saw. */
  head: bigint;
};

export type LogReader<events extends readonly AbiEvent[]> = {
  /** Reads up to the head minus the confirmations; safe to call again at any time, never reports a log twice. */
  poll(): Promise<LogReaderPoll<events>>;
};

const logKey = (log: { blockHash: Hash | null; logIndex: number | null }) => `${log.blockHash}:${log.logIndex}`;

const RANGE_REFUSAL = /range|limit|too (many|large|big)|exceed|10[, ]?000|response size/i;

/** The JSON-RPC codes and messages providers answer an eth_getLogs range they will not serve with. */
export function isCommonRangeRefusal(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message, details } = e as { code?: number; message?: string; details?: string };
    if (code === -32005) return true;
    if (RANGE_REFUSAL.test(`${details ?? ""} ${message ?? ""}`)) return true;
  }
  return false;
}

/**
 * A reorg-aware reader of a contract's events. Each poll reads from the block after the last safe one up to the head
 * minus `confirmations - 1`, then checks every block it read a log from (and the new safe block) against the
 * canonical chain: if the chain moved during the read, nothing is reported and the next poll reads the range again.
 * When the last safe block itself was replaced (a reorg deeper than the confirmations), it walks back through the
 * remembered blocks to the common ancestor, re-reads from there and reports the logs that disappeared as `removed`.
 * Logs are deduplicated by (block hash, log index), so a re-read never reports one twice.
 *
 * @example
 * const reader = createLogReader(client, { address, event, args: { requestId }, fromBlock, confirmations: 2 });
 * const { logs } = await reader.poll();
 */
export function createLogReader<
  const event extends AbiEvent = AbiEvent,
  const events extends readonly AbiEvent[] = [event],
>(client: Client<Transport, Chain | undefined>, parameters: LogReaderParameters<event, events>): LogReader<events> {
  const confirmations = BigInt(Math.max(1, parameters.confirmations ?? 1));
  const historyDepth = parameters.historyDepth ?? 128;
  const isRangeRefusal = parameters.isRangeRefusal ?? isCommonRangeRefusal;
  const filter = parameters.events ? { events: parameters.events } : { event: parameters.event, args: parameters.args };
  let range = parameters.maxBlockRange ?? 10_000n;
  /** Safe blocks, oldest first; the last one is where the next read starts after. */
  const history: LogCheckpoint[] = parameters.checkpoint ? [parameters.checkpoint] : [];
  /** Reported logs by key (to find those a reorg removed), for the blocks the history still covers. */
  const reported = new Map<string, ReadLog<events>>();
  /** Whether the oldest remembered blocks were dropped: then an empty history no longer reaches the first block. */
  let forgotten = false;
  const firstBlock = parameters.checkpoint ? parameters.checkpoint.number + 1n : parameters.fromBlock;

  const canonicalHash = async (number: bigint): Promise<Hash | undefined> => {
    const block = await getBlock(client, { blockNumber: number }).catch(() => undefined);
    return block?.hash ?? undefined;
  };

  /** Drops remembered blocks the chain replaced; returns the logs reported from them and the block to resume after. */
  async function rewind(): Promise<{ removed: ReadLog<events>[]; to: LogCheckpoint }> {
    const removed: ReadLog<events>[] = [];
    while (history.length > 0) {
      const last = history[history.length - 1] as LogCheckpoint;
      if ((await canonicalHash(last.number)) === last.hash) break;
      history.pop();
    }
    if (history.length === 0 && forgotten) {
      throw new DeepReorgError(
        `the chain reorganised below the ${historyDepth} blocks the log reader remembers; start a new reader from an earlier block.`,
      );
    }
    if (history.length === 0 && parameters.checkpoint) {
      // resumed from a checkpoint the chain replaced: trust nothing within twice the confirmations below it
      const floor = parameters.checkpoint.number - 2n * confirmations;
      const number = floor > parameters.fromBlock - 1n ? floor : parameters.fromBlock - 1n;
      const hash = await canonicalHash(number);
      if (hash) history.push({ number, hash });
    }
    const keep = history[history.length - 1]?.number ?? firstBlock - 1n;
    for (const [key, log] of reported) {
      if ((log.blockNumber ?? 0n) > keep) {
        removed.push(log);
        reported.delete(key);
      }
    }
    // below the first block nothing was read: any hash there is as good as none
    const hash = history[history.length - 1]?.hash ?? (await canonicalHash(keep)) ?? zeroHash;
    return { removed, to: { number: keep, hash } };
  }

  async function readRange(from: bigint, to: bigint): Promise<ReadLog<events>[]> {
    const found: ReadLog<events>[] = [];
    let start = from;
    while (start <= to) {
      const end = start + range - 1n < to ? start + range - 1n : to;
      let batch: unknown[];
      try {
        batch = await getLogs(client, {
          address: parameters.address,
          ...filter,
          fromBlock: start,
          toBlock: end,
          strict: true,
        } as never);
      } catch (error) {
        if (range > 1n && isRangeRefusal(error)) {
          range = range / 2n;
          continue;
        }
        throw error;
      }
      found.push(...(batch as ReadLog<events>[]));
      start = end + 1n;
    }
    return found;
  }

  async function poll(): Promise<LogReaderPoll<events>> {
    const last = history[history.length - 1];
    const rewound = last && (await canonicalHash(last.number)) !== last.hash ? await rewind() : undefined;
    const removed = rewound?.removed ?? [];
    const rewoundTo = rewound?.to;
    const previous = history[history.length - 1];
    const start = (previous?.number ?? firstBlock - 1n) + 1n;
    const unchanged = { logs: [], removed, safeBlock: start - 1n, safeBlockHash: previous?.hash, rewoundTo };
    const head = await getBlockNumber(client, { cacheTime: 0 });
    const safeHead = head - confirmations + 1n;
    if (safeHead < start) return { ...unchanged, behind: false, head };
    const cap = parameters.maxBlocksPerPoll;
    const safe = cap !== undefined && start + cap - 1n < safeHead ? start + cap - 1n : safeHead;
    const behind = safe < safeHead;
    const found = await readRange(start, safe);
    // every block a log came from, and the new safe block, must still be canonical: else read again next time
    const heights = new Map<bigint, Hash | null>(found.map((log) => [log.blockNumber as bigint, log.blockHash]));
    // one round of block reads (a batching transport sends them in one request), not one per block
    const [safeHash, ...canonical] = await Promise.all([safe, ...heights.keys()].map((n) => canonicalHash(n)));
    if (!safeHash) return { ...unchanged, behind: false, head };
    if ([...heights.values()].some((hash, i) => canonical[i] !== hash)) return { ...unchanged, behind: false, head };
    const logs: ReadLog<events>[] = [];
    for (const log of found) {
      const key = logKey(log);
      if (reported.has(key)) continue;
      reported.set(key, log);
      logs.push(log);
    }
    history.push({ number: safe, hash: safeHash });
    if (history.length > historyDepth) {
      history.shift();
      forgotten = true;
      // a log below the oldest remembered block can no longer be reported as removed: stop holding it
      const oldest = (history[0] as LogCheckpoint).number;
      for (const [key, log] of reported) if ((log.blockNumber ?? 0n) <= oldest) reported.delete(key);
    }
    return { logs, removed, safeBlock: safe, safeBlockHash: safeHash, rewoundTo, behind, head };
  }

  return { poll };
}
