import { coordinatorAbi, FatalError, ProtocolRevertError, tokenAbi } from "@symbiote/sdk";
import { type Address, formatEther, getAddress, isAddress, maxUint256, parseEther } from "viem";
import { UsageError } from "../operatorErrors.ts";
import { type CommandContext, sendAndWait } from "./context.ts";

/**
 * The requester's prepaid balance on the coordinator (Chainlink-subscription style): a request whose whole escrow
 * (fee + callback fee) the balance covers is paid from it, without a token transfer per request.
 */

function amountOf(value: string | undefined, command: string): bigint {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`${command} needs an amount in tokens, e.g. \`symbiote-oracle ${command} 100\`.`);
  }
  const amount = parseEther(value);
  if (amount === 0n) throw new UsageError(`${command} needs an amount above zero.`);
  return amount;
}

/** The prepaid balance of `account`. */
export async function depositOf(ctx: CommandContext, account: Address): Promise<bigint> {
  return ctx.clients.publicClient.readContract({
    address: ctx.deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "depositOf",
    args: [account],
  });
}

/** A clear message for the coordinator's deposit refusals; other errors pass through. */
function explained(error: unknown, command: string): unknown {
  if (!(error instanceof ProtocolRevertError)) return error;
  if (error.errorName === "CoordinatorDepositTooLow") {
    const [available, amount] = error.args as [bigint, bigint];
    return new FatalError(
      `${command}: the prepaid balance is ${formatEther(available)} tokens, less than the ${formatEther(amount)} asked for.`,
      { cause: error },
    );
  }
  if (error.errorName === "CoordinatorZeroAmount") {
    return new UsageError(`${command}: the amount must be above zero.`, { cause: error });
  }
  return error;
}

/** `deposit <amount>`: adds tokens of the config's key to its prepaid balance (approving the coordinator if needed). */
export async function deposit(ctx: CommandContext, amountArg: string | undefined): Promise<void> {
  const amount = amountOf(amountArg, "deposit");
  const owner = ctx.config.operatorAddress;
  const allowance = await ctx.clients.publicClient.readContract({
    address: ctx.deployment.token,
    abi: tokenAbi,
    functionName: "allowance",
    args: [owner, ctx.deployment.coordinator],
  });
  if (allowance < amount) {
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
  try {
    await sendAndWait(
      ctx,
      { address: ctx.deployment.coordinator, abi: coordinatorAbi, functionName: "deposit", args: [amount] } as never,
      "deposit",
    );
  } catch (error) {
    throw explained(error, "deposit");
  }
  console.log(`prepaid balance: ${formatEther(await depositOf(ctx, owner))} tokens`);
}

/** `withdraw-deposit <amount> [--to <address>]`: pays part of the prepaid balance back (to the key, or `--to`). */
export async function withdrawDeposit(
  ctx: CommandContext,
  amountArg: string | undefined,
  named: Map<string, string>,
): Promise<void> {
  const amount = amountOf(amountArg, "withdraw-deposit");
  const to = named.get("to");
  if (to !== undefined && !isAddress(to)) throw new UsageError(`withdraw-deposit --to "${to}" is not an address.`);
  const owner = ctx.config.operatorAddress;
  const receiver = to === undefined ? owner : getAddress(to);
  try {
    await sendAndWait(
      ctx,
      {
        address: ctx.deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "withdrawDeposit",
        args: [amount, receiver],
      } as never,
      "withdraw-deposit",
    );
  } catch (error) {
    throw explained(error, "withdraw-deposit");
  }
  console.log(
    `sent ${formatEther(amount)} tokens to ${receiver}; prepaid balance: ${formatEther(await depositOf(ctx, owner))} tokens`,
  );
}
