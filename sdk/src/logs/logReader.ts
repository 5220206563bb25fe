import type { AbiEvent, Address, Chain, Client, GetLogsReturnType, Hash, Transport } from "viem";
import { getBlock, getBlockNumber, getLogs } from "viem/actions";
import { SymbioteError } from "../errors/base.ts";

/** The chain reorganised below everything the reader remembers: its logs cannot be reconciled. */
export class DeepReorgError extends SymbioteError {
  override name = "DeepReorgError";
}

export type LogReaderParameters<event extends AbiEvent> = {
  /** The contract that emits the event. */
  address: Address;
  /** The event, as an ABI item (e.g. `getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" })`). */
  event: event;
  /** Indexed arguments to filter on, as viem's getLogs takes them. */
  args?: Record<string, unknown>;
  /** The first block to read. */
  fromBlock: bigint;
  /**
   * Blocks a log must be under before it is reported: 1 reports logs of the head block, 2 waits for one more block…
   * A reorg shallower than this is never seen by the caller.
   */
  confirmations?: number;
  /** The widest block range of one eth_getLogs call (providers cap it). */
  maxBlockRange?: bigint;
  /** Canonical blocks remembered to find the common ancestor after a reorg deeper than `confirmations`. */
  historyDepth?: number;
};

export type ReadLog<event extends AbiEvent> = GetLogsReturnType<event, [event], true>[number];

/** What one {@link LogReader.poll} found: newly confirmed logs, and logs reported before that a reorg removed. */
export type LogReaderPoll<event extends AbiEvent> = {
  logs: ReadLog<event>[];
  removed: ReadLog<event>[];
  /** The last block read (confirmed), after this poll. */
  safeBlock: bigint;
};

export type LogReader<event extends AbiEvent> = {
  /** Reads up to the head minus the confirmations; safe to call again at any time, never reports a log twice. */
  poll(): Promise<LogReaderPoll<event>>;
};

type Checkpoint = { number: bigint; hash: Hash };

const logKey = (log: { blockHash: Hash | null; logIndex: number | null }) => `${log.blockHash}:${log.logIndex}`;

/**
 * A reorg-aware reader of one event. Each poll reads from the block after the last safe one up to the head minus
 * `confirmations - 1`, then checks every block it read a log from (and the new safe block) against the canonical
 * chain: if the chain moved during the read, nothing is reported and the next poll reads the range again. When the
 * last safe block itself was replaced (a reorg deeper than the confirmations), it walks back through the remembered
 * blocks to the common ancestor, re-reads from there and reports the logs that disappeared as `removed`. Logs are
 * deduplicated by (block hash, log index), so a re-read never reports one twice.
 *
 * @example
 * const reader = createLogReader(client, { address, event, args: { requestId }, fromBlock, confirmations: 2 });
 * const { logs } = await reader.poll();
 */
export function createLogReader<event extends AbiEvent>(
  client: Client<Transport, Chain | undefined>,
  parameters: LogReaderParameters<event>,
): LogReader<event> {
  const confirmations = BigInt(Math.max(1, parameters.confirmations ?? 1));
  const maxRange = parameters.maxBlockRange ?? 10_000n;
  const historyDepth = parameters.historyDepth ?? 128;
  /** Safe blocks, oldest first; the last one is where the next read starts after. */
  const history: Checkpoint[] = [];
  /** Reported logs by key, with their block number (to find those a reorg removed). */
  const reported = new Map<string, ReadLog<event>>();
  /** Whether the oldest remembered blocks were dropped: then an empty history no longer reaches `fromBlock`. */
  let forgotten = false;

  const canonicalHash = async (number: bigint): Promise<Hash | undefined> => {
    const block = await getBlock(client, { blockNumber: number }).catch(() => undefined);
    return block?.hash ?? undefined;
  };

  /** Drops remembered blocks the chain replaced; returns the logs reported from them. */
  async function rewind(): Promise<ReadLog<event>[]> {
    const removed: ReadLog<event>[] = [];
    while (history.length > 0) {
      const last = history[history.length - 1] as Checkpoint;
      if ((await canonicalHash(last.number)) === last.hash) break;
      history.pop();
    }
    if (history.length === 0 && forgotten) {
      throw new DeepReorgError(
        `the chain reorganised below the ${historyDepth} blocks the log reader remembers; start a new reader from an earlier block.`,
      );
    }
    const keep = history[history.length - 1]?.number ?? parameters.fromBlock - 1n;
    for (const [key, log] of reported) {
      if ((log.blockNumber ?? 0n) > keep) {
        removed.push(log);
        reported.delete(key);
      }
    }
    return removed;
  }

  async function poll(): Promise<LogReaderPoll<event>> {
    const last = history[history.length - 1];
    const removed = last && (await canonicalHash(last.number)) !== last.hash ? await rewind() : [];
    const start = (history[history.length - 1]?.number ?? parameters.fromBlock - 1n) + 1n;
    const head = await getBlockNumber(client, { cacheTime: 0 });
    const safe = head - confirmations + 1n;
    const logs: ReadLog<event>[] = [];
    if (safe < start) return { logs, removed, safeBlock: start - 1n };
    const found: ReadLog<event>[] = [];
    for (let from = start; from <= safe; from += maxRange) {
      const to = from + maxRange - 1n < safe ? from + maxRange - 1n : safe;
      const batch = await getLogs(client, {
        address: parameters.address,
        event: parameters.event,
        args: parameters.args,
        fromBlock: from,
        toBlock: to,
        strict: true,
      } as never);
      found.push(...(batch as ReadLog<event>[]));
    }
    // every block a log came from, and the new safe block, must still be canonical: else read again next time
    const heights = new Map<bigint, Hash | null>(found.map((log) => [log.blockNumber as bigint, log.blockHash]));
    const safeHash = await canonicalHash(safe);
    if (!safeHash) return { logs, removed, safeBlock: start - 1n };
    for (const [number, hash] of heights) {
      if ((await canonicalHash(number)) !== hash) return { logs, removed, safeBlock: start - 1n };
    }
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
    }
    return { logs, removed, safeBlock: safe };
  }

  return { poll };
}
