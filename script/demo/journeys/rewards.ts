/**
 * Journey 5: the contributors are paid. Each fee's data share (20% by default) accrues to the version that served
 * it; a claim flushes it into DataRewards and pays the leaf `weight × reward per weight`, proven by the leaf's Merkle
 * proof from the rewards file the owner published. dave's coin-flip labels were valued at weight 0: nothing to claim.
 */

import { claimRewards, NothingToClaimError } from "@symbiote/trainer";
import { formatEther } from "viem";
import { contributorOf } from "../actors.ts";
import type { RegisteredContribution } from "../datasets.ts";
import { DemoError } from "../errors.ts";
import type { PublishedModel } from "../publishing.ts";
import type { DemoSummary } from "../summary.ts";
import type { JourneyContext } from "./context.ts";

/** The contribution of a leaf. */
function registered(ctx: JourneyContext, contributionId: bigint): RegisteredContribution {
  const found = ctx.env.contributions.find((c) => c.contributionId === contributionId);
  if (!found) throw new DemoError(`contribution ${contributionId} is not one the demo registered.`);
  return found;
}

export async function rewardsJourney(ctx: JourneyContext): Promise<void> {
  const { chain, models } = ctx.env;
  ctx.progress.heading("Contributors claim their data rewards");
  const versions: PublishedModel[] = [models.credit, ...ctx.laterVersions, models.marketSignal, models.recommender];
  const summary: NonNullable<DemoSummary["rewards"]> = { claims: [], nothingToClaim: [] };
  for (const version of versions) {
    await ctx.progress.step(
      `model ${version.modelId} v${version.version} (${version.model.artifact.name}): each contributor claims`,
      async () => {
        for (const leaf of version.rewards.leaves) {
          const contribution = registered(ctx, leaf.contributionId);
          const contributor = contributorOf(contribution.file);
          try {
            const claim = await claimRewards({
              publicClient: chain.publicClient,
              walletClient: chain.wallet(contributor),
              deployment: chain.deployment,
              rewards: version.rewards,
              contributionId: leaf.contributionId,
            });
            ctx.progress.info(
              `${contributor.name} (contribution ${leaf.contributionId}, weight ${leaf.weight}): ${Number(formatEther(claim.amount)).toFixed(4)} SYM`,
            );
            summary.claims.push({
              contributor: contributor.name,
              contributionId: leaf.contributionId.toString(),
              modelId: version.modelId.toString(),
              version: version.version,
              amount: claim.amount.toString(),
            });
          } catch (error) {
            if (!(error instanceof NothingToClaimError)) throw error;
            const reason = leaf.weight === 0n ? "weight 0: its data did not improve the model" : error.shortMessage;
            ctx.progress.info(
              `${contributor.name} (contribution ${leaf.contributionId}): nothing to claim (${reason})`,
            );
            summary.nothingToClaim.push({
              contributor: contributor.name,
              contributionId: leaf.contributionId.toString(),
              reason,
            });
          }
        }
      },
    );
  }
  ctx.summary.rewards = summary;
}
