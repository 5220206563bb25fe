import type { Hash } from "viem";
import { dataRegistryAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import { EncodingError } from "../errors/base.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type RegisterInputCommitmentsParameters = {
  deployment: Pick<Deployment, "dataRegistry">;
  /** Poseidon commitments to the owner's private feature vectors (the salt and the features stay with its node). */
  commitments: readonly bigint[];
};

export type RegisterInputCommitmentsReturnType = { transactionHash: Hash };

export type RegisterInputCommitmentsErrorType =
  | EncodingError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Registers commitments to the caller's own inputs, so committed-input requests may name them: a request can only
 * use data its owner committed to.
 *
 * @example
 * await registerInputCommitments(ownerClient, { deployment, commitments: [commitment] });
 */
export async function registerInputCommitments(
  client: SigningClient,
  parameters: RegisterInputCommitmentsParameters,
): Promise<RegisterInputCommitmentsReturnType> {
  if (parameters.commitments.length === 0) {
    throw new EncodingError("registerInputCommitments needs at least one commitment.");
  }
  const { hash } = await sendProtocolCall(client, "registerInputCommitments", {
    address: parameters.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "registerInputCommitments",
    args: [[...parameters.commitments]],
  });
  return { transactionHash: hash };
}
