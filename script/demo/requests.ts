/**
 * Following a request from a consumer contract to its verified answer: the request id from the consumer's event, the
 * coordinator's record once an operator fulfilled it, and the audit trail that says which proof verified it.
 */

import { loadManifest } from "@symbiote/circuits";
import { coordinatorAbi, type DecisionTrail, getDecisionTrail } from "@symbiote/sdk";
import { type Abi, type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import type { DemoChain } from "./chain.ts";
import { DemoError } from "./errors.ts";
import { logTail, type RunningNode } from "./nodes.ts";

const STATUS = ["None", "Pending", "Fulfilled", "CallbackFailed", "Expired"] as const;

/** The `requestId` argument of the first `eventName` event of `abi` in a receipt. */
export function requestIdFrom(receipt: TransactionReceipt, abi: Abi, eventName: string): bigint {
  const [event] = parseEventLogs({ abi, eventName, logs: receipt.logs }) as { args: { requestId?: bigint } }[];
  const id = event?.args.requestId;
  if (id === undefined) throw new DemoError(`transaction ${receipt.transactionHash} emitted no ${eventName}.`);
  return id;
}

/** Polls `check` every 250 ms until it returns a value; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new DemoError(`timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export type Fulfillment = { operator: Address; status: (typeof STATUS)[number]; trail: DecisionTrail };

/**
 * Waits until the coordinator settled `requestId`, then reads its audit trail.
 *
 * @throws {DemoError} the request expired, its callback failed, or nobody served it in time (the nodes' logs quoted).
 */
export async function waitForFulfillment(
  chain: DemoChain,
  requestId: bigint,
  nodes: readonly RunningNode[],
): Promise<Fulfillment> {
  let decision: { status: number; hash: Hex };
  try {
    decision = await waitFor(`an operator to fulfill request ${requestId}`, async () => {
      const d = await chain.publicClient.readContract({
        address: chain.deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "decisionOf",
        args: [requestId],
      });
      return d.status === 1 ? undefined : d;
    });
  } catch (error) {
    const logs = nodes.map((n) => `--- ${n.name} (${n.logPath})\n${logTail(n)}`).join("\n");
    throw new DemoError(`${(error as Error).message} The nodes' logs:\n${logs}`);
  }
  const status = STATUS[decision.status] ?? "None";
  if (status !== "Fulfilled") {
    throw new DemoError(`request ${requestId} ended ${status} instead of Fulfilled.`);
  }
  const trail = await getDecisionTrail(chain.publicClient, {
    deployment: chain.deployment,
    manifest: loadManifest(),
    requestId,
  });
  // the record keeps only a status and a hash: the operator is the one DecisionRecorded names
  if (!trail.operator) throw new DemoError(`request ${requestId} is fulfilled but has no DecisionRecorded event.`);
  return { operator: trail.operator, status, trail };
}

/** Which node (by its operator's address) proved a request. */
export function nodeNamed(nodes: readonly RunningNode[], operator: Address): string {
  return nodes.find((n) => n.operator.address.toLowerCase() === operator.toLowerCase())?.name ?? operator;
}
