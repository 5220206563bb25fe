import type { Address, Hash } from "viem";
import { dataRegistryAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type GrantAccessParameters = {
  deployment: Pick<Deployment, "dataRegistry">;
  /** Who may request inference on the owner's committed data (a lender, a doctor). */
  requester: Address;
  modelId: bigint;
  /** Unix seconds; the grant is usable before it. */
  expiresAt: bigint;
  /** How many inferences it allows. */
  maxUses: number;
};

export type GrantAccessReturnType = { transactionHash: Hash };

export type GrantAccessErrorType = InsufficientGasFundsError | RpcUnreachableError | ProtocolRevertError;

/**
 * Lets `requester` run model `modelId` on the caller's committed data, `maxUses` times until `expiresAt`
 * (replacing any earlier grant to that requester for that model).
 *
 * @example
 * await grantAccess(ownerClient, { deployment, requester: lender, modelId: 1n, expiresAt: now + 86_400n, maxUses: 3 });
 */
export async function grantAccess(
  client: SigningClient,
  parameters: GrantAccessParameters,
): Promise<GrantAccessReturnType> {
  const { hash } = await sendProtocolCall(client, "grantAccess", {
    address: parameters.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "grantAccess",
    args: [parameters.requester, parameters.modelId, parameters.expiresAt, parameters.maxUses],
  });
  return { transactionHash: hash };
}
