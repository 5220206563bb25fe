import type { Hash, Hex } from "viem";
import { stakingVaultAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import { EncodingError } from "../errors/base.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type RegisterOperatorParameters = {
  deployment: Pick<Deployment, "vault">;
  /** Where the operator's node answers (its metrics and card endpoint), e.g. "https://node.example:9464". */
  endpoint: string;
  /** The uncompressed secp256k1 public key requesters encrypt to (default: the local account's). */
  publicKey?: Hex;
};

export type RegisterOperatorReturnType = { transactionHash: Hash };

export type RegisterOperatorErrorType =
  | EncodingError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Registers the account as an operator in the staking vault (it must have staked at least the minimum first).
 *
 * @example
 * await stake(walletClient, { deployment, amount: parseEther("2000") });
 * await registerOperator(walletClient, { deployment, endpoint: "http://127.0.0.1:9464" });
 */
export async function registerOperator(
  client: SigningClient,
  parameters: RegisterOperatorParameters,
): Promise<RegisterOperatorReturnType> {
  const publicKey = parameters.publicKey ?? (client.account as { publicKey?: Hex }).publicKey;
  if (!publicKey) {
    throw new EncodingError(
      "registerOperator needs the operator's public key: pass `publicKey`, or use a local account (privateKeyToAccount), which carries it.",
    );
  }
  const { hash } = await sendProtocolCall(client, "registerOperator", {
    address: parameters.deployment.vault,
    abi: stakingVaultAbi,
    functionName: "registerOperator",
    args: [parameters.endpoint, publicKey],
  });
  return { transactionHash: hash };
}
