import { join } from "node:path";
import { loadManifest, ModelStore } from "@symbiote/circuits";
import { coordinatorAbi, stakingVaultAbi } from "@symbiote/sdk";
import { formatEther } from "viem";
import { operatorStanding } from "../../chain/operatorStanding.ts";
import { JobStore } from "../../jobs/jobStore.ts";
import { currentDeclarations } from "../../models/declarations.ts";
import { versionLabel, versionProvability } from "../../models/provableVersions.ts";
import type { CommandContext } from "./context.ts";

/**
 * `status`: the operator's stake and eligibility, its draw weight (and, when it is dormant, registered at weight 0 and
 * so never drawn, what to do about it), earnings, the model versions it declares (and any declared version its store
 * cannot prove: a request drawn for it would go unanswered and be slashed), the versions it will not serve because the
 * weights it holds were handed over for another model owner (copies), and the job store's counts and cursor.
 */
export async function status(ctx: CommandContext): Promise<void> {
  const { publicClient } = ctx.clients;
  const who = ctx.config.operatorAddress;
  const [standing, eligible, earnings, head] = await Promise.all([
    operatorStanding(publicClient, ctx.deployment.vault, who),
    publicClient.readContract({
      address: ctx.deployment.vault,
      abi: stakingVaultAbi,
      functionName: "isEligibleOperator",
      args: [who],
    }),
    publicClient.readContract({
      address: ctx.deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "operatorEarnings",
      args: [who],
    }),
    publicClient.getBlockNumber(),
  ]);
  const models = new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
  const versions = await versionProvability(
    publicClient,
    ctx.deployment.registry,
    models.withCompiledCircuits(loadManifest()),
    models,
  );
  const declared = await currentDeclarations(publicClient, ctx.deployment.vault, who, versions);
  const declaredVersions = versions.filter((_, i) => declared[i]);
  const store = new JobStore(join(ctx.config.dataDir, "jobs.sqlite"));
  const cursor = store.cursor();
  console.log(
    JSON.stringify(
      {
        operator: who,
        stake: formatEther(standing.activeStake),
        eligible,
        registered: standing.registered,
        drawWeight: formatEther(standing.weight),
        minOperatorStake: formatEther(standing.minOperatorStake),
        dormant: standing.dormant,
        ...(standing.advice ? { action: standing.advice } : {}),
        earnings: formatEther(earnings),
        declaredVersions: declaredVersions.map((v) => `${v.modelId}:${v.version}`),
        declaredButNotProvable: declaredVersions.flatMap((v) =>
          v.provable ? [] : [`${versionLabel(v)}: ${v.missing}; run \`symbiote-oracle models sync\``],
        ),
        notServed: versions.flatMap((v) =>
          !v.provable && v.notServed ? [`${versionLabel(v)}: ${v.notServed.reason}`] : [],
        ),
        notDeclared: versions
          .filter((_, i) => !declared[i])
          .map((v) => `${v.modelId}:${v.version}${v.provable ? " (provable: `models sync` declares it)" : ""}`),
        chainHead: head.toString(),
        cursor: cursor?.block.toString() ?? null,
        jobs: store.counts(),
      },
      null,
      2,
    ),
  );
  store.close();
}
