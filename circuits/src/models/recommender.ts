import {
  assertValueRange,
  assertWeightRange,
  FatalError,
  floorDivPow2,
  INDEX_BITS,
  type InputMode,
  MAX_PACKED_BITS,
  packFeatures,
  recommenderScoreBits,
  toField,
  WEIGHT_FRAC_BITS,
} from "@symbiote/sdk";
import { assertLength, type CircuitCall, checkContext, type ProofContext } from "../circuitInput.ts";
import { computeInputCommitment, computeWeightsCommitment } from "../commitment.ts";

/**
 * A dot-product recommender: the item table (M rows of D raw compact weights, scale 2^10) is the committed model; the
 * user embedding is raw values (scale 2^16), and so are the scores.
 */
export type RecommenderModel = { items: bigint[][] };

export type RankedItem = { index: number; score: bigint };

export type RecommenderOutput = {
  /** The k best items, best first; equal scores rank the lower index first. */
  top: RankedItem[];
  /** The circuit's packed output: rank r at bit r * (8 + scoreBits): index, then score + 2^(scoreBits-1). */
  topKWord: bigint;
};

/** The committed order: the item table row-major. */
export function recommenderWeightVector(model: RecommenderModel): bigint[] {
  return model.items.flat();
}

export function validateRecommender(model: RecommenderModel): void {
  const d = model.items[0]?.length ?? 0;
  if (model.items.length > 1 << INDEX_BITS) {
    throw new FatalError(
      `the item table has ${model.items.length} items; at most ${1 << INDEX_BITS} fit the index lane.`,
    );
  }
  model.items.forEach((row, m) => {
    assertLength(row, d, `item ${m}`);
    row.forEach((v, i) => {
      assertWeightRange(v, `item ${m} value ${i}`);
    });
  });
}

/** Packs ranked items as the circuit does. */
export function packTopK(top: readonly RankedItem[], d: number): bigint {
  const scoreBits = recommenderScoreBits(d);
  const laneBits = BigInt(INDEX_BITS + scoreBits);
  if (top.length * (INDEX_BITS + scoreBits) > MAX_PACKED_BITS)
    throw new FatalError("top-k does not fit one word; lower k.");
  const offset = 1n << BigInt(scoreBits - 1);
  return top.reduce(
    (word, item, r) =>
      word | ((BigInt(item.index) | ((item.score + offset) << BigInt(INDEX_BITS))) << (BigInt(r) * laneBits)),
    0n,
  );
}

/** Reads a packed top-k word back into ranked items. */
export function unpackTopK(word: bigint, k: number, d: number): RankedItem[] {
  const scoreBits = recommenderScoreBits(d);
  const laneBits = BigInt(INDEX_BITS + scoreBits);
  const offset = 1n << BigInt(scoreBits - 1);
  return Array.from({ length: k }, (_, r) => {
    const lane = word >> (BigInt(r) * laneBits);
    return {
      index: Number(lane & ((1n << BigInt(INDEX_BITS)) - 1n)),
      score: ((lane >> BigInt(INDEX_BITS)) & ((1n << BigInt(scoreBits)) - 1n)) - offset,
    };
  });
}

/** Reference inference: exactly the circuit's outputs. */
export function inferRecommender(model: RecommenderModel, user: readonly bigint[], k: number): RecommenderOutput {
  validateRecommender(model);
  const d = model.items[0]?.length ?? 0;
  assertLength(user, d, "user embedding");
  user.forEach((u, i) => {
    assertValueRange(u, `user value ${i}`);
  });
  if (k < 1 || k > model.items.length)
    throw new FatalError(`k = ${k} must be between 1 and the item count ${model.items.length}.`);
  const scored = model.items.map((row, index) => ({
    index,
    score: floorDivPow2(
      row.reduce((sum, v, i) => sum + v * (user[i] as bigint), 0n),
      WEIGHT_FRAC_BITS,
    ),
  }));
  scored.sort((a, b) => (a.score === b.score ? a.index - b.index : a.score > b.score ? -1 : 1));
  const top = scored.slice(0, k);
  return { top, topKWord: packTopK(top, d) };
}

/** The recommender circuit's witness input and expected public signals for one request. */
export function recommenderCircuitCall(
  mode: InputMode,
  model: RecommenderModel,
  user: readonly bigint[],
  k: number,
  context: ProofContext,
): CircuitCall {
  const inputSalt = checkContext(mode, context);
  const out = inferRecommender(model, user, k);
  const weightsCommitment = computeWeightsCommitment(
    "recommender",
    recommenderWeightVector(model),
    context.weightsSalt,
  );
  const privateModel = { items: model.items.map((row) => row.map(toField)), weightsSalt: context.weightsSalt };
  if (inputSalt === undefined) {
    const userWords = packFeatures(user);
    return {
      input: { userWords, weightsCommitment, binding: context.binding, ...privateModel },
      publicSignals: [out.topKWord, ...userWords, weightsCommitment, context.binding],
    };
  }
  const inputCommitment = computeInputCommitment("recommender", user, inputSalt);
  return {
    input: {
      inputCommitment,
      weightsCommitment,
      binding: context.binding,
      user: user.map(toField),
      inputSalt,
      ...privateModel,
    },
    publicSignals: [out.topKWord, inputCommitment, weightsCommitment, context.binding],
  };
}
