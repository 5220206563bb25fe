import type { Hash } from "viem";
import { stakingVaultAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import { EncodingError } from "../errors/base.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

/** A model version, as operators declare and requests name them. */
export type ModelVersion = { modelId: bigint; version: number };

export type DeclareServedVersionsParameters = {
  deployment: Pick<Deployment, "vault">;
  /** The versions the operator's node can prove (its circuits' keys and the versions' weights are in its store). */
  versions: readonly ModelVersion[];
  /** true (default) declares them; false withdraws them, so the operator is no longer drawn for them. */
  serves?: boolean;
};

export type DeclareServedVersionsReturnType = { transactionHash: Hash };

export type DeclareServedVersionsErrorType =
  | EncodingError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Declares (or withdraws) the model versions a registered operator serves: public-input requests for a version are
 * drawn only among the operators that declared it, so a node is never assigned a request it cannot prove.
 *
 * @example
 * await declareServedVersions(operatorClient, { deployment, versions: [{ modelId: 2n, version: 1 }] });
 */
export async function declareServedVersions(
  client: SigningClient,
  parameters: DeclareServedVersionsParameters,
): Promise<DeclareServedVersionsReturnType> {
  const { deployment, versions, serves = true } = parameters;
  if (versions.length === 0) {
    throw new EncodingError("declareServedVersions needs at least one { modelId, version } to declare or withdraw.");
  }
  const { hash } = await sendProtocolCall(client, "declareServedVersions", {
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "declareServedVersions",
    args: [versions.map((v) => v.modelId), versions.map((v) => v.version), serves],
  });
  return { transactionHash: hash };
}
