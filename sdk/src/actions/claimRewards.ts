import { type Hash, type Hex, parseEventLogs } from "viem";
import { dataRewardsAbi } from "../abis.ts";
import type { Deployment } from "../deployment.ts";
import type { InsufficientGasFundsError, RpcUnreachableError } from "../errors/actionable.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type ClaimRewardsParameters = {
  deployment: Pick<Deployment, "dataRewards">;
  modelId: bigint;
  version: number;
  /** The leaf: the contribution and its weight in the version's training-data tree … */
  contributionId: bigint;
  weight: bigint;
  /** … and its Merkle proof against the version's training-data root (from the trainer's rewards file). */
  proof: readonly Hex[];
};

/** `amount`: what was paid to the contribution's owner. */
export type ClaimRewardsReturnType = { amount: bigint; transactionHash: Hash };

export type ClaimRewardsErrorType = InsufficientGasFundsError | RpcUnreachableError | ProtocolRevertError;

/**
 * Pays a training-data contribution its accrued share of a model version's fees (DataRewards `claim`). Anyone may
 * send it; the tokens always go to the contribution's owner.
 *
 * @example
 * const { amount } = await claimRewards(client, { deployment, modelId: 1n, version: 1, contributionId, weight, proof });
 */
export async function claimRewards(
  client: SigningClient,
  parameters: ClaimRewardsParameters,
): Promise<ClaimRewardsReturnType> {
  const { hash, receipt } = await sendProtocolCall(client, "claimRewards", {
    address: parameters.deployment.dataRewards,
    abi: dataRewardsAbi,
    functionName: "claim",
    args: [parameters.modelId, parameters.version, parameters.contributionId, parameters.weight, parameters.proof],
  });
  const [event] = parseEventLogs({ abi: dataRewardsAbi, eventName: "RewardClaimed", logs: receipt.logs });
  return { amount: event?.args.amount ?? 0n, transactionHash: hash };
}
