import { describe, expect, it } from "vitest";
import { InvalidModelError, OnnxDecodeError, UnsupportedOperatorError } from "../src/errors.ts";
import { importModel, importOnnx } from "../src/import/importModel.ts";
import { decodeModel, type OnnxNode } from "../src/onnx/model.ts";
import { readFixture } from "./fixtures.ts";

function firstNode(name: Parameters<typeof readFixture>[0]) {
  const model = decodeModel(readFixture(name));
  return { model, node: model.graph.nodes[0] as OnnxNode };
}

describe("ONNX import", () => {
  it("decodes the opsets, graph input shape and tree attributes the exporter wrote", () => {
    const { model, node } = firstNode("lightgbm");
    expect(model.opsets.get("ai.onnx.ml")).toBe(3);
    expect(model.graph.inputs[0]?.shape).toEqual([null, 30]);
    expect(node.opType).toBe("TreeEnsembleClassifier");
    expect(node.attributes.get("post_transform")?.s).toBe("LOGISTIC");
    const ir = importOnnx(readFixture("lightgbm"));
    expect(ir.kind === "treeEnsemble" && ir.trees.length).toBe(10);
  });

  it("reads MLP weights as [out][in] with ReLU between layers and softmax at the end", () => {
    const ir = importOnnx(readFixture("mlp"));
    if (ir.kind !== "mlp") throw new Error(`imported as ${ir.kind}`);
    expect(ir.layers.map((l) => [l.weights.length, l.weights[0]?.length, l.activation])).toEqual([
      [32, 16, "relu"],
      [4, 32, "none"],
    ]);
    expect(ir.postTransform).toBe("SOFTMAX");
  });

  it("refuses truncated bytes with the offset", () => {
    const bytes = readFixture("logistic");
    expect(() => importOnnx(bytes.subarray(0, bytes.length - 7))).toThrow(OnnxDecodeError);
    expect(() => importOnnx(new Uint8Array([1, 2, 3]))).toThrow(OnnxDecodeError);
  });

  it("refuses an operator it cannot compile, naming the node and the operator", () => {
    const { model } = firstNode("mlp");
    const relu = model.graph.nodes.find((n) => n.opType === "Relu") as OnnxNode;
    relu.opType = "Sigmoid";
    relu.name = "hidden_activation";
    const err = (() => {
      try {
        importModel(model);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnsupportedOperatorError);
    expect(err).toMatchObject({ nodeName: "hidden_activation", opType: "Sigmoid" });
  });

  it("refuses a post-processing node after an ONNX-ML operator (e.g. ZipMap)", () => {
    const { model, node } = firstNode("logistic");
    model.graph.nodes.push({ ...node, name: "zipmap", opType: "ZipMap", attributes: new Map() });
    expect(() => importModel(model)).toThrow(/Node "zipmap" uses operator ai.onnx.ml.ZipMap/);
  });

  it("refuses post_transform PROBIT rather than approximating it", () => {
    const { model, node } = firstNode("logistic");
    const post = node.attributes.get("post_transform");
    if (post) post.s = "PROBIT";
    expect(() => importModel(model)).toThrow(UnsupportedOperatorError);
  });

  it("refuses a tree whose branch points at a missing node", () => {
    const { model, node } = firstNode("decision_tree");
    const trueIds = node.attributes.get("nodes_truenodeids");
    if (trueIds) trueIds.ints[0] = 999;
    expect(() => importModel(model)).toThrow(InvalidModelError);
    expect(() => importModel(model)).toThrow(/points at missing node 999/);
  });

  it("refuses a branch on a feature the input does not have", () => {
    const { model, node } = firstNode("random_forest");
    const features = node.attributes.get("nodes_featureids");
    if (features) features.ints[0] = 30;
    expect(() => importModel(model)).toThrow(/reads feature 30 of 30/);
  });

  it("refuses linear coefficients that do not match the input width", () => {
    const { model, node } = firstNode("linear");
    node.attributes.get("coefficients")?.floats.pop();
    expect(() => importModel(model)).toThrow(InvalidModelError);
  });
});
