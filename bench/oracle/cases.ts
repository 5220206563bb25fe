import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { computeInputCommitment, SeededRandom } from "@symbiote/circuits";
import type { Family, PlannedRequest } from "@symbiote/devnet";
import { packFeatures } from "@symbiote/sdk";
import type { Address, Hex } from "viem";

/**
 * One benchmark case: a model family and input mode, how requests are paced to measure latency (one at a time, below
 * the node's capacity) and how fast they are offered to measure throughput (above its capacity, so the node, not the
 * load, sets the rate).
 */
export type BenchCase = {
  name: string;
  family: Family;
  mode: "public" | "committed";
  latency: { requests: number; gapMs: number };
  throughput: { perSecond: number; seconds: number };
};

const classifier = { latency: { requests: 20, gapMs: 1500 }, throughput: { perSecond: 6, seconds: 60 } };
/** MLP and recommender proofs take 1-2 s each on two cores: a slower pace and a shorter stream. */
const larger = { latency: { requests: 8, gapMs: 4000 }, throughput: { perSecond: 1, seconds: 30 } };

export const CASES: readonly BenchCase[] = [
  { name: "classifier16-public", family: "classifier", mode: "public", ...classifier },
  { name: "classifier16-committed", family: "classifier", mode: "committed", ...classifier },
  { name: "mlp16x32x4-public", family: "mlp", mode: "public", ...larger },
  { name: "mlp16x32x4-committed", family: "mlp", mode: "committed", ...larger },
  { name: "recommender16x32-public", family: "recommender", mode: "public", ...larger },
  { name: "recommender16x32-committed", family: "recommender", mode: "committed", ...larger },
];

export type RequestContext = {
  /** Who signs the consumer's `request` calls. */
  requesterKey: Hex;
  consumer: Address;
  /** Registry id of the model serving each family (both input modes). */
  modelIds: Record<Family, { public: bigint; committed: bigint }>;
  /** The data owner whose node (the benchmarked operator) holds the committed inputs. */
  dataOwner: Address;
  /** The operator's data store folder: committed inputs are written there before they are requested. */
  dataDir: string;
  /** The data owner registers commitments to its inputs (`registerInputCommitments`): only those may be requested. */
  registerInputs: (commitments: bigint[]) => Promise<void>;
};

export type RequestFactory = {
  /**
   * Readies `count` committed inputs of the case ahead of its requests (no-op for public inputs): writes them to the
   * operator's data store and has the data owner register their commitments in one transaction, so registering never
   * paces the requests being measured.
   */
  prepare: (c: BenchCase, count: number) => Promise<void>;
  /** The case's next request (committed inputs: the next prepared one). */
  make: (c: BenchCase) => PlannedRequest;
};

/**
 * Makes each case's requests: fresh seeded inputs every time, sent through the consumer contract with a callback.
 * A committed-input request uses an input prepared before, as the data owner's app would have stored and registered it.
 */
export function requestFactory(context: RequestContext, seed = 1n): RequestFactory {
  const rng = new SeededRandom(seed);
  let salt = 1_000_000n;
  const prepared = new Map<string, bigint[]>();
  return {
    async prepare(c, count) {
      if (c.mode === "public") return;
      const commitments: bigint[] = [];
      for (let i = 0; i < count; i++) {
        const inputs = rng.vector(16);
        salt += 1n;
        const commitment = computeInputCommitment(c.family, inputs, salt);
        writeFileSync(
          join(context.dataDir, `${commitment.toString(16).padStart(64, "0")}.json`),
          JSON.stringify({ inputs: inputs.map(String), salt: salt.toString() }),
        );
        commitments.push(commitment);
      }
      await context.registerInputs(commitments);
      prepared.set(c.name, [...(prepared.get(c.name) ?? []), ...commitments]);
    },
    make(c) {
      const modelId = context.modelIds[c.family][c.mode];
      if (c.mode === "public") {
        return {
          key: context.requesterKey,
          via: context.consumer,
          params: { modelId, inputMode: 0, inputWords: packFeatures(rng.vector(16)) },
        };
      }
      const commitment = prepared.get(c.name)?.shift();
      if (commitment === undefined) throw new Error(`${c.name}: no prepared committed input left; prepare more first`);
      return {
        key: context.requesterKey,
        via: context.consumer,
        params: { modelId, inputMode: 1, inputWords: [commitment], dataOwner: context.dataOwner },
      };
    },
  };
}
