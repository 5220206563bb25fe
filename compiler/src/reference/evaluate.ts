import { CompilerError } from "../errors.ts";
import type { BranchMode, LinearModel, MlpModel, ModelIR, PostTransform, TreeEnsembleModel } from "../ir/model.ts";

/** One node on a tree's decision path: the test made and which way it went. */
export interface PathStep {
  node: number;
  feature: number;
  threshold: number;
  mode: BranchMode;
  value: number;
  wentTrue: boolean;
}

/** The "logic path" of one tree for one input: every node visited and the leaf reached. */
export interface TreePath {
  tree: number;
  steps: PathStep[];
  leaf: number;
  leafWeights: { target: number; weight: number }[];
}

export interface Evaluation {
  /** Raw scores before the post-transform (per output column). */
  raw: number[];
  /** The model's outputs: probabilities for classifiers, predictions for regressors. */
  scores: number[];
  /** Arg-max class label for classifiers (first maximum wins, as onnxruntime does); null for regressors. */
  label: number | null;
  /** Tree models only: one path per tree, in the ensemble's order. */
  paths?: TreePath[];
}

/** Evaluates the IR in double precision on one feature vector. */
export function evaluate(model: ModelIR, x: readonly number[]): Evaluation {
  if (x.length !== model.inputs) throw new CompilerError(`Expected ${model.inputs} features, got ${x.length}.`);
  if (model.kind === "linear") return finish(model, evaluateLinear(model, x));
  if (model.kind === "mlp") return finish(model, evaluateMlp(model, x));
  const { raw, paths } = evaluateTrees(model, x);
  return { ...finish(model, raw), paths };
}

function evaluateLinear(model: LinearModel, x: readonly number[]): number[] {
  return model.weights.map((row, o) => dot(row, x) + (model.bias[o] as number));
}

function evaluateMlp(model: MlpModel, x: readonly number[]): number[] {
  let h: readonly number[] = x;
  for (const layer of model.layers) {
    const z = layer.weights.map((row, o) => dot(row, h) + (layer.bias[o] as number));
    h = layer.activation === "relu" ? z.map((v) => Math.max(0, v)) : z;
  }
  return [...h];
}

function evaluateTrees(model: TreeEnsembleModel, x: readonly number[]): { raw: number[]; paths: TreePath[] } {
  const raw = [...model.baseValues];
  const paths = model.trees.map((tree) => {
    const steps: PathStep[] = [];
    let node = tree.nodes.get(tree.root);
    // Import checked every child exists and has one parent, so this walk ends within the node count.
    while (node && node.kind === "branch") {
      const value = x[node.feature] as number;
      // As onnxruntime: the comparison, or a missing value sent to the true branch (NaN != t already holds).
      const wentTrue = compare(node.mode, value, node.threshold) || (Number.isNaN(value) && node.missingTracksTrue);
      steps.push({ node: node.id, feature: node.feature, threshold: node.threshold, mode: node.mode, value, wentTrue });
      node = tree.nodes.get(wentTrue ? node.trueId : node.falseId);
    }
    if (!node) throw new CompilerError(`Tree ${tree.id} has a dangling child.`);
    for (const { target, weight } of node.weights) raw[target] = (raw[target] ?? 0) + weight;
    return { tree: tree.id, steps, leaf: node.id, leafWeights: node.weights };
  });
  if (model.binarySingleColumn) {
    const s = raw[0] as number;
    return { raw: model.binaryLayout === "probability" ? [1 - s, s] : [-s, s], paths };
  }
  return { raw, paths };
}

export function compare(mode: BranchMode, v: number, t: number): boolean {
  switch (mode) {
    case "BRANCH_LEQ":
      return v <= t;
    case "BRANCH_LT":
      return v < t;
    case "BRANCH_GTE":
      return v >= t;
    case "BRANCH_GT":
      return v > t;
    case "BRANCH_EQ":
      return v === t;
    case "BRANCH_NEQ":
      return v !== t;
  }
}

function finish(model: ModelIR, raw: number[]): Evaluation {
  const scores = applyPostTransform(model.postTransform, raw);
  const label = model.task.type === "classifier" ? (model.task.classes[argMax(scores)] ?? null) : null;
  return { raw, scores, label };
}

export function applyPostTransform(post: PostTransform, raw: readonly number[]): number[] {
  if (post === "LOGISTIC") return raw.map((v) => 1 / (1 + Math.exp(-v)));
  if (post === "SOFTMAX") {
    const m = Math.max(...raw);
    const e = raw.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }
  return [...raw];
}

export function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
