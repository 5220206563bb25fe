import { RequestStatus } from "@symbiote/sdk";

/**
 * A request's status as the explorer shows it. The coordinator's own status (decisionOf) knows None, Pending,
 * Fulfilled, CallbackFailed and Expired; a pending request past its deadline is still "Pending" on chain until someone
 * calls `cancelExpired` with the request as emitted, which the explorer shows as "overdue" so nobody waits for a proof
 * that can no longer come.
 */
export type DisplayStatus = "pending" | "overdue" | "fulfilled" | "callback-failed" | "expired";

/** What the chain says about a request: its events, or its decisionOf record. */
export type StatusFacts = {
  fulfilled: boolean;
  /** `CallbackFailed` was emitted. */
  callbackFailed: boolean;
  /** `RequestExpired` was emitted (cancelled, refunded). */
  expired: boolean;
  deadline: bigint;
  /** Chain time (the latest block's timestamp), not the visitor's clock. */
  now: bigint;
};

/** Derives the shown status; the facts are exclusive on chain (a request settles once). */
export function deriveStatus(facts: StatusFacts): DisplayStatus {
  if (facts.fulfilled) return facts.callbackFailed ? "callback-failed" : "fulfilled";
  if (facts.expired) return "expired";
  return facts.now > facts.deadline ? "overdue" : "pending";
}

/** The coordinator's RequestStatus enum (IInferenceCoordinator.RequestStatus) as a shown status. */
export function statusFromChain(status: number, deadline: bigint, now: bigint): DisplayStatus | undefined {
  switch (status) {
    case RequestStatus.Pending:
      return now > deadline ? "overdue" : "pending";
    case RequestStatus.Fulfilled:
      return "fulfilled";
    case RequestStatus.CallbackFailed:
      return "callback-failed";
    case RequestStatus.Expired:
      return "expired";
    default:
      return undefined;
  }
}

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  pending: "pending",
  overdue: "expired · awaiting refund",
  fulfilled: "fulfilled",
  "callback-failed": "callback failed",
  expired: "expired",
};

/** The statuses the list filters on; "expired" includes the overdue ones. */
export const STATUS_FILTERS = ["pending", "fulfilled", "callback-failed", "expired"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function matchesStatusFilter(status: DisplayStatus, filter: StatusFilter | undefined): boolean {
  if (!filter) return true;
  return filter === "expired" ? status === "expired" || status === "overdue" : status === filter;
}
