import { type Hash, type Hex, parseEventLogs, zeroHash } from "viem";
import { modelRegistryAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import { EncodingError } from "../errors/base.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type PublishModelParameters = {
  deployment: Pick<Deployment, "registry">;
  /** The registry circuit for public inputs, or 0 if the model takes none. */
  publicCircuitId: number;
  /** The registry circuit for committed inputs, or 0. */
  committedCircuitId: number;
  /** Token wei per inference. */
  feePerInference: bigint;
  /** Community models take later versions from governance only (default false). */
  community?: boolean;
  /** The first version: the Poseidon commitment to the weights (what proofs are checked against) … */
  weightsCommitment: bigint;
  /** … the Merkle root of the training data's contributions (zero when none is rewarded) … */
  trainingDataRoot?: Hex;
  totalDataWeight?: bigint;
  /** … and the model card's address (`ipfs://<CIDv1>` of the card). */
  metadataURI: string;
};

export type PublishModelReturnType = { modelId: bigint; transactionHash: Hash };

export type PublishModelErrorType =
  | EncodingError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError;

/**
 * Registers a model with its first version in the model registry.
 *
 * @example
 * const { modelId } = await publishModel(ownerClient, {
 *   deployment, publicCircuitId: 1, committedCircuitId: 2, feePerInference: parseEther("1"),
 *   weightsCommitment, metadataURI: "ipfs://bafy…",
 * });
 */
export async function publishModel(
  client: SigningClient,
  parameters: PublishModelParameters,
): Promise<PublishModelReturnType> {
  const { hash, receipt } = await sendProtocolCall(client, "publishModel", {
    address: parameters.deployment.registry,
    abi: modelRegistryAbi,
    functionName: "registerModel",
    args: [
      parameters.publicCircuitId,
      parameters.committedCircuitId,
      parameters.feePerInference,
      parameters.community ?? false,
      {
        weightsCommitment: parameters.weightsCommitment,
        trainingDataRoot: parameters.trainingDataRoot ?? zeroHash,
        totalDataWeight: parameters.totalDataWeight ?? 0n,
        metadataURI: parameters.metadataURI,
      },
    ],
  });
  const [event] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: receipt.logs });
  if (!event) throw new EncodingError(`transaction ${hash} registered no model; is the deployment's registry right?`);
  return { modelId: event.args.modelId, transactionHash: hash };
}
