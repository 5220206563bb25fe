import { join } from "node:path";
import { formatEther } from "viem";
import { coordinatorAbi, stakingVaultAbi } from "../../chain/abis.ts";
import { JobStore } from "../../jobs/jobStore.ts";
import type { CommandContext } from "./context.ts";

/** `status`: the operator's stake and eligibility, earnings, and the job store's counts and cursor. */
export async function status(ctx: CommandContext): Promise<void> {
  const { publicClient } = ctx.clients;
  const who = ctx.config.operatorAddress;
  const [active, eligible, earnings, head] = await Promise.all([
    publicClient.readContract({
      address: ctx.deployment.vault,
      abi: stakingVaultAbi,
      functionName: "activeStakeOf",
      args: [who],
    }),
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
  const store = new JobStore(join(ctx.config.dataDir, "jobs.sqlite"));
  const cursor = store.cursor();
  console.log(
    JSON.stringify(
      {
        operator: who,
        stake: formatEther(active),
        eligible,
        earnings: formatEther(earnings),
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
