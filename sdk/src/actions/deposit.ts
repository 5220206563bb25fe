import type { Hash } from "viem";
import { coordinatorAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type {
  InsufficientGasFundsError,
  InsufficientTokenBalanceError,
  RpcUnreachableError,
} from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { approveIfNeeded } from "../utils/allowance.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type DepositParameters = {
  deployment: Pick<Deployment, "coordinator" | "token">;
  /** Token wei to add to the caller's prepaid balance. */
  amount: bigint;
  /** Approve the coordinator for `amount` when the allowance falls short (default true). */
  approve?: boolean;
};

export type DepositReturnType = { transactionHash: Hash };

export type DepositErrorType =
  | InsufficientTokenBalanceError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Prepays request fees on the coordinator: a request whose whole escrow the balance covers is paid from it, with no
 * token transfer per request.
 *
 * @example
 * await deposit(walletClient, { deployment, amount: parseEther("50") });
 */
export async function deposit(client: SigningClient, parameters: DepositParameters): Promise<DepositReturnType> {
  const { deployment, amount } = parameters;
  if (parameters.approve !== false) {
    await approveIfNeeded(client, {
      token: deployment.token,
      spender: deployment.coordinator,
      amount,
      what: "deposit",
    });
  }
  const { hash } = await sendProtocolCall(client, "deposit", {
    address: deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "deposit",
    args: [amount],
  });
  return { transactionHash: hash };
}
