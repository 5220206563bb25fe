/** Most blocks one eth_getLogs call covers: public RPC providers refuse wider ranges (commonly 10,000). */
export const MAX_LOG_RANGE = 5_000n;
/** Log queries in flight at once: enough to hide latency, few enough not to be rate-limited. */
export const LOG_CONCURRENCY = 4;

/** Splits [from, to] into consecutive ranges of at most `size` blocks. */
export function blockRanges(from: bigint, to: bigint, size: bigint = MAX_LOG_RANGE): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (let start = from; start <= to; start += size) {
    const end = start + size - 1n;
    out.push([start, end < to ? end : to]);
  }
  return out;
}

/**
 * Runs a log query over [from, to] in bounded ranges, a few at a time, and returns every result in block order.
 * `query` is any viem `getContractEvents`/`getLogs` call closed over its filter.
 */
export async function getLogsInRanges<T>(
  query: (fromBlock: bigint, toBlock: bigint) => Promise<readonly T[]>,
  from: bigint,
  to: bigint,
  options: { size?: bigint; concurrency?: number } = {},
): Promise<T[]> {
  if (to < from) return [];
  const ranges = blockRanges(from, to, options.size ?? MAX_LOG_RANGE);
  const results: (readonly T[])[] = new Array(ranges.length);
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const i = next++;
      const [start, end] = ranges[i] as [bigint, bigint];
      results[i] = await query(start, end);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? LOG_CONCURRENCY, ranges.length) }, worker));
  return results.flat();
}
