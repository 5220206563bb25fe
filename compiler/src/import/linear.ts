import { InvalidModelError } from "../errors.ts";
import type { LinearModel, Task } from "../ir/model.ts";
import { Attributes } from "../onnx/attributes.ts";
import type { OnnxNode } from "../onnx/model.ts";
import { readPostTransform } from "./postTransform.ts";

/** ai.onnx.ml LinearClassifier / LinearRegressor: coefficients are row-major [outputs × features]. */
export function importLinear(node: OnnxNode, inputs: number): LinearModel {
  const a = new Attributes(node);
  const classifier = node.opType === "LinearClassifier";
  const coefficients = a.floats("coefficients");
  const task: Task = classifier
    ? { type: "classifier", classes: a.ints("classlabels_ints") }
    : { type: "regressor", targets: a.int("targets", 1) };
  if (classifier && a.int("multi_class", 0) !== 0) {
    throw new InvalidModelError(node.name, "multi_class=1 (one-vs-rest normalisation) is not supported");
  }
  const outputs = task.type === "classifier" ? task.classes.length : task.targets;
  if (outputs === 0 || coefficients.length % outputs !== 0) {
    throw new InvalidModelError(node.name, `${coefficients.length} coefficients do not split into ${outputs} rows`);
  }
  const width = coefficients.length / outputs;
  if (width !== inputs)
    throw new InvalidModelError(node.name, `rows have ${width} weights for ${inputs} input features`);
  const bias = a.floats("intercepts", new Array(outputs).fill(0));
  if (bias.length !== outputs)
    throw new InvalidModelError(node.name, `${bias.length} intercepts for ${outputs} outputs`);
  const weights = Array.from({ length: outputs }, (_, o) => coefficients.slice(o * width, (o + 1) * width));
  return { kind: "linear", task, inputs, weights, bias, postTransform: readPostTransform(node) };
}
