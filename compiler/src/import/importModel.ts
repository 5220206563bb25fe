import { InvalidModelError, UnsupportedOperatorError } from "../errors.ts";
import type { ModelIR } from "../ir/model.ts";
import { decodeModel, type OnnxModel } from "../onnx/model.ts";
import { importLinear } from "./linear.ts";
import { importMlp } from "./mlp.ts";
import { importTreeEnsemble } from "./trees.ts";

const SINGLE_NODE = new Set(["LinearClassifier", "LinearRegressor", "TreeEnsembleClassifier", "TreeEnsembleRegressor"]);

/** Decodes ONNX bytes and recognises the model kind; refuses anything else with the offending node named. */
export function importOnnx(bytes: Uint8Array): ModelIR {
  return importModel(decodeModel(bytes));
}

export function importModel(model: OnnxModel): ModelIR {
  const { graph } = model;
  const input = graph.inputs[0];
  if (!input || graph.inputs.length !== 1) {
    throw new InvalidModelError(
      graph.name,
      `the graph has ${graph.inputs.length} inputs; one feature tensor is expected`,
    );
  }
  const features = input.shape.at(-1);
  if (input.shape.length !== 2 || features === null || features === undefined || features <= 0) {
    throw new InvalidModelError(
      graph.name,
      `input "${input.name}" has shape [${input.shape}]; [batch, features] is expected`,
    );
  }
  const first = graph.nodes[0];
  if (!first) throw new InvalidModelError(graph.name, "the graph has no nodes");
  if (first.domain === "ai.onnx.ml") {
    if (!SINGLE_NODE.has(first.opType)) throw new UnsupportedOperatorError(first.name, first.opType, first.domain);
    const extra = graph.nodes[1];
    if (extra) throw new UnsupportedOperatorError(extra.name, extra.opType, extra.domain, `follows ${first.opType}`);
    return first.opType.startsWith("Linear") ? importLinear(first, features) : importTreeEnsemble(first, features);
  }
  return importMlp(graph, features);
}
