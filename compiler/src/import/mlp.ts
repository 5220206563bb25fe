import { InvalidModelError, UnsupportedOperatorError } from "../errors.ts";
import type { DenseLayer, MlpModel } from "../ir/model.ts";
import { Attributes } from "../onnx/attributes.ts";
import type { OnnxGraph, OnnxNode, OnnxTensor } from "../onnx/model.ts";

/**
 * A chain of dense layers as sklearn (MatMul + Add) and PyTorch (Gemm) exporters write them, with Relu between
 * layers and an optional Softmax (and ArgMax label) at the end. Every node must consume the previous node's output.
 */
export function importMlp(graph: OnnxGraph, inputs: number): MlpModel {
  const layers: DenseLayer[] = [];
  let current = graph.inputs[0]?.name ?? "";
  let width = inputs;
  let softmax = false;
  let classes = 0;
  for (const node of graph.nodes) {
    if (node.opType === "ArgMax" && softmax) continue;
    if (!node.inputs.includes(current) || node.domain !== "") {
      throw new UnsupportedOperatorError(node.name, node.opType, node.domain, "is not part of a supported dense chain");
    }
    if (softmax) throw new UnsupportedOperatorError(node.name, node.opType, node.domain, "follows the final Softmax");
    if (node.opType === "MatMul") {
      const w = constantInput(graph, node, 1);
      if (w.dims.length !== 2 || w.dims[0] !== width)
        throw new InvalidModelError(node.name, `weight dims [${w.dims}] for width ${width}`);
      const cols = w.dims[1] as number;
      layers.push({ weights: transpose(w.values, width, cols), bias: new Array(cols).fill(0), activation: "none" });
      width = cols;
    } else if (node.opType === "Add") {
      const last = layers.at(-1);
      const b = constantInput(graph, node, node.inputs[0] === current ? 1 : 0);
      if (last?.activation !== "none" || b.values.length !== width) {
        throw new UnsupportedOperatorError(
          node.name,
          node.opType,
          node.domain,
          "is only supported as the bias of a MatMul",
        );
      }
      last.bias = last.bias.map((v, i) => v + (b.values[i] as number));
    } else if (node.opType === "Gemm") {
      layers.push(gemmLayer(graph, node, width));
      width = layers.at(-1)?.bias.length ?? 0;
    } else if (node.opType === "Relu") {
      const last = layers.at(-1);
      if (last?.activation !== "none")
        throw new UnsupportedOperatorError(node.name, "Relu", "", "must follow a dense layer");
      last.activation = "relu";
    } else if (node.opType === "Softmax") {
      if (new Attributes(node).int("axis", -1) !== 1 && new Attributes(node).int("axis", -1) !== -1) {
        throw new InvalidModelError(node.name, "Softmax must run over the class axis");
      }
      softmax = true;
      classes = width;
    } else {
      throw new UnsupportedOperatorError(node.name, node.opType, node.domain);
    }
    current = node.outputs[0] ?? "";
  }
  if (layers.length === 0) throw new InvalidModelError(graph.name, "the graph has no dense layer");
  return {
    kind: "mlp",
    task: softmax
      ? { type: "classifier", classes: Array.from({ length: classes }, (_, i) => i) }
      : { type: "regressor", targets: width },
    inputs,
    layers,
    postTransform: softmax ? "SOFTMAX" : "NONE",
  };
}

function gemmLayer(graph: OnnxGraph, node: OnnxNode, width: number): DenseLayer {
  const a = new Attributes(node);
  if (a.int("transA", 0) !== 0) throw new InvalidModelError(node.name, "Gemm with transA=1 is not supported");
  const alpha = a.has("alpha") ? (node.attributes.get("alpha")?.f ?? 1) : 1;
  const beta = a.has("beta") ? (node.attributes.get("beta")?.f ?? 1) : 1;
  const w = constantInput(graph, node, 1);
  const transB = a.int("transB", 0) === 1;
  const [rows, cols] = w.dims as [number, number];
  const inDim = transB ? cols : rows;
  const outDim = transB ? rows : cols;
  if (w.dims.length !== 2 || inDim !== width)
    throw new InvalidModelError(node.name, `weight dims [${w.dims}] for width ${width}`);
  const weights = transB
    ? Array.from({ length: outDim }, (_, o) => w.values.slice(o * inDim, (o + 1) * inDim).map((v) => v * alpha))
    : transpose(w.values, inDim, outDim).map((row) => row.map((v) => v * alpha));
  const c = node.inputs[2] ? constantInput(graph, node, 2).values : [];
  const bias = Array.from({ length: outDim }, (_, o) => beta * ((c.length === 1 ? c[0] : c[o]) ?? 0));
  return { weights, bias, activation: "none" };
}

function constantInput(graph: OnnxGraph, node: OnnxNode, index: number): OnnxTensor {
  const name = node.inputs[index] ?? "";
  const t = graph.initializers.get(name);
  if (!t) throw new InvalidModelError(node.name, `input ${index} ("${name}") must be a constant initializer`);
  return t;
}

/** Row-major [rows × cols] → weights[col][row]. */
function transpose(values: number[], rows: number, cols: number): number[][] {
  return Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => values[r * cols + c] as number));
}
