/**
 * Puts trained models on chain with the project's publish path (`publishModel`): the registry records each version's
 * weights commitment, model card URI and training-data root, and a rewards file per version tells the contributors
 * what they can claim. The model cards are local files here; on a real network they would be pinned (IPFS, https).
 */

import type { InputMode } from "@symbiote/trainer";
import { type PublishModelReturnType, publishModel } from "@symbiote/trainer";
import { parseEther } from "viem";
import { actors } from "./actors.ts";
import type { DemoChain } from "./chain.ts";
import type { TrainedModel } from "./training.ts";

export type PublishedModel = PublishModelReturnType & { model: TrainedModel };

/** Fees per inference, in SYM. */
export const MODEL_FEES = { credit: parseEther("1"), marketSignal: parseEther("2"), recommender: parseEther("1") };

/**
 * Publishes `model` as the model owner: a new model offering `inputModes` (when `modelId` is absent) or a new version
 * of `modelId`.
 */
export async function publishDemoModel(
  chain: DemoChain,
  model: TrainedModel,
  options: { fee: bigint; inputModes?: InputMode[]; modelId?: bigint; onProgress?: (message: string) => void },
): Promise<PublishedModel> {
  const published = await publishModel({
    publicClient: chain.publicClient,
    walletClient: chain.wallet(actors.modelOwner),
    deployment: chain.deployment,
    artifact: model.artifact,
    artifactPath: model.artifactPath,
    metadataURI: `file://${model.cardPath}`,
    modelId: options.modelId,
    feePerInference: options.fee,
    inputModes: options.inputModes,
    rewardsPath: model.artifactPath.replace(/\.json$/, ".rewards.json"),
    onProgress: options.onProgress,
  });
  return { ...published, model };
}
