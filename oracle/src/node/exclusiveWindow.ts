import { type Address, zeroAddress } from "viem";

export type ExclusiveWindowParameters = {
  /** This node's operator address. */
  self: Address;
  /** `publicAssignment(round, requestId, modelId, version)`: address(0) while the seed is unknown or nobody was drawn. */
  assigned: Address;
  /** When the round's seed arrived (`seedInfo(round)`), 0 while it is unknown. */
  seedArrivedAt: bigint;
  requestedAt: bigint;
  /** `serviceParams().exclusiveWindow`, seconds. */
  exclusiveWindow: bigint;
  /** The chain's time. */
  now: bigint;
};

export type ExclusiveWindowDecision =
  /** Nobody may serve it yet: the round's seed is awaited. Look again next round. */
  | { kind: "wait"; note: string }
  /** This node may serve it from `serveAfter` on (0: at once). */
  | { kind: "serve"; serveAfter: bigint; note: string };

/** The note of a public-input job waiting for its round's seed. */
export const WAITING_FOR_SEED = "waiting for the round's seed";

/**
 * When this node may serve a public-input request, by the coordinator's rule (`_checkServingRight`): the drawn
 * operator at any time before the deadline; anyone else eligible once the exclusive window is over. The window runs
 * from the seed's arrival (or from the request, if the seed came first); while no seed is known it runs from the
 * request, and a seed that arrives later opens a new window. A known seed that drew nobody (no operator had declared
 * the version before the round) leaves the request open to every eligible operator at once.
 *
 * @example exclusiveWindowDecision({ self, assigned: self, seedArrivedAt: 100n, requestedAt: 99n, exclusiveWindow: 300n, now: 101n })
 * // { kind: "serve", serveAfter: 0n, note: "assigned to this node" }
 */
export function exclusiveWindowDecision(p: ExclusiveWindowParameters): ExclusiveWindowDecision {
  if (p.assigned !== zeroAddress && p.assigned.toLowerCase() === p.self.toLowerCase()) {
    return { kind: "serve", serveAfter: 0n, note: "assigned to this node" };
  }
  if (p.seedArrivedAt === 0n) {
    const windowEnd = p.requestedAt + p.exclusiveWindow;
    if (p.now < windowEnd) return { kind: "wait", note: WAITING_FOR_SEED };
    return { kind: "serve", serveAfter: windowEnd, note: `fallback: no seed for the round by ${windowEnd}` };
  }
  if (p.assigned === zeroAddress) {
    return { kind: "serve", serveAfter: 0n, note: "open to all: the round's seed drew no operator for this version" };
  }
  const windowStart = p.seedArrivedAt > p.requestedAt ? p.seedArrivedAt : p.requestedAt;
  const windowEnd = windowStart + p.exclusiveWindow;
  return {
    kind: "serve",
    serveAfter: windowEnd,
    note: `fallback: assigned to ${p.assigned}, open to all after ${windowEnd}`,
  };
}
