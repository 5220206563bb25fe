import type { Address, Hash } from "viem";
import { dataRegistryAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type AcceptDataNodeParameters = {
  deployment: Pick<Deployment, "dataRegistry">;
  /** The data owner who proposed the caller's account as its node (`setDataNode`). */
  owner: Address;
};

export type AcceptDataNodeReturnType = { transactionHash: Hash };

export type AcceptDataNodeErrorType = InsufficientGasFundsError | RpcUnreachableError | ProtocolRevertError;

/**
 * Accepts, from the operator node's account, a data owner's proposal: from now on the node proves the owner's
 * committed requests (and answers for them if it does not). Reverts `DataRegistryNotProposedNode` unless `owner`
 * proposed exactly this account.
 *
 * @example
 * await setDataNode(ownerClient, { deployment, node: operatorClient.account.address });
 * await acceptDataNode(operatorClient, { deployment, owner: ownerClient.account.address });
 */
export async function acceptDataNode(
  client: SigningClient,
  parameters: AcceptDataNodeParameters,
): Promise<AcceptDataNodeReturnType> {
  const { hash } = await sendProtocolCall(client, "acceptDataNode", {
    address: parameters.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "acceptDataNode",
    args: [parameters.owner],
  });
  return { transactionHash: hash };
}
