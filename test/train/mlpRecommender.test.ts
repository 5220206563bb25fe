import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quantize } from "@symbiote/sdk";
import { hexToBigInt } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeWeightsCommitment } from "../../circuits/src/commitment.ts";
import { inferMlp, type MlpModel, mlpWeightVector } from "../../circuits/src/models/mlp.ts";
import {
  inferRecommender,
  type RecommenderModel,
  recommenderWeightVector,
} from "../../circuits/src/models/recommender.ts";
import { generateDatasets } from "../../trainer/src/data/generate.ts";
import { verifyRewardProof } from "../../trainer/src/data/merkle.ts";
import { createPrng } from "../../trainer/src/data/prng.ts";
import { quantizedFromArtifact } from "../../trainer/src/train/artifact.ts";
import { loadContributions } from "../../trainer/src/train/contributions.ts";
import { accuracy } from "../../trainer/src/train/metrics.ts";
import { trainRanking } from "../../trainer/src/train/ranking.ts";
import { foldInUser, scoreItems, topItems } from "../../trainer/src/train/recommender.ts";
import { predict, trainSupervised } from "../../trainer/src/train/supervised.ts";
import { type TrainResult, train } from "../../trainer/src/train/train.ts";

let root: string;
let mlp: TrainResult;
let recommender: TrainResult;
const SALT = 987_654_321n;
const base = { label: "label", testFraction: 0.25, seed: 1, permutations: 100, salt: SALT, fairness: "none" } as const;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "symbiote-mlp-rec-"));
  await generateDatasets({ out: join(root, "data"), seed: 1, bias: 0.6 });
  mlp = await train({ ...base, family: "mlp", data: join(root, "data", "prices"), out: join(root, "prices.json") });
  recommender = await train({
    ...base,
    family: "recommender",
    data: join(root, "data", "interactions"),
    out: join(root, "recommender.json"),
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const quantizeRow = (x: readonly number[]) => x.map((v, i) => quantize(v, `input ${i}`));

describe("train() — MLP on the synthetic price features", () => {
  it("reaches ≥ 0.45 test accuracy on four classes, at least 0.1 above the majority class", () => {
    const m = mlp.artifact.metrics as { accuracy: number; majorityBaseline: number };
    expect(m.accuracy).toBeGreaterThanOrEqual(0.45);
    expect(m.accuracy).toBeGreaterThanOrEqual(m.majorityBaseline + 0.1);
    expect(mlp.artifact.shape).toEqual({ inputs: 16, hidden: 32, outputs: 4 });
  });

  it("keeps the arg-max of the fixed-point reference inference on ≥ 98% of test rows, accuracy within 0.02", async () => {
    const contributions = await loadContributions(join(root, "data", "prices"));
    const result = trainSupervised(contributions, { ...base, family: "mlp", sensitive: undefined, positiveClass: 3 });
    expect(mlp.artifact.float).toEqual(JSON.parse(JSON.stringify(result.fitted.model)));
    const model = quantizedFromArtifact(mlp.artifact).model as MlpModel;
    const floatClasses = result.test.x.map((x) => predict(result.fitted, x));
    const fixedClasses = result.test.x.map((x) => inferMlp(model, quantizeRow(x)).argmax);
    expect(accuracy(fixedClasses, floatClasses)).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(accuracy(fixedClasses, result.test.y) - result.accuracy)).toBeLessThanOrEqual(0.02);
  });

  it("commits to w1, b1, w2, b2 in the circuit's order and gives every feed a verifiable leaf", () => {
    const model = quantizedFromArtifact(mlp.artifact).model as MlpModel;
    expect(hexToBigInt(mlp.artifact.weightsCommitment.value)).toBe(
      computeWeightsCommitment("mlp", mlpWeightVector(model), SALT),
    );
    for (const leaf of mlp.artifact.trainingData.leaves) {
      const entry = { contributionId: BigInt(leaf.contributionId), weight: BigInt(leaf.weight) };
      expect(verifyRewardProof(mlp.artifact.trainingData.merkleRoot, entry, leaf.proof)).toBe(true);
    }
    expect(mlp.artifact.sensitive).toBeNull();
    expect(mlp.artifact.modelCard.limitations.join(" ")).toMatch(/No sensitive column/);
  });
});

describe("train() — recommender item table on the synthetic interactions", () => {
  it("ranks held-out items at least twice as well as a random ranking (recall@3)", () => {
    const m = recommender.artifact.metrics as { recallAt3: number; randomRecallAt3: number; hitRateAt3: number };
    expect(m.recallAt3).toBeGreaterThanOrEqual(2 * m.randomRecallAt3);
    expect(m.hitRateAt3).toBeGreaterThan(m.recallAt3);
    expect(recommender.artifact.shape).toEqual({ inputs: 16, outputs: 3, items: 32, topK: 3 });
    expect((recommender.artifact.float as { items: number[][] }).items).toHaveLength(32);
  });

  it("returns the same top-3 from the circuit's reference inference as from the float model for ≥ 95% of users", () => {
    const contributions = recommender.artifact.contributions;
    expect(contributions).toHaveLength(3);
    const model = quantizedFromArtifact(recommender.artifact).model as RecommenderModel;
    const float = recommender.artifact.float as { items: number[][] };
    // Users bring embeddings folded in from their own interactions: probe with 200 random three-item histories.
    const rng = createPrng(5);
    const users = Array.from({ length: 200 }, () =>
      foldInUser(float, [
        { user: 0, item: rng.int(32), rating: 1 + rng.int(5) },
        { user: 0, item: rng.int(32), rating: 1 + rng.int(5) },
        { user: 0, item: rng.int(32), rating: 1 + rng.int(5) },
      ]),
    );
    let same = 0;
    for (const user of users) {
      const circuit = inferRecommender(model, quantizeRow(user), 3).top.map((t) => t.index);
      const reference = topItems(scoreItems(float, user), 3);
      if (circuit.join() === reference.join()) same++;
    }
    expect(same / users.length).toBeGreaterThanOrEqual(0.95);
    expect(
      (recommender.artifact.metrics as { fixedPoint: { agreement: number } }).fixedPoint.agreement,
    ).toBeGreaterThanOrEqual(0.95);
    expect(hexToBigInt(recommender.artifact.weightsCommitment.value)).toBe(
      computeWeightsCommitment("recommender", recommenderWeightVector(model), SALT),
    );
  });

  it("values every shop's interactions and is reproducible for a seed", async () => {
    const contributions = await loadContributions(join(root, "data", "interactions"));
    const again = trainRanking(contributions, { seed: 1, permutations: 100 });
    expect(again.valuation.values).toEqual(recommender.artifact.contributions.map((c) => c.shapleyValue));
    for (const c of recommender.artifact.contributions) expect(BigInt(c.weight)).toBeGreaterThan(0n);
  });
});
