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
 * cannot prove: a request drawn for it would go unanswered and be slashed; for one the publisher binding refuses, how
 * to withdraw it), the versions it will not serve because the weights it holds name no publisher or were handed over
 * for another model owner or training data (copies, or a model that changed hands: the owner is read anew on each
 * call), and the job store's counts and cursor.
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
  // a declared version the binding refuses (unbound, or the model changed hands) is not fixed by fetching artifacts,
  // only by a file bound to its owner: until then, withdraw it, or each request drawn for it is slashed
  const withdrawAdvice = `the node skips its requests, and each one drawn for this operator times out and is slashed: withdraw it with \`symbiote-oracle models sync\`${ctx.config.declarations.withdrawUnservable ? " (the node also does at its next start)" : ""}`;
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
          v.provable
            ? []
            : [
                `${versionLabel(v)}: ${v.missing}; ${v.notServed ? withdrawAdvice : "run `symbiote-oracle models sync`"}`,
              ],
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
