import type { Address, Hash } from "viem";
import { dataRegistryAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type SetDataNodeParameters = {
  deployment: Pick<Deployment, "dataRegistry">;
  /** The operator node that holds the owner's private inputs and serves its committed requests. */
  node: Address;
};

export type SetDataNodeReturnType = { transactionHash: Hash };

export type SetDataNodeErrorType = InsufficientGasFundsError | RpcUnreachableError | ProtocolRevertError;

/**
 * Proposes `node` as the data owner's node (the DataRegistry's `setDataNode`); it serves the owner's committed
 * requests once it accepts (`acceptDataNode`, from the node's account).
 *
 * @example
 * await setDataNode(ownerClient, { deployment, node: "0x…" });
 */
export async function setDataNode(
  client: SigningClient,
  parameters: SetDataNodeParameters,
): Promise<SetDataNodeReturnType> {
  const { hash } = await sendProtocolCall(client, "setDataNode", {
    address: parameters.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "setDataNode",
    args: [parameters.node],
  });
  return { transactionHash: hash };
}
