import {
  coordinatorAbi,
  FeatureCountError,
  modelRegistryAbi,
  packFeatures,
  tokenAbi,
  UnknownModelError,
} from "@symbiote/sdk";
import { maxUint256, parseEther, zeroAddress } from "viem";
import { UsageError } from "../operatorErrors.ts";
import { type CommandContext, sendAndWait } from "./context.ts";
import { depositOf } from "./deposit.ts";

/**
 * How many features a public-input request on `modelId` must carry, from the shape the registry records for the
 * model's public circuit.
 *
 * @throws {UnknownModelError} the registry has no such model.
 * @throws {FeatureCountError} the model takes committed inputs only (no public circuit).
 */
async function publicFeatureCount(ctx: CommandContext, modelId: bigint): Promise<number> {
  const read = (functionName: string, args: unknown[] = []) =>
    ctx.clients.publicClient.readContract({
      address: ctx.deployment.registry,
      abi: modelRegistryAbi,
      functionName,
      args,
    } as never) as Promise<unknown>;
  const count = (await read("modelCount")) as bigint;
  if (modelId === 0n || modelId > count) {
    throw new UnknownModelError(
      `model ${modelId} is not in the registry at ${ctx.deployment.registry}, which has ${count === 0n ? "no models" : count === 1n ? "model 1" : `models 1 to ${count}`}; pick one of those (\`symbiote-oracle status\` lists the versions).`,
    );
  }
  const model = (await read("model", [modelId])) as { publicCircuitId: number };
  if (model.publicCircuitId === 0) {
    throw new FeatureCountError(
      `model ${modelId} takes committed inputs only (a data owner's node proves on its private data); \`request\` sends public features, so pick a model with a public-input circuit.`,
    );
  }
  // the registry's shape summary starts with the number of input values for every family (ModelTypes.sol), so a
  // circuit compiled with `npm run model -- compile` needs no local manifest entry to be asked
  const circuit = (await read("circuit", [model.publicCircuitId])) as { shape: readonly number[] };
  return circuit.shape[0] ?? 0;
}

/**
 * `request <modelId> --features 1.5,-2,… [--max-fee 10]`: asks a model for a public-input inference with the config's
 * key as the requester (for trying a model), and prints the request id. Paid from the key's prepaid balance
 * (`deposit`) when it covers the fee, else by a token transfer.
 */
export async function request(
  ctx: CommandContext,
  modelIdArg: string | undefined,
  named: Map<string, string>,
): Promise<void> {
  if (!modelIdArg || !/^\d+$/.test(modelIdArg))
    throw new UsageError("request needs a model id: `symbiote-oracle request 2 --features …`.");
  const list = named.get("features");
  if (!list)
    throw new UsageError("request needs --features with comma-separated numbers (real values, scaled by 2^16).");
  const features = list.split(",").map((v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) throw new UsageError(`feature "${v}" is not a number.`);
    return BigInt(Math.round(x * 65536));
  });
  const maxFeeText = named.get("max-fee") ?? "10";
  if (!/^\d+(\.\d+)?$/.test(maxFeeText)) throw new UsageError(`--max-fee "${maxFeeText}" is not an amount in tokens.`);
  const maxFee = parseEther(maxFeeText);
  const modelId = BigInt(modelIdArg);
  const expected = await publicFeatureCount(ctx, modelId);
  if (features.length !== expected) {
    throw new FeatureCountError(
      `model ${modelId} takes ${expected} features and --features has ${features.length}; pass exactly ${expected} comma-separated numbers.`,
    );
  }
  const [allowance, prepaid] = await Promise.all([
    ctx.clients.publicClient.readContract({
      address: ctx.deployment.token,
      abi: tokenAbi,
      functionName: "allowance",
      args: [ctx.config.operatorAddress, ctx.deployment.coordinator],
    }),
    depositOf(ctx, ctx.config.operatorAddress),
  ]);
  // a prepaid balance covering the fee (no callback, so the whole escrow) pays the request: no approval needed
  if (prepaid < maxFee && allowance < maxFee) {
    await sendAndWait(
      ctx,
      {
        address: ctx.deployment.token,
        abi: tokenAbi,
        functionName: "approve",
        args: [ctx.deployment.coordinator, maxUint256],
      } as never,
      "approve",
    );
  }
  const hash = await sendAndWait(
    ctx,
    {
      address: ctx.deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "requestInference",
      args: [
        {
          modelId,
          version: 0,
          inputMode: 0,
          inputWords: packFeatures(features),
          dataOwner: zeroAddress,
          callbackGasLimit: 0,
          maxFee,
        },
      ],
    } as never,
    "requestInference",
  );
  const receipt = await ctx.clients.publicClient.getTransactionReceipt({ hash });
  const [event] = await ctx.clients.publicClient.getContractEvents({
    address: ctx.deployment.coordinator,
    abi: coordinatorAbi,
    eventName: "InferenceRequested",
    blockHash: receipt.blockHash,
    strict: true,
  });
  console.log(`request ${event?.args.requestId}; follow it with \`symbiote-oracle decision ${event?.args.requestId}\``);
}
