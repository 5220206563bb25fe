import type { Hash } from "viem";
import { stakingVaultAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type {
  InsufficientGasFundsError,
  InsufficientTokenBalanceError,
  RpcUnreachableError,
} from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { approveIfNeeded } from "../utils/allowance.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type StakeParameters = {
  deployment: Pick<Deployment, "vault" | "token">;
  /** Token wei to stake. */
  amount: bigint;
  /** Approve the vault for `amount` when the allowance falls short (default true). */
  approve?: boolean;
};

export type StakeReturnType = { transactionHash: Hash };

export type StakeErrorType =
  | InsufficientTokenBalanceError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Stakes tokens in the staking vault (an operator's bond, or a delegator's share of the rewards).
 *
 * @example
 * await stake(walletClient, { deployment, amount: parseEther("2000") });
 */
export async function stake(client: SigningClient, parameters: StakeParameters): Promise<StakeReturnType> {
  const { deployment, amount } = parameters;
  if (parameters.approve !== false) {
    await approveIfNeeded(client, { token: deployment.token, spender: deployment.vault, amount, what: "stake" });
  }
  const { hash } = await sendProtocolCall(client, "stake", {
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "stake",
    args: [amount],
  });
  return { transactionHash: hash };
}
