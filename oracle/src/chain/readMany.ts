/** Reads sent together at most: enough to hide round trips, few enough not to trip an RPC provider's rate limit. */
export const READS_AT_ONCE = 50;

/**
 * Maps `items` through an async read, `limit` reads in flight at a time, results in input order. For per-request
 * chain reads (assignments, statuses) that one after another would hold a node's round up for seconds after a burst.
 *
 * @example const statuses = await readMany(jobs, (job) => statusOf(job.requestId));
 */
export async function readMany<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
  limit = READS_AT_ONCE,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(read))));
  return out;
}
