import type { Address, Hash } from "viem";
import { coordinatorAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type WithdrawDepositParameters = {
  deployment: Pick<Deployment, "coordinator">;
  /** Token wei of the caller's prepaid balance to pay out. */
  amount: bigint;
  /** Where the tokens go (default: the caller). */
  receiver?: Address;
};

export type WithdrawDepositReturnType = { transactionHash: Hash };

/** `CoordinatorDepositTooLow(available, amount)` when the balance is smaller, as a {@link ProtocolRevertError}. */
export type WithdrawDepositErrorType = InsufficientGasFundsError | RpcUnreachableError | ProtocolRevertError;

/**
 * Pays part of the caller's prepaid balance out of the coordinator.
 *
 * @example
 * await withdrawDeposit(walletClient, { deployment, amount: parseEther("10") });
 */
export async function withdrawDeposit(
  client: SigningClient,
  parameters: WithdrawDepositParameters,
): Promise<WithdrawDepositReturnType> {
  const { hash } = await sendProtocolCall(client, "withdrawDeposit", {
    address: parameters.deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "withdrawDeposit",
    args: [parameters.amount, parameters.receiver ?? client.account.address],
  });
  return { transactionHash: hash };
}
