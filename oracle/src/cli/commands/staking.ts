import { loadManifest, ModelStore } from "@symbiote/circuits";
import { FatalError, stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import { maxUint256, parseEther } from "viem";
import { VersionNotProvableError } from "../../models/declarations.ts";
import { versionLabel, versionProvability } from "../../models/provableVersions.ts";
import { UsageError } from "../operatorErrors.ts";
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
