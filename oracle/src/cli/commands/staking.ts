import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadManifest, ModelStore } from "@symbiote/circuits";
import { coordinatorAbi, FatalError, stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import { formatEther, maxUint256, parseEther } from "viem";
import { operatorStanding } from "../../chain/operatorStanding.ts";
import { JobStore } from "../../jobs/jobStore.ts";
import { TERMINAL_STATES } from "../../jobs/states.ts";
import { VersionNotProvableError } from "../../models/declarations.ts";
import { versionLabel, versionProvability } from "../../models/provableVersions.ts";
import { OperatorNotRegisteredError, OperatorStakeBelowMinimumError, UsageError } from "../operatorErrors.ts";
import { type CommandContext, sendAndWait } from "./context.ts";
import { syncServedVersions } from "./declarations.ts";

function amountOf(value: string | undefined, command: string): bigint {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`${command} needs an amount in tokens, e.g. \`symbiote-oracle ${command} 1000\`.`);
  }
  const amount = parseEther(value);
  if (amount === 0n) throw new UsageError(`${command} needs an amount above zero.`);
  return amount;
}

/**
 * `register --endpoint <url>`: registers the operator (the key's public key is published for encrypted inputs), then
 * declares exactly the model versions its store can prove. Refuses to register a node whose store proves none: it
 * would hold a slot and never be drawn.
 */
export async function register(ctx: CommandContext, endpoint: string | undefined): Promise<void> {
  if (!endpoint) throw new UsageError("register needs --endpoint <https://your-node.example>.");
  const publicKey = ctx.clients.account.publicKey;
  if (!publicKey) throw new FatalError("the operator account has no public key; use a local private key.");
  const store = new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
  const versions = await versionProvability(
    ctx.clients.publicClient,
    ctx.deployment.registry,
    store.withCompiledCircuits(loadManifest()),
    store,
  );
  if (versions.length > 0 && !versions.some((v) => v.provable)) {
    throw new VersionNotProvableError(
      `the model store ${store.dir} can prove none of the registry's ${versions.length} model versions, so this operator would never be drawn; run \`symbiote-oracle models sync --from <folder of model artifacts>\` first, then register.`,
      { details: versions.map((v) => `${versionLabel(v)}: ${v.provable ? "provable" : v.missing}`).join("\n") },
    );
  }
  await sendAndWait(
    ctx,
    {
      address: ctx.deployment.vault,
      abi: stakingVaultAbi,
      functionName: "registerOperator",
      args: [endpoint, publicKey],
    } as never,
    "registerOperator",
  );
  console.log(`registered ${ctx.config.operatorAddress} at ${endpoint}`);
  await syncServedVersions(ctx);
}

/** `stake <amount>`: approves the vault if needed and stakes. */
export async function stake(ctx: CommandContext, value: string | undefined): Promise<void> {
  const amount = amountOf(value, "stake");
  const allowance = await ctx.clients.publicClient.readContract({
    address: ctx.deployment.token,
    abi: tokenAbi,
    functionName: "allowance",
    args: [ctx.config.operatorAddress, ctx.deployment.vault],
  });
  if (allowance < amount) {
    await sendAndWait(
      ctx,
      {
        address: ctx.deployment.token,
        abi: tokenAbi,
        functionName: "approve",
        args: [ctx.deployment.vault, maxUint256],
      } as never,
      "approve",
    );
  }
  await sendAndWait(
    ctx,
    { address: ctx.deployment.vault, abi: stakingVaultAbi, functionName: "stake", args: [amount] } as never,
    "stake",
  );
  console.log(`staked ${value}`);
}

/** `unstake <amount>`: starts the cooldown. */
export async function unstake(ctx: CommandContext, value: string | undefined): Promise<void> {
  const amount = amountOf(value, "unstake");
  await sendAndWait(
    ctx,
    { address: ctx.deployment.vault, abi: stakingVaultAbi, functionName: "requestUnstake", args: [amount] } as never,
    "requestUnstake",
  );
  const [pending, unlockAt] = await ctx.clients.publicClient.readContract({
    address: ctx.deployment.vault,
    abi: stakingVaultAbi,
    functionName: "cooldownOf",
    args: [ctx.config.operatorAddress],
  });
  console.log(`cooling down ${pending} wei until ${new Date(Number(unlockAt) * 1000).toISOString()}`);
}

/** `withdraw`: takes out stake whose cooldown is over. */
export async function withdraw(ctx: CommandContext): Promise<void> {
  await sendAndWait(
    ctx,
    {
      address: ctx.deployment.vault,
      abi: stakingVaultAbi,
      functionName: "withdraw",
      args: [ctx.config.operatorAddress],
    } as never,
    "withdraw",
  );
  console.log("withdrawn");
}

/**
 * `deregister`: leaves the operator set (`deregisterOperator`): no request is drawn for this operator from then on. Its
 * stake stays staked (`unstake`, then `withdraw` after the cooldown), and requests already drawn for it stay its own:
 * one left unanswered past its deadline is still slashed, so the node keeps running until they are settled.
 *
 * @throws {OperatorNotRegisteredError} the operator is not registered.
 */
export async function deregister(ctx: CommandContext): Promise<void> {
  const who = ctx.config.operatorAddress;
  const standing = await operatorStanding(ctx.clients.publicClient, ctx.deployment.vault, who);
  if (!standing.registered) {
    throw new OperatorNotRegisteredError(
      `${who} is not a registered operator, so there is nothing to deregister; to take its stake out, run \`symbiote-oracle unstake <amount>\`, then \`symbiote-oracle withdraw\` once the cooldown is over.`,
    );
  }
  await sendAndWait(
    ctx,
    { address: ctx.deployment.vault, abi: stakingVaultAbi, functionName: "deregisterOperator", args: [] } as never,
    "deregisterOperator",
  );
  const { requestTimeout } = await ctx.clients.publicClient.readContract({
    address: ctx.deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "serviceParams",
  });
  const open = openJobs(ctx);
  console.log(`deregistered ${who}: no request is drawn for it from now on`);
  console.log(
    `requests already drawn for it are still its own and are slashed if left unanswered: keep the node running for another ${requestTimeout} s (a request's life)${open === undefined ? "" : `; its job store holds ${open} open job(s)`}. Its ${formatEther(standing.activeStake)} staked stay staked: \`symbiote-oracle unstake ${formatEther(standing.activeStake)}\`, then \`withdraw\` after the cooldown.`,
  );
}

/**
 * `sync`: `syncOperator(self)`, which brings the operator's draw weight in line with its active stake. A dormant
 * operator (weight 0: its stake fell below the minimum) is raised only by its own act, so after stake paid in by someone
 * else, or a lower minimum, this is what makes it drawable again.
 *
 * @throws {OperatorNotRegisteredError} the operator is not registered.
 * @throws {OperatorStakeBelowMinimumError} its active stake is below the minimum: no sync helps, more stake does.
 */
export async function sync(ctx: CommandContext): Promise<void> {
  const who = ctx.config.operatorAddress;
  const { publicClient } = ctx.clients;
  const before = await operatorStanding(publicClient, ctx.deployment.vault, who);
  if (!before.registered) {
    throw new OperatorNotRegisteredError(
      `${who} is not a registered operator, so it has no draw weight to sync; register first: \`symbiote-oracle register --endpoint <url>\`.`,
    );
  }
  if (before.activeStake < before.minOperatorStake) {
    const short = formatEther(before.minOperatorStake - before.activeStake);
    throw new OperatorStakeBelowMinimumError(
      `${who}'s active stake ${formatEther(before.activeStake)} is below the minimum operator stake ${formatEther(before.minOperatorStake)}, so no sync makes it drawable; stake ${short} more (\`symbiote-oracle stake ${short}\`), which re-arms it by itself.`,
    );
  }
  if (before.weight === before.activeStake) {
    console.log(`draw weight ${formatEther(before.weight)} already matches the active stake: nothing to sync`);
    return;
  }
  await sendAndWait(
    ctx,
    { address: ctx.deployment.vault, abi: stakingVaultAbi, functionName: "syncOperator", args: [who] } as never,
    "syncOperator",
  );
  const after = await operatorStanding(publicClient, ctx.deployment.vault, who);
  console.log(
    `draw weight ${formatEther(before.weight)} -> ${formatEther(after.weight)}${before.dormant && !after.dormant ? ": drawable again" : ""}`,
  );
}

/** Jobs in the node's store the operator still owes an answer for, if the node ever ran here. */
function openJobs(ctx: CommandContext): number | undefined {
  const path = join(ctx.config.dataDir, "jobs.sqlite");
  if (!existsSync(path)) return undefined;
  const store = new JobStore(path);
  try {
    return Object.entries(store.counts())
      .filter(([state]) => !TERMINAL_STATES.includes(state as (typeof TERMINAL_STATES)[number]))
      .reduce((sum, [, n]) => sum + n, 0);
  } finally {
    store.close();
  }
}
