/**
 * Journey 4: stakers govern. The credit model's first version shows a demographic-parity difference of about 0.25 in
 * its own model card; its owner proves a fairness audit of it on a registered audit set (32 held-out applicants) and
 * the AuditRegistry records the proven per-group counts. A staker proposes to flag the version citing that audit: the
 * proposal's first call reads the recorded audit, so the flag cannot execute unless the cited audit is on chain. The
 * stakers vote and the passed proposal goes through the timelock (anvil's clock is moved past the voting delay, the
 * voting period and the timelock delay). A request against the flagged version is refused with the registry's error;
 * the owner publishes the version trained with reweighing, proves its audit on the same set, and the same applicant's
 * request is served by it.
 */

import { rpc } from "@symbiote/devnet";
import { auditRegistryAbi, coordinatorAbi, governorAbi, modelRegistryAbi, timelockAbi } from "@symbiote/sdk";
import { type FairnessMetrics, formatRational } from "@symbiote/trainer";
import { encodeFunctionData, keccak256, parseEther, parseEventLogs, toHex } from "viem";
import { actors } from "../actors.ts";
import { creditAuditSet, proveAndRecordAudit, type RecordedAudit } from "../audits.ts";
import { formatRevert } from "../chain.ts";
import { DemoError } from "../errors.ts";
import { addModel, declareServedVersions } from "../nodes.ts";
import { MODEL_FEES, publishDemoModel } from "../publishing.ts";
import { nodeModelOf } from "../setup.ts";
import type { ProvenAuditSummary } from "../summary.ts";
import { biasOf } from "../training.ts";
import { type JourneyContext, servedRequest } from "./context.ts";
import { proxyWeight, requestCreditDecision } from "./credit.ts";

/** OpenZeppelin's IGovernor.ProposalState. */
const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
const DRAW = parseEther("1000");

/** One line of an audit's proven figures: approval per group and the three metrics, exact. */
function auditLine(audit: RecordedAudit): string {
  const [g0, g1] = audit.counts;
  const m: FairnessMetrics = audit.metrics;
  return `approved ${g0.positives}/${g0.rows} of group 0 and ${g1.positives}/${g1.rows} of group 1: demographic-parity difference ${formatRational(m.demographicParityDifference, 3)}, disparate-impact ratio ${formatRational(m.disparateImpactRatio, 3)}, equal-opportunity difference ${formatRational(m.equalOpportunityDifference, 3)}`;
}

function auditSummary(audit: RecordedAudit): ProvenAuditSummary {
  const [g0, g1] = audit.counts;
  const dp = audit.metrics.demographicParityDifference;
  return {
    version: audit.version,
    positives: [g0.positives, g1.positives],
    rows: [g0.rows, g1.rows],
    demographicParityDifference: dp ? `${dp.num}/${dp.den}` : "undefined",
    transactionHash: audit.transactionHash,
  };
}

/** Moves anvil's clock forward and mines a block at the new time. */
async function advance(url: string, seconds: bigint): Promise<void> {
  await rpc(url, "evm_increaseTime", [Number(seconds)]);
  await rpc(url, "evm_mine");
}

export async function governanceJourney(ctx: JourneyContext): Promise<void> {
  const { chain, local, models, artifacts, consumers, applicant, anvil } = ctx.env;
  const modelId = models.credit.modelId;
  const flaggedVersion = models.credit.version;
  ctx.progress.heading("Governance flags the biased version; the corrected version serves");
  const bias = biasOf(artifacts.creditBiased.artifact);
  const reasonURI = `file://${artifacts.creditBiased.cardPath}#fairness`;
  if (bias) {
    ctx.progress.info(
      `model ${modelId} v${flaggedVersion}'s card: approval rate ${bias.rates["0"]?.toFixed(2)} for group 0 and ${bias.rates["1"]?.toFixed(2)} for group 1 (demographic-parity difference ${bias.dp.toFixed(3)})`,
    );
  }
  const auditRegistry = chain.deployment.auditRegistry;
  if (!auditRegistry) throw new DemoError("the demo's deployment names no auditRegistry; redeploy.");
  const auditSet = await creditAuditSet(artifacts.creditBiased, ctx.env.workDir);
  const biasedAudit = await ctx.progress.step(
    `the owner proves v${flaggedVersion}'s fairness audit on 32 held-out applicants; the AuditRegistry verifies and records it`,
    () => proveAndRecordAudit(chain, actors.modelOwner, modelId, flaggedVersion, artifacts.creditBiased, auditSet),
  );
  const auditSetId = biasedAudit.auditSetId;
  ctx.progress.info(
    `proven audit of model ${modelId} v${flaggedVersion} on audit set ${auditSetId} (card ${auditSet.cardURI}): ${auditLine(biasedAudit)}`,
  );

  const governor = { address: local.governor, abi: governorAbi };
  const state = async (proposalId: bigint) =>
    STATES[await chain.read<number>({ ...governor, functionName: "state", args: [proposalId] })] ?? "Unknown";
  const states: string[] = [];

  // the first call cites the audit: AuditRegistry.audit reverts (AuditNotRecorded) unless a proven audit of this
  // version on this set is recorded, so the batch cannot execute on evidence that is not on chain (docs/governance.md)
  const targets = [auditRegistry, chain.deployment.registry];
  const values = [0n, 0n];
  const calldatas = [
    encodeFunctionData({
      abi: auditRegistryAbi,
      functionName: "audit",
      args: [modelId, flaggedVersion, auditSetId],
    }),
    encodeFunctionData({
      abi: modelRegistryAbi,
      functionName: "flagVersion",
      args: [modelId, flaggedVersion, reasonURI],
    }),
  ];
  const description = `Flag credit model ${modelId} version ${flaggedVersion}: proven audit on audit set ${auditSetId} shows demographic-parity difference ${formatRational(biasedAudit.metrics.demographicParityDifference, 3)} (AuditRegistry ${auditRegistry}, audit(${modelId}, ${flaggedVersion}, ${auditSetId}))`;
  const descriptionHash = keccak256(toHex(description));

  const proposalId = await ctx.progress.step(
    "staker A proposes ModelRegistry.flagVersion, citing the recorded audit",
    async () => {
      const receipt = await chain.send(
        actors.stakerA,
        { ...governor, functionName: "propose", args: [targets, values, calldatas, description] },
        "Governor.propose",
      );
      const [created] = parseEventLogs({ abi: governorAbi, eventName: "ProposalCreated", logs: receipt.logs });
      if (!created) throw new DemoError("propose emitted no ProposalCreated event.");
      return created.args.proposalId;
    },
  );
  states.push(await state(proposalId));
  ctx.progress.info(`proposal ${proposalId.toString().slice(0, 12)}…: ${states.at(-1)}`);

  const [votingDelay, votingPeriod, timelockDelay] = await Promise.all([
    chain.read<bigint>({ ...governor, functionName: "votingDelay" }),
    chain.read<bigint>({ ...governor, functionName: "votingPeriod" }),
    chain.read<bigint>({ address: local.timelock, abi: timelockAbi, functionName: "getMinDelay" }),
  ]);
  await ctx.progress.step(`voting opens after ${votingDelay} s; both stakers vote for`, async () => {
    await advance(anvil.url, votingDelay + 1n);
    states.push(await state(proposalId));
    for (const voter of [actors.stakerA, actors.stakerB]) {
      await chain.send(voter, { ...governor, functionName: "castVote", args: [proposalId, 1] }, "Governor.castVote");
    }
  });
  const [against, forVotes] = await chain.read<readonly [bigint, bigint, bigint]>({
    ...governor,
    functionName: "proposalVotes",
    args: [proposalId],
  });
  ctx.progress.info(`votes: ${Number(forVotes) / 1e18} SYM of stake for, ${Number(against) / 1e18} against`);

  await ctx.progress.step(`voting closes after ${votingPeriod} s; the proposal is queued in the timelock`, async () => {
    await advance(anvil.url, votingPeriod + 1n);
    states.push(await state(proposalId));
    await chain.send(
      actors.stakerA,
      { ...governor, functionName: "queue", args: [targets, values, calldatas, descriptionHash] },
      "Governor.queue",
    );
    states.push(await state(proposalId));
  });
  await ctx.progress.step(`after the timelock's ${timelockDelay} s anyone executes it`, async () => {
    await advance(anvil.url, timelockDelay + 1n);
    await chain.send(
      actors.stakerB,
      { ...governor, functionName: "execute", args: [targets, values, calldatas, descriptionHash] },
      "Governor.execute",
    );
    states.push(await state(proposalId));
  });
  ctx.progress.info(`proposal states: ${states.join(" → ")}`);
  const flagged = await chain.read<{ flagged: boolean }>({
    address: chain.deployment.registry,
    abi: modelRegistryAbi,
    functionName: "version",
    args: [modelId, flaggedVersion],
  });
  if (!flagged.flagged)
    throw new DemoError(`the executed proposal left model ${modelId} v${flaggedVersion} unflagged.`);

  const refusal = await ctx.progress.step("a request pinned to the flagged version is refused", async () => {
    const revert = await chain.refusalOf(actors.lender, {
      address: chain.deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "requestInference",
      args: [
        {
          modelId,
          version: flaggedVersion,
          inputMode: 1,
          inputWords: [applicant.commitment],
          dataOwner: actors.applicant.address,
          callbackGasLimit: 0,
          maxFee: parseEther("10"),
        },
      ],
    });
    if (revert?.errorName !== "RegistryVersionFlagged") {
      throw new DemoError(
        `a request for the flagged version was ${revert ? `refused with ${revert.errorName}` : "accepted"}.`,
      );
    }
    return formatRevert(revert);
  });
  ctx.progress.info(`InferenceCoordinator.requestInference reverted: ${refusal}`);

  const corrected = await ctx.progress.step(
    "the owner publishes v2, trained on the same books with reweighing",
    async () => {
      const published = await publishDemoModel(chain, artifacts.creditCorrected, { fee: MODEL_FEES.credit, modelId });
      for (const node of Object.values(ctx.env.nodes)) {
        addModel(node, nodeModelOf(artifacts.creditCorrected));
        // the nodes hold v2's weights now: they declare it, as `models sync` does after an import
        await declareServedVersions(node);
      }
      ctx.laterVersions.push(published);
      return published;
    },
  );
  const fairer = biasOf(artifacts.creditCorrected.artifact);
  ctx.progress.info(
    `model ${modelId} v${corrected.version}: demographic-parity difference ${fairer?.dp.toFixed(3)}, region_score weighs ${proxyWeight(artifacts.creditCorrected.artifact).toFixed(4)} per point (v${flaggedVersion}: ${proxyWeight(artifacts.creditBiased.artifact).toFixed(4)}); "latest" now resolves to it`,
  );

  const correctedAudit = await ctx.progress.step(
    `the owner proves v${corrected.version}'s audit on the same set; the registry records it`,
    () =>
      proveAndRecordAudit(chain, actors.modelOwner, modelId, corrected.version, artifacts.creditCorrected, auditSet),
  );
  if (correctedAudit.auditSetId !== auditSetId) {
    throw new DemoError(`v${corrected.version}'s audit landed on set ${correctedAudit.auditSetId}, not ${auditSetId}.`);
  }
  ctx.progress.info(`proven audit of v${corrected.version} on the same rows: ${auditLine(correctedAudit)}`);

  const result = await ctx.progress.step("the lender asks again for the same applicant: v2 serves", () =>
    requestCreditDecision(ctx, "corrected"),
  );
  if (result.served.trail.model.version !== corrected.version) {
    throw new DemoError(
      `the new request was served by v${result.served.trail.model.version}, not v${corrected.version}.`,
    );
  }
  await ctx.progress.step("the approved applicant draws 1,000 SYM of its credit line", () =>
    chain.send(
      actors.applicant,
      { address: consumers.creditGate.address, abi: consumers.creditGate.abi, functionName: "draw", args: [DRAW] },
      "CreditGate.draw",
    ),
  );
  ctx.summary.governance = {
    proposalId: proposalId.toString(),
    states,
    flagged: { modelId: modelId.toString(), version: flaggedVersion },
    audits: {
      auditSetId: auditSetId.toString(),
      flagged: auditSummary(biasedAudit),
      corrected: auditSummary(correctedAudit),
    },
    refusal,
    corrected: {
      ...servedRequest(ctx, result.requestId, result.served),
      decision: result.decision,
      matchesReference: result.matchesReference,
    },
    drawn: DRAW.toString(),
  };
}
