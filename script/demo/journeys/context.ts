import { formatEther } from "viem";
import type { Progress } from "../progress.ts";
import type { PublishedModel } from "../publishing.ts";
import { type Fulfillment, nodeNamed } from "../requests.ts";
import type { DemoEnvironment } from "../setup.ts";
import type { DemoSummary, ServedRequest } from "../summary.ts";

/**
 * What every journey works with: the running devnet, the printer, the summary it fills in, and the model versions
 * published after the setup (the corrected credit version), whose contributors claim too.
 */
export type JourneyContext = {
  env: DemoEnvironment;
  progress: Progress;
  summary: DemoSummary;
  laterVersions: PublishedModel[];
};

/** The summary's record of a served request. */
export function servedRequest(ctx: JourneyContext, requestId: bigint, served: Fulfillment): ServedRequest {
  return {
    requestId: requestId.toString(),
    modelId: served.trail.model.id.toString(),
    version: served.trail.model.version,
    node: nodeNamed(Object.values(ctx.env.nodes), served.operator),
    operator: served.operator,
    verifyingTransaction: served.trail.verifyingTransaction?.hash ?? "",
    circuit: served.trail.circuit.manifestId,
  };
}

/** One line saying who proved a request and where the proof was verified. */
export function servedLine(ctx: JourneyContext, served: Fulfillment): string {
  const node = nodeNamed(Object.values(ctx.env.nodes), served.operator);
  const tx = served.trail.verifyingTransaction;
  const { request } = served.trail;
  const round =
    request.round === 0n ? "committed input: the data owner's node" : `drawn in assignment round ${request.round}`;
  const fees = `${formatEther(request.fee)} SYM model fee${request.callbackFee > 0n ? ` + ${formatEther(request.callbackFee)} SYM for ${request.callbackGasLimit} gas of callback, paid to the operator` : ""}`;
  return `proved by ${node} (${served.operator}, ${round}) on ${served.trail.circuit.manifestId}; ${fees}; verified on chain in block ${tx?.blockNumber} (${tx?.hash})`;
}
