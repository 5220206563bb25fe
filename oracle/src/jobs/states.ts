import { FatalError } from "@symbiote/sdk";

/**
 * A request's life in the node. `assigned` means this node may serve it (now or from `serveAfter`); `proved` holds a
 * proof not yet sent; `submitted` holds the signed transaction. Terminal: `confirmed` (our fulfillment is on chain),
 * `skipped` (another operator answered, or the request is not ours to serve), `expired` (the deadline passed
 * unanswered: the requester is refunded on chain), `failed` (a fatal error: the request is knowingly left to time out).
 */
export const JOB_STATES = [
  "seen",
  "assigned",
  "proving",
  "proved",
  "submitted",
  "confirmed",
  "skipped",
  "expired",
  "failed",
] as const;

export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_STATES: readonly JobState[] = ["confirmed", "skipped", "expired", "failed"];

/** The transitions the state machine allows; anything else is a bug and is refused. */
const ALLOWED: Record<JobState, readonly JobState[]> = {
  // seen → seen: still waiting (for the round's seed), with a note saying so
  seen: ["seen", "assigned", "skipped", "expired", "failed"],
  assigned: ["proving", "skipped", "expired", "failed"],
  // back to assigned: a retryable proving error, or a crash recovered at start
  proving: ["proved", "assigned", "skipped", "expired", "failed"],
  // proved → proved: turned down as "not yet" (the exclusive window, the round's seed), kept with a note to try again
  proved: ["proved", "submitted", "assigned", "skipped", "expired", "failed"],
  // back to proved: the transaction was dropped or replaced by another of ours and must be sent again
  submitted: ["confirmed", "submitted", "proved", "assigned", "skipped", "expired", "failed"],
  confirmed: [],
  skipped: [],
  expired: [],
  failed: [],
};

/** A state change the state machine does not allow (a bug in the caller, never a runtime condition). */
export class IllegalTransitionError extends FatalError {
  override name = "IllegalTransitionError";
}

export function assertTransition(requestId: bigint, from: JobState, to: JobState): void {
  if (!ALLOWED[from].includes(to)) {
    throw new IllegalTransitionError(
      `request ${requestId}: ${from} → ${to} is not a transition of the job state machine; this is a bug in the node, report it.`,
    );
  }
}
