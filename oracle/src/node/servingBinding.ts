import type { ModelStore, WeightsBinding } from "@symbiote/circuits";
import { modelRegistryAbi } from "@symbiote/sdk";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import { readMany } from "../chain/readMany.ts";
import { type BindingRefusal, bindingRefusal, type PublishedVersion } from "../models/publisherBinding.ts";

/** The part of a request the check reads. */
export type BoundRequest = { modelId: bigint; version: number; weightsCommitment: bigint };

/**
 * The node's side of the publisher binding (publisherBinding.ts): a request is proven only on a version whose model
 * owner and training data are the ones the stored weights were handed over for. Declarations already leave copies out,
 * but that alone does not keep the node off them: a request on a version nobody declared is open to every eligible
 * operator at once (the round's seed draws nobody), and any request is open to all once its drawn operator lets the
 * exclusive window pass; a committed-input request goes to the data owner's node whatever the model. Without this
 * check the node would prove a stranger's copy there with the owner's weights.
 */
export class ServingBinding {
  /** A version's training-data root and weight never change: read once. */
  private readonly versions = new Map<string, Promise<{ trainingDataRoot: Hex; totalDataWeight: bigint }>>();

  constructor(
    private readonly client: PublicClient<Transport, Chain>,
    private readonly registry: Address,
    private readonly store: ModelStore,
  ) {}

  /**
   * For each request, why this node will not serve it, or undefined when it may (or when the store lacks the weights,
   * which proving reports as before). Owners are read anew on every call: a model changes hands.
   */
  async refusals(requests: readonly BoundRequest[]): Promise<(BindingRefusal | undefined)[]> {
    const held = requests.filter((r) => this.store.hasModel(r.weightsCommitment));
    if (held.length === 0) return requests.map(() => undefined);
    const modelIds = [...new Set(held.map((r) => r.modelId))];
    const models = await readMany(modelIds, (modelId) =>
      this.client.readContract({
        address: this.registry,
        abi: modelRegistryAbi,
        functionName: "model",
        args: [modelId],
      }),
    );
    const ownerOf = new Map(modelIds.map((id, i) => [id, models[i]?.owner]));
    const records = await Promise.all(held.map((r) => this.versionOf(r.modelId, r.version)));
    const refusalOf = new Map<BoundRequest, BindingRefusal | undefined>();
    for (const [i, request] of held.entries()) {
      let binding: WeightsBinding;
      try {
        binding = this.store.readBinding(request.weightsCommitment);
      } catch {
        continue; // a damaged file: proving reports it, naming the file
      }
      const { trainingDataRoot, totalDataWeight } = records[i] as { trainingDataRoot: Hex; totalDataWeight: bigint };
      const published: PublishedVersion = {
        modelId: request.modelId,
        version: request.version,
        owner: ownerOf.get(request.modelId) as Address,
        trainingDataRoot,
        totalDataWeight,
      };
      refusalOf.set(request, bindingRefusal(binding, published, request.weightsCommitment));
    }
    return requests.map((r) => refusalOf.get(r));
  }

  private versionOf(modelId: bigint, version: number) {
    const key = `${modelId}:${version}`;
    let found = this.versions.get(key);
    if (!found) {
      found = this.client.readContract({
        address: this.registry,
        abi: modelRegistryAbi,
        functionName: "version",
        args: [modelId, version],
      });
      found.catch(() => this.versions.delete(key));
      this.versions.set(key, found);
    }
    return found;
  }
}
