import {
  type ClassifierModel,
  classifierWeightVector,
  computeWeightsCommitment,
  inferClassifier,
  inferMlp,
  inferRecommender,
  mlpWeightVector,
  type MlpModel as QuantizedMlp,
  type RecommenderModel as QuantizedRecommender,
  recommenderWeightVector,
} from "@symbiote/circuits";
import { quantize, quantizeWeight } from "@symbiote/sdk";
import type { LogisticModel } from "./logistic.ts";
import { accuracy } from "./metrics.ts";
import type { MlpModel } from "./mlp.ts";
import { type RecommenderModel, scoreItems, topItems } from "./recommender.ts";

/** The circuit-ready model of one family, in raw fixed point, with its commitment and how faithful it is. */
export type QuantizedModel =
  | { family: "classifier"; model: ClassifierModel }
  | { family: "mlp"; model: QuantizedMlp }
  | { family: "recommender"; model: QuantizedRecommender };

export type QuantizationCheck = {
  /** Share of test inputs on which the fixed-point reference inference decides exactly as the float model. */
  readonly agreement: number;
  /** Test accuracy of the fixed-point model (classifier and MLP only). */
  readonly accuracy: number | undefined;
  readonly inputs: number;
};

const qw = (label: string) => (v: number) => quantizeWeight(v, label);

export function quantizeClassifier(model: LogisticModel): QuantizedModel {
  return {
    family: "classifier",
    model: {
      weights: model.weights.map((w, i) => quantize(w, `classifier weight ${i}`)),
      bias: quantize(model.bias, "classifier bias"),
      threshold: quantize(model.threshold, "classifier threshold"),
    },
  };
}

export function quantizeMlp(model: MlpModel): QuantizedModel {
  return {
    family: "mlp",
    model: {
      w1: model.w1.map((row, j) => row.map(qw(`w1 row ${j}`))),
      b1: model.b1.map(qw("b1")),
      w2: model.w2.map((row, c) => row.map(qw(`w2 row ${c}`))),
      b2: model.b2.map(qw("b2")),
    },
  };
}

export function quantizeRecommender(model: RecommenderModel): QuantizedModel {
  return { family: "recommender", model: { items: model.items.map((row, m) => row.map(qw(`item ${m}`))) } };
}

/** The family's committed value order (see circuits/src/models/*: weightVector). */
export function weightVector(quantized: QuantizedModel): bigint[] {
  switch (quantized.family) {
    case "classifier":
      return classifierWeightVector(quantized.model);
    case "mlp":
      return mlpWeightVector(quantized.model);
    case "recommender":
      return recommenderWeightVector(quantized.model);
  }
}

/** The Poseidon weights commitment the circuits recompute, under the owner's blinding salt. */
export function weightsCommitment(quantized: QuantizedModel, salt: bigint): bigint {
  return computeWeightsCommitment(quantized.family, weightVector(quantized), salt);
}

const quantizeRow = (row: readonly number[]) => row.map((v, i) => quantize(v, `feature ${i}`));

/**
 * Runs the circuits' reference inference on the test inputs and compares with the float model's decisions.
 * `floatDecisions[i]` is the float model's class for `inputs[i]`; `labels` (when given) scores accuracy.
 */
export function checkClassification(
  quantized: QuantizedModel,
  inputs: readonly (readonly number[])[],
  floatDecisions: readonly number[],
  labels: readonly number[],
): QuantizationCheck {
  const decisions = inputs.map((x) => {
    const features = quantizeRow(x);
    if (quantized.family === "classifier") return inferClassifier(quantized.model, features).decision ? 1 : 0;
    if (quantized.family === "mlp") return inferMlp(quantized.model, features).argmax;
    throw new TypeError("checkClassification takes a classifier or an MLP");
  });
  return {
    agreement: accuracy(decisions, floatDecisions),
    accuracy: accuracy(decisions, labels),
    inputs: inputs.length,
  };
}

/**
 * Compares the circuit's top-k (fixed point, over the whole catalogue) with the float model's for each user
 * embedding; a user agrees when the two lists are identical, order included.
 */
export function checkRanking(
  quantized: QuantizedModel,
  floatModel: RecommenderModel,
  users: readonly (readonly number[])[],
  k: number,
): QuantizationCheck {
  if (quantized.family !== "recommender") throw new TypeError("checkRanking takes a recommender");
  let same = 0;
  for (const user of users) {
    const circuit = inferRecommender(quantized.model, quantizeRow(user), k).top.map((t) => t.index);
    const float = topItems(scoreItems(floatModel, user), k);
    if (circuit.every((item, r) => item === float[r])) same++;
  }
  return { agreement: users.length === 0 ? 1 : same / users.length, accuracy: undefined, inputs: users.length };
}
