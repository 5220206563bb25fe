/** How raw scores become the model's outputs; the ONNX-ML post_transform values the compiler supports. */
export type PostTransform = "NONE" | "LOGISTIC" | "SOFTMAX";

/** Classification models carry their class labels; regressors have none. */
export type Task = { type: "classifier"; classes: number[] } | { type: "regressor"; targets: number };

/** scores[o] = Σ_f weights[o][f]·x[f] + bias[o], then the post-transform. */
export interface LinearModel {
  kind: "linear";
  task: Task;
  inputs: number;
  weights: number[][];
  bias: number[];
  postTransform: PostTransform;
}

export interface DenseLayer {
  /** weights[o][i]: output unit o, input unit i. */
  weights: number[][];
  bias: number[];
  activation: "relu" | "none";
}

/** A stack of dense layers; classifiers end in softmax and report the arg-max as the label. */
export interface MlpModel {
  kind: "mlp";
  task: Task;
  inputs: number;
  layers: DenseLayer[];
  postTransform: "NONE" | "SOFTMAX";
}

/** The ONNX-ML comparison a branch node applies as `x[feature] <op> threshold`; true goes to trueId. */
export type BranchMode = "BRANCH_LEQ" | "BRANCH_LT" | "BRANCH_GTE" | "BRANCH_GT" | "BRANCH_EQ" | "BRANCH_NEQ";

export interface BranchNode {
  kind: "branch";
  id: number;
  feature: number;
  threshold: number;
  mode: BranchMode;
  trueId: number;
  falseId: number;
  /** Where a missing (NaN) feature goes. */
  missingTracksTrue: boolean;
}

export interface LeafNode {
  kind: "leaf";
  id: number;
  /** What the leaf adds to each output column (class id or target id). */
  weights: { target: number; weight: number }[];
}

export type TreeNode = BranchNode | LeafNode;

export interface Tree {
  id: number;
  root: number;
  nodes: Map<number, TreeNode>;
}

/**
 * A TreeEnsembleClassifier/Regressor. scores[c] = baseValues[c] + Σ_trees leaf weight for c. `binarySingleColumn`
 * marks binary classifiers whose leaves write column 0 only: sklearn trees and forests put the positive-class
 * probability there (`binaryLayout` "probability", outputs [1 - s, s]); boosted models (sklearn GradientBoosting,
 * XGBoost, LightGBM) put a margin there ("margin", outputs [sigmoid(-s), sigmoid(s)]).
 */
export interface TreeEnsembleModel {
  kind: "treeEnsemble";
  task: Task;
  inputs: number;
  columns: number;
  trees: Tree[];
  baseValues: number[];
  postTransform: PostTransform;
  binarySingleColumn: boolean;
  binaryLayout: "probability" | "margin";
  aggregate: "SUM";
}

export type ModelIR = LinearModel | MlpModel | TreeEnsembleModel;
