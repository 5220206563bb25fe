import { assertLength, type CircuitCall, checkContext, type InputMode, type ProofContext } from "../circuitInput.ts";
import { computeInputCommitment, computeWeightsCommitment } from "../commitment.ts";
import { toField } from "../field.ts";
import { assertValueRange, floorDivPow2 } from "../fixedPoint.ts";
import { packFeatures, packWords } from "../packing.ts";
import { CONTRIBUTION_BITS, CONTRIBUTION_LANES, FRAC_BITS } from "../params.ts";

/** A linear (logistic) classifier in raw fixed point (scale 2^16). */
export type ClassifierModel = {
  weights: bigint[];
  bias: bigint;
  /** The decision is score >= threshold (for a logistic model: the logit of the probability cut-off). */
  threshold: bigint;
};

export type ClassifierOutput = {
  /** bias + sum of contributions, raw fixed point. */
  score: bigint;
  decision: boolean;
  /** floor(w_i * x_i / 2^16) per feature: the explanation, summing with the bias to the score. */
  contributions: bigint[];
  /** The contributions packed as the circuit outputs them (8 lanes of 31 bits per word). */
  contributionWords: bigint[];
};

/** The committed order of a classifier's values: weights, bias, threshold. */
export function classifierWeightVector(model: ClassifierModel): bigint[] {
  return [...model.weights, model.bias, model.threshold];
}

/** Refuses a model with a value outside the fixed-point range, naming the value. */
export function validateClassifier(model: ClassifierModel): void {
  model.weights.forEach((w, i) => {
    assertValueRange(w, `classifier weight ${i}`);
  });
  assertValueRange(model.bias, "classifier bias");
  assertValueRange(model.threshold, "classifier threshold");
}

/** Reference inference: exactly the circuit's outputs. */
export function inferClassifier(model: ClassifierModel, features: readonly bigint[]): ClassifierOutput {
  validateClassifier(model);
  assertLength(features, model.weights.length, "features");
  features.forEach((x, i) => {
    assertValueRange(x, `feature ${i}`);
  });
  const contributions = model.weights.map((w, i) => floorDivPow2(w * (features[i] as bigint), FRAC_BITS));
  const score = contributions.reduce((sum, c) => sum + c, model.bias);
  return {
    score,
    decision: score >= model.threshold,
    contributions,
    contributionWords: packWords(contributions, CONTRIBUTION_BITS, CONTRIBUTION_LANES),
  };
}

/** The classifier circuit's witness input and expected public signals for one request. */
export function classifierCircuitCall(
  mode: InputMode,
  model: ClassifierModel,
  features: readonly bigint[],
  context: ProofContext,
): CircuitCall {
  const inputSalt = checkContext(mode, context);
  const out = inferClassifier(model, features);
  const weightsCommitment = computeWeightsCommitment("classifier", classifierWeightVector(model), context.weightsSalt);
  const outputs = [toField(out.score), out.decision ? 1n : 0n, ...out.contributionWords];
  const privateModel = {
    weights: model.weights.map(toField),
    bias: toField(model.bias),
    threshold: toField(model.threshold),
    weightsSalt: context.weightsSalt,
  };
  if (inputSalt === undefined) {
    const featureWords = packFeatures(features);
    return {
      input: { featureWords, weightsCommitment, binding: context.binding, ...privateModel },
      publicSignals: [...outputs, ...featureWords, weightsCommitment, context.binding],
    };
  }
  const inputCommitment = computeInputCommitment("classifier", features, inputSalt);
  return {
    input: {
      inputCommitment,
      weightsCommitment,
      binding: context.binding,
      features: features.map(toField),
      inputSalt,
      ...privateModel,
    },
    publicSignals: [...outputs, inputCommitment, weightsCommitment, context.binding],
  };
}
