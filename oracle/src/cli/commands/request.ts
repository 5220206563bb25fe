import { maxUint256, parseEther, zeroAddress } from "viem";
import { coordinatorAbi, tokenAbi } from "../../chain/abis.ts";
import { FatalError } from "../../errors.ts";
import { packFeatures } from "../../zk/packing.ts";
import { type CommandContext, sendAndWait } from "./context.ts";
import { depositOf } from "./deposit.ts";

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
    throw new FatalError("request needs a model id: `symbiote-oracle request 2 --features …`.");
  const list = named.get("features");
  if (!list)
    throw new FatalError("request needs --features with comma-separated numbers (real values, scaled by 2^16).");
  const features = list.split(",").map((v) => {
    const x = Number(v);
    if (!Number.isFinite(x)) throw new FatalError(`feature "${v}" is not a number.`);
    return BigInt(Math.round(x * 65536));
  });
  const maxFee = parseEther(named.get("max-fee") ?? "10");
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
          modelId: BigInt(modelIdArg),
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
