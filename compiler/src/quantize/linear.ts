import type { ClassifierModel } from "@symbiote/circuits";
import type { LinearModel } from "../ir/model.ts";
import { QuantizationError } from "./errors.ts";
import { toFixed } from "./fixedPoint.ts";

/**
 * How the linear circuit's one score stands for the source model's outputs:
 * - `mirrored`: a binary classifier whose rows are (-w, w) and intercepts (-b, b) (the LinearClassifier layout of
 *   sklearn's LogisticRegression): the score is the class-1 row, the outputs are post_transform([-s, s]);
 * - `difference`: a binary SOFTMAX classifier with two independent rows: the score is row 1 - row 0, and
 *   softmax([0, s]) equals softmax([s0, s1]);
 * - `regression`: one target, the score is the prediction.
 */
export type LinearLayout = "mirrored" | "difference" | "regression";

/** A linear model in the classifier circuit's format (circuits/lib/classifier.circom): every number at scale 2^16. */
export interface QuantizedLinear {
  kind: "linear";
  model: ClassifierModel;
  layout: LinearLayout;
}

/**
 * Quantises a binary linear classifier or a one-target linear regressor for the classifier circuit: weights and bias
 * round(x * 2^16), the decision threshold (a score, in the model's raw units: 0 is probability 0.5 for a logistic
 * model) as well. The circuit's contributions w_i * x_i and score are then exact: the only error is the rounding of
 * each weight and feature, at most 2^-17 each.
 */
export function quantizeLinear(ir: LinearModel, decisionThreshold = 0): QuantizedLinear {
  const layout = linearLayout(ir);
  const [row0 = [], row1 = []] = ir.weights;
  const [b0 = 0, b1 = 0] = ir.bias;
  const weights =
    layout === "difference" ? row1.map((w, i) => w - (row0[i] as number)) : layout === "mirrored" ? row1 : row0;
  const bias = layout === "difference" ? b1 - b0 : layout === "mirrored" ? b1 : b0;
  return {
    kind: "linear",
    layout,
    model: {
      weights: weights.map((w, i) => toFixed(w, "value", `weight ${i}`)),
      bias: toFixed(bias, "value", "bias"),
      threshold: toFixed(decisionThreshold, "value", "decision threshold"),
    },
  };
}

/** The one-score layout of a linear model, or a refusal saying which compiler path takes it instead. */
export function linearLayout(ir: LinearModel): LinearLayout {
  if (ir.task.type === "regressor") {
    if (ir.weights.length === 1) return "regression";
    throw new QuantizationError(
      `A linear regressor with ${ir.weights.length} targets has no single score.`,
      "It compiles as a one-layer dense circuit (quantizeModel does this).",
    );
  }
  if (ir.weights.length !== 2) {
    throw new QuantizationError(
      `A linear classifier with ${ir.weights.length} score rows has no single score.`,
      "It compiles as a one-layer dense circuit with an arg-max (quantizeModel does this).",
    );
  }
  const [row0 = [], row1 = []] = ir.weights;
  const mirrored = row0.every((w, i) => w === -(row1[i] as number)) && ir.bias[0] === -(ir.bias[1] as number);
  if (mirrored) return "mirrored";
  if (ir.postTransform === "SOFTMAX") return "difference";
  throw new QuantizationError(
    `A binary linear classifier with independent rows under post_transform ${ir.postTransform} has no exact one-score form.`,
    "Export it with rows (-w, w) (sklearn's layout) or with SOFTMAX.",
  );
}

/** The source model's raw outputs, as far as one score determines them (see LinearLayout). */
export function linearRawOutputs(layout: LinearLayout, score: number): number[] {
  if (layout === "mirrored") return [-score, score];
  if (layout === "difference") return [0, score];
  return [score];
}
