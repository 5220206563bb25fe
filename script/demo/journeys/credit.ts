/**
 * Journey 1: a lender's contract (CreditGate) asks for a credit decision on an applicant's private data. The
 * applicant grants the gate one-off access in the DataRegistry; the gate requests with only the commitment to the
 * features; the applicant's own node (node B) opens it, proves, and the coordinator verifies the proof before calling
 * the gate back with the decision, the score and each feature's contribution.
 */

import { dataRegistryAbi } from "@symbiote/sdk";
import type { ModelArtifact } from "@symbiote/trainer";
import { parseEther } from "viem";
import { actors } from "../actors.ts";
import type { Applicant } from "../applicant.ts";
import { DemoError } from "../errors.ts";
import { requestIdFrom, waitFor, waitForFulfillment } from "../requests.ts";
import type { DemoSummary } from "../summary.ts";
import { type JourneyContext, servedLine, servedRequest } from "./context.ts";

/** CreditGate.Status. */
const STATUS = ["None", "Pending", "Approved", "Rejected"] as const;
const TWO_POW_32 = 2 ** 32;
const MAX_FEE = parseEther("10");

type Application = { status: number; requestId: bigint; score: bigint };

/** The float weight of region_score, the protected group's proxy in the credit data (docs/training.md). */
export function proxyWeight(artifact: ModelArtifact): number {
  const index = artifact.features.indexOf("region_score");
  return (artifact.float as { weights: number[] }).weights[index] ?? 0;
}

/** The score and each feature's contribution, as reals (the circuit's outputs carry 32 fractional bits). */
export function explain(applicant: Applicant, score: bigint, contributions: readonly bigint[]) {
  const ranked = contributions
    .map((c, i) => ({ feature: applicant.featureNames[i] as string, contribution: Number(c) / TWO_POW_32 }))
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  return { score: Number(score) / TWO_POW_32, top: ranked.slice(0, 3) };
}

/**
 * The lender asks the gate for a decision on the applicant and waits for the verified answer. Used again by the
 * governance journey once the corrected version serves.
 */
export async function requestCreditDecision(ctx: JourneyContext, expected: "biased" | "corrected") {
  const { chain, consumers, applicant } = ctx.env;
  const gate = consumers.creditGate;
  const receipt = await chain.send(
    actors.lender,
    {
      address: gate.address,
      abi: gate.abi,
      functionName: "requestDecision",
      args: [actors.applicant.address, applicant.commitment, MAX_FEE],
    },
    "CreditGate.requestDecision",
  );
  const requestId = requestIdFrom(receipt, gate.abi, "CreditRequested");
  ctx.progress.info(
    `request ${requestId}: committed input 0x${applicant.commitment.toString(16).slice(0, 16)}…, data owner ${actors.applicant.address}`,
  );
  const served = await waitForFulfillment(chain, requestId, Object.values(ctx.env.nodes));
  const application = await waitFor("CreditGate's callback", async () => {
    const a = await chain.read<Application>({
      address: gate.address,
      abi: gate.abi,
      functionName: "applicationOf",
      args: [actors.applicant.address],
    });
    return a.requestId === requestId && a.status !== 1 ? a : undefined;
  });
  const contributions = await chain.read<readonly bigint[]>({
    address: gate.address,
    abi: gate.abi,
    functionName: "contributionsOf",
    args: [actors.applicant.address],
  });
  const reference = applicant.expected[expected];
  const matchesReference =
    application.score === reference.score &&
    contributions.every((c, i) => c === reference.contributions[i]) &&
    (STATUS[application.status] === "Approved") === reference.decision;
  if (!matchesReference) {
    throw new DemoError(
      `the verified decision on request ${requestId} differs from the model's reference inference; the circuit and the trainer disagree.`,
    );
  }
  const decision: "approved" | "rejected" = STATUS[application.status] === "Approved" ? "approved" : "rejected";
  const { score, top } = explain(applicant, application.score, contributions);
  ctx.progress.info(servedLine(ctx, served));
  const artifact = expected === "biased" ? ctx.env.artifacts.creditBiased : ctx.env.artifacts.creditCorrected;
  const threshold = Number((artifact.artifact.quantized as { threshold: string }).threshold) / 2 ** 16;
  ctx.progress.info(
    `decision: ${decision.toUpperCase()} (score ${score.toFixed(3)}, approved at ≥ ${threshold.toFixed(3)})`,
  );
  ctx.progress.info(
    `largest contributions: ${top.map((t) => `${t.feature} ${t.contribution >= 0 ? "+" : ""}${t.contribution.toFixed(3)}`).join(", ")}`,
  );
  return { requestId, served, decision, score, top, matchesReference };
}

export async function creditJourney(ctx: JourneyContext): Promise<void> {
  const { chain, consumers, models } = ctx.env;
  ctx.progress.heading("A lender asks for a credit decision on private data (CreditGate)");
  ctx.progress.info(
    `the applicant's 16 features stay on node B; the chain sees only their commitment. Model ${models.credit.modelId} v${models.credit.version} (trained on the lenders' books)`,
  );
  await ctx.progress.step("the applicant grants CreditGate access in the DataRegistry (3 uses, one day)", async () => {
    const now = (await chain.publicClient.getBlock()).timestamp;
    await chain.send(
      actors.applicant,
      {
        address: chain.deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "grantAccess",
        args: [consumers.creditGate.address, models.credit.modelId, now + 86_400n, 3],
      },
      "DataRegistry.grantAccess",
    );
  });
  const result = await ctx.progress.step(
    "the lender requests a decision; node B proves; the coordinator verifies and calls the gate back",
    () => requestCreditDecision(ctx, "biased"),
  );
  const credit: NonNullable<DemoSummary["credit"]> = {
    ...servedRequest(ctx, result.requestId, result.served),
    decision: result.decision,
    score: result.score,
    topContributions: result.top,
    matchesReference: result.matchesReference,
  };
  ctx.summary.credit = credit;
  ctx.progress.info(
    `region_score, which says nothing about creditworthiness but tracks the protected group, weighs ${proxyWeight(ctx.env.artifacts.creditBiased.artifact).toFixed(4)} per point in this version`,
  );
}
