import {
  assertValueRange,
  classifierLaneBits,
  FRAC_BITS,
  type InputMode,
  packMixedLanes,
  toField,
} from "@symbiote/sdk";
import { assertLength, type CircuitCall, checkContext, modelCircuitCall, type ProofContext } from "../circuitInput.ts";
import { computeInputCommitment, computeWeightsCommitment } from "../commitment.ts";

/** A linear (logistic) classifier in raw fixed point (scale 2^16). */
export type ClassifierModel = {
  weights: bigint[];
  bias: bigint;
  /** The decision is score >= threshold (for a logistic model: the logit of the probability cut-off). */
  threshold: bigint;
};

export type ClassifierOutput = {
  /** bias * 2^16 + sum of contributions: raw fixed point with 32 fractional bits. */
  score: bigint;
  /** score >= threshold * 2^16 */
  decision: boolean;
  /** w_i * x_i per feature, exact (32 fractional bits): the explanation, summing with the bias to the score. */
  contributions: bigint[];
  /** Contributions, score and decision packed as the circuit outputs them (its `explanation` words). */
  explanationWords: bigint[];
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
  const scale = 1n << BigInt(FRAC_BITS);
  const contributions = model.weights.map((w, i) => w * (features[i] as bigint));
  const score = contributions.reduce((sum, c) => sum + c, model.bias * scale);
  const decision = score >= model.threshold * scale;
  const bits = classifierLaneBits(contributions.length);
  const values = [...contributions, score, decision ? 1n : 0n];
  const explanationWords = packMixedLanes(
    values.map((value, i) => {
      const width = bits[i] as number;
      // the decision bit is stored as is; signed lanes are offset binary
      return { value, bits: width, offset: i < values.length - 1 ? 1n << BigInt(width - 1) : 0n };
    }),
  );
  return { score, decision, contributions, explanationWords };
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
  const outputs = out.explanationWords;
  const privateModel = {
    weights: model.weights.map(toField),
    bias: toField(model.bias),
    threshold: toField(model.threshold),
    weightsSalt: context.weightsSalt,
  };
  return modelCircuitCall({
    inputSalt,
    features,
    privateModel,
    outputs,
    weightsCommitment,
    binding: context.binding,
    inputCommitment: (values, salt) => computeInputCommitment("classifier", values, salt),
  });
}

/**
 * The witness input of one version's baked linear circuit (the compiler's linearBakedCircuitSource): the
 * committed-weights circuit's input without the weights, bias, threshold and their salt, which the circuit holds as
 * constants; the public signals are the same.
 */
export function classifierBakedCircuitCall(
  mode: InputMode,
  model: ClassifierModel,
  features: readonly bigint[],
  context: ProofContext,
): CircuitCall {
  const call = classifierCircuitCall(mode, model, features, context);
  const { weights: _w, bias: _b, threshold: _t, weightsSalt: _s, ...input } = call.input;
  return { ...call, input };
}
