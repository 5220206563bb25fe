import { evaluateDense, type IntDenseModel, inferClassifier } from "@symbiote/circuits";
import { FRAC_BITS } from "@symbiote/sdk";
import type { LinearModel, MlpModel, ModelIR, PostTransform, Task } from "../ir/model.ts";
import { applyPostTransform } from "../reference/evaluate.ts";
import { QuantizationError } from "./errors.ts";
import { fromFixed } from "./fixedPoint.ts";
import { linearRawOutputs, type QuantizedLinear, quantizeLinear } from "./linear.ts";
import { quantizeDense } from "./quantizeDense.ts";

/** A dense stack (MLP, or a linear model with several outputs) in the dense circuit's format. */
export interface QuantizedDense {
  kind: "dense";
  model: IntDenseModel;
}

/** A model in integers, with what the source's post-transform and task need to read its outputs. */
export type QuantizedModel = (QuantizedLinear | QuantizedDense) & { task: Task; postTransform: PostTransform };

export interface QuantizeOptions {
  /** The linear circuit's decision: score >= threshold, in the model's raw score units (default 0). */
  decisionThreshold?: number;
}

/**
 * Quantises a linear model or an MLP at the circuits' fixed-point conventions: a binary linear classifier or a
 * one-target linear regressor goes to the classifier circuit (per-feature contributions), everything else with
 * dense layers to the dense circuit. Tree ensembles quantise through their own path (quantize/trees.ts).
 */
export function quantizeModel(ir: ModelIR, options: QuantizeOptions = {}): QuantizedModel {
  const { task, postTransform } = ir;
  if (ir.kind === "treeEnsemble") {
    throw new QuantizationError(
      "Tree ensembles are not quantised as dense models.",
      "Compile them with compileTreeEnsemble (compiler/src/circuit/treeCompile.ts).",
    );
  }
  if (ir.kind === "linear" && singleScore(ir)) {
    return { ...quantizeLinear(ir, options.decisionThreshold ?? 0), task, postTransform };
  }
  return { kind: "dense", model: quantizeDense(ir as MlpModel | LinearModel), task, postTransform };
}

function singleScore(ir: LinearModel): boolean {
  return ir.task.type === "regressor" ? ir.weights.length === 1 : ir.weights.length === 2;
}

/** What the integer model decides on one quantised input, in the source model's output units. */
export interface QuantizedPrediction {
  /** Post-transformed outputs, comparable with onnxruntime's (probabilities, or predictions for a regressor). */
  scores: number[];
  /** Index of the chosen class (the circuit's decision or arg-max); null for a regressor. */
  classIndex: number | null;
}

/** Runs the integer reference and reads its outputs as the source model would report them. */
export function predictQuantized(q: QuantizedModel, features: readonly bigint[]): QuantizedPrediction {
  const classifier = q.task.type === "classifier";
  if (q.kind === "linear") {
    const out = inferClassifier(q.model, features);
    const raw = linearRawOutputs(q.layout, fromFixed(out.score, 2 * FRAC_BITS));
    return { scores: applyPostTransform(q.postTransform, raw), classIndex: classifier ? (out.decision ? 1 : 0) : null };
  }
  const out = evaluateDense(q.model, features);
  const raw = out.logits.map((v) => fromFixed(v, FRAC_BITS));
  return { scores: applyPostTransform(q.postTransform, raw), classIndex: classifier ? out.argmax : null };
}
