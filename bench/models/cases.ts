/**
 * The model grid of `npm run bench:models`: for each case a model of the exact shape with seeded random weights,
 * exported to ONNX as the common exporters write it (sklearn's LinearClassifier, PyTorch's Gemm/Relu chain,
 * a boosted TreeEnsembleClassifier), and held-out rows to measure agreement with onnxruntime-node on.
 */
import { type DenseLayerSpec, writeDenseModel, writeMlModel } from "@symbiote/compiler";

export type ModelKind = "logistic" | "mlp" | "trees";

export interface BenchCase {
  /** `<kind>-<shape>`: logistic-64, mlp-64x128x10, trees-50x6x32. */
  name: string;
  kind: ModelKind;
  /** logistic: [features]; mlp: widths; trees: [trees, depth, features]. */
  shape: number[];
  /** The weights as constants of a per-version circuit instead of committed private inputs (MLPs, trees). */
  baked?: boolean;
  /** With baked weights, also prove gradient x input of the predicted logit per feature. */
  attribution?: boolean;
}

export interface BenchModel {
  onnx: Uint8Array;
  rows: number[][];
  /** The float parameters (dense layers) where a third-party circuit of the same network needs them. */
  layers?: DenseLayerSpec[];
}

/** Rows of held-out features per case: enough to see a disagreement rate of a few percent. */
export const HELD_OUT_ROWS = 64;

export const GRID: BenchCase[] = [
  { name: "logistic-16", kind: "logistic", shape: [16] },
  { name: "logistic-32", kind: "logistic", shape: [32] },
  { name: "logistic-64", kind: "logistic", shape: [64] },
  { name: "logistic-16-baked", kind: "logistic", shape: [16], baked: true },
  { name: "logistic-32-baked", kind: "logistic", shape: [32], baked: true },
  { name: "logistic-64-baked", kind: "logistic", shape: [64], baked: true },
  { name: "mlp-16x32x4", kind: "mlp", shape: [16, 32, 4] },
  { name: "mlp-32x64x8", kind: "mlp", shape: [32, 64, 8] },
  { name: "mlp-64x128x10", kind: "mlp", shape: [64, 128, 10] },
  { name: "mlp-16x32x4-baked", kind: "mlp", shape: [16, 32, 4], baked: true },
  { name: "mlp-32x64x8-baked", kind: "mlp", shape: [32, 64, 8], baked: true },
  { name: "mlp-64x128x10-baked", kind: "mlp", shape: [64, 128, 10], baked: true },
  { name: "mlp-16x32x4-baked-attribution", kind: "mlp", shape: [16, 32, 4], baked: true, attribution: true },
  { name: "mlp-64x128x10-baked-attribution", kind: "mlp", shape: [64, 128, 10], baked: true, attribution: true },
  { name: "trees-10x4x32", kind: "trees", shape: [10, 4, 32] },
  { name: "trees-50x6x32", kind: "trees", shape: [50, 6, 32] },
  { name: "trees-100x6x32", kind: "trees", shape: [100, 6, 32] },
  { name: "trees-10x4x32-baked", kind: "trees", shape: [10, 4, 32], baked: true },
  { name: "trees-50x6x32-baked", kind: "trees", shape: [50, 6, 32], baked: true },
  { name: "trees-100x6x32-baked", kind: "trees", shape: [100, 6, 32], baked: true },
];

/** A small deterministic generator (LCG): the same case always gets the same model and rows. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const seedOf = (name: string) => [...name].reduce((a, c) => Math.imul(a, 31) + c.charCodeAt(0), 17);

/** Float32-exact values in [-a, a): what onnxruntime reads is what the circuit quantises. */
const uniform = (r: () => number, a: number) => Math.fround((r() * 2 - 1) * a);

/** Builds a case's ONNX model and held-out rows (features in [-2, 2)). */
export function buildModel(c: BenchCase): BenchModel {
  // a baked case proves the same model as its committed-weights case
  const r = seeded(seedOf(c.name.replace(/-baked(-attribution)?$/, "")));
  const features = c.kind === "trees" ? (c.shape[2] as number) : (c.shape[0] as number);
  const rows = Array.from({ length: HELD_OUT_ROWS }, () => Array.from({ length: features }, () => uniform(r, 2)));
  if (c.kind === "logistic") return { onnx: logistic(r, features), rows };
  if (c.kind === "mlp") {
    const layers = denseLayers(r, c.shape);
    return { onnx: writeDenseModel(layers), rows, layers };
  }
  return { onnx: boostedTrees(r, c.shape[0] as number, c.shape[1] as number, features), rows };
}

/** sklearn's binary LogisticRegression: mirrored rows (-w, w), LOGISTIC post-transform. */
function logistic(r: () => number, n: number): Uint8Array {
  const w = Array.from({ length: n }, () => uniform(r, 1 / Math.sqrt(n)) * 4);
  const b = uniform(r, 0.5);
  return writeMlModel("LinearClassifier", n, 2, [
    { name: "coefficients", floats: [...w.map((v) => -v), ...w] },
    { name: "intercepts", floats: [-b, b] },
    { name: "classlabels_ints", ints: [0, 1] },
    { name: "multi_class", i: 0 },
    { name: "post_transform", s: "LOGISTIC" },
  ]);
}

/** Dense layers with He-like scales (|w| well inside the compact weight range), ReLU between them. */
function denseLayers(r: () => number, widths: number[]): DenseLayerSpec[] {
  return widths.slice(1).map((out, l) => {
    const fanIn = widths[l] as number;
    const scale = Math.sqrt(6 / fanIn);
    return {
      weights: Array.from({ length: out }, () => Array.from({ length: fanIn }, () => uniform(r, scale))),
      bias: Array.from({ length: out }, () => uniform(r, 0.1)),
      relu: l < widths.length - 2,
    };
  });
}

/**
 * A gradient-boosted binary classifier as onnxmltools writes XGBoost/LightGBM: full-depth trees of BRANCH_LEQ
 * splits on random features, signed leaf margins in one column, LOGISTIC post-transform.
 */
function boostedTrees(r: () => number, trees: number, depth: number, features: number): Uint8Array {
  const n = { treeids: [] as number[], nodeids: [] as number[], featureids: [] as number[], values: [] as number[] };
  const modes: string[] = [];
  const t: number[] = [];
  const f: number[] = [];
  const leaf = { treeids: [] as number[], nodeids: [] as number[], ids: [] as number[], weights: [] as number[] };
  const inner = 2 ** depth - 1;
  for (let tree = 0; tree < trees; tree++) {
    for (let id = 0; id < 2 * inner + 1; id++) {
      const isLeaf = id >= inner;
      n.treeids.push(tree);
      n.nodeids.push(id);
      n.featureids.push(isLeaf ? 0 : Math.floor(r() * features));
      n.values.push(isLeaf ? 0 : uniform(r, 1.5));
      modes.push(isLeaf ? "LEAF" : "BRANCH_LEQ");
      t.push(isLeaf ? 0 : 2 * id + 1);
      f.push(isLeaf ? 0 : 2 * id + 2);
      if (isLeaf) {
        leaf.treeids.push(tree);
        leaf.nodeids.push(id);
        leaf.ids.push(0);
        leaf.weights.push(uniform(r, 0.3));
      }
    }
  }
  return writeMlModel("TreeEnsembleClassifier", features, 2, [
    { name: "nodes_treeids", ints: n.treeids },
    { name: "nodes_nodeids", ints: n.nodeids },
    { name: "nodes_featureids", ints: n.featureids },
    { name: "nodes_values", floats: n.values },
    { name: "nodes_modes", strings: modes },
    { name: "nodes_truenodeids", ints: t },
    { name: "nodes_falsenodeids", ints: f },
    { name: "nodes_missing_value_tracks_true", ints: modes.map(() => 0) },
    { name: "class_treeids", ints: leaf.treeids },
    { name: "class_nodeids", ints: leaf.nodeids },
    { name: "class_ids", ints: leaf.ids },
    { name: "class_weights", floats: leaf.weights },
    { name: "classlabels_int64s", ints: [0, 1] },
    { name: "post_transform", s: "LOGISTIC" },
  ]);
}
