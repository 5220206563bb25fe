import { InvalidModelError } from "../errors.ts";
import type { BranchMode, Task, TreeEnsembleModel, TreeNode } from "../ir/model.ts";
import { Attributes } from "../onnx/attributes.ts";
import type { OnnxNode } from "../onnx/model.ts";
import { readPostTransform } from "./postTransform.ts";

const MODES: readonly string[] = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];

/**
 * ai.onnx.ml TreeEnsembleClassifier / TreeEnsembleRegressor. Nodes are parallel arrays keyed by (tree id, node id);
 * leaves contribute through class_* (classifier) or target_* (regressor) arrays keyed the same way. Exporters differ:
 * sklearn writes BRANCH_LEQ with per-class leaf probabilities (random forests pre-divided by the tree count), boosted
 * binary models (sklearn GradientBoosting, LightGBM, XGBoost) write one score column and let LOGISTIC make two
 * probabilities; XGBoost writes BRANCH_LT and its base score in base_values.
 */
export function importTreeEnsemble(node: OnnxNode, inputs: number): TreeEnsembleModel {
  const a = new Attributes(node);
  const classifier = node.opType === "TreeEnsembleClassifier";
  const prefix = classifier ? "class" : "target";
  const task: Task = classifier
    ? { type: "classifier", classes: a.ints("classlabels_int64s") }
    : { type: "regressor", targets: a.int("n_targets", 1) };
  if (classifier && a.has("classlabels_strings"))
    throw new InvalidModelError(node.name, "string class labels are not supported");
  if (a.string("aggregate_function", "SUM") !== "SUM")
    throw new InvalidModelError(node.name, "only aggregate_function SUM is supported");
  const columns = task.type === "classifier" ? task.classes.length : task.targets;

  const treeIds = a.ints("nodes_treeids");
  const nodeIds = a.ints("nodes_nodeids");
  const features = a.ints("nodes_featureids");
  const values = a.floats("nodes_values");
  const modes = a.strings("nodes_modes");
  const trueIds = a.ints("nodes_truenodeids");
  const falseIds = a.ints("nodes_falsenodeids");
  const missing = a.ints("nodes_missing_value_tracks_true", new Array(treeIds.length).fill(0));
  const n = treeIds.length;
  for (const [name, arr] of Object.entries({ nodeIds, features, values, modes, trueIds, falseIds, missing })) {
    if (arr.length !== n)
      throw new InvalidModelError(node.name, `nodes_${name} has ${arr.length} entries, nodes_treeids ${n}`);
  }

  const trees = new Map<number, Map<number, TreeNode>>();
  for (let k = 0; k < n; k++) {
    const tree = trees.get(treeIds[k] as number) ?? new Map<number, TreeNode>();
    trees.set(treeIds[k] as number, tree);
    const id = nodeIds[k] as number;
    if (tree.has(id)) throw new InvalidModelError(node.name, `tree ${treeIds[k]} repeats node ${id}`);
    const mode = modes[k] as string;
    if (mode === "LEAF") {
      tree.set(id, { kind: "leaf", id, weights: [] });
    } else if (MODES.includes(mode)) {
      const feature = features[k] as number;
      if (feature < 0 || feature >= inputs)
        throw new InvalidModelError(node.name, `node ${id} reads feature ${feature} of ${inputs}`);
      tree.set(id, {
        kind: "branch",
        id,
        feature,
        threshold: values[k] as number,
        mode: mode as BranchMode,
        trueId: trueIds[k] as number,
        falseId: falseIds[k] as number,
        missingTracksTrue: missing[k] === 1,
      });
    } else throw new InvalidModelError(node.name, `node ${id} of tree ${treeIds[k]} has unknown mode ${mode}`);
  }

  const leafTrees = a.ints(`${prefix}_treeids`);
  const leafNodes = a.ints(`${prefix}_nodeids`);
  const leafTargets = a.ints(`${prefix}_ids`);
  const leafWeights = a.floats(`${prefix}_weights`);
  if (new Set([leafTrees.length, leafNodes.length, leafTargets.length, leafWeights.length]).size !== 1) {
    throw new InvalidModelError(node.name, `${prefix}_* arrays differ in length`);
  }
  for (let k = 0; k < leafTrees.length; k++) {
    const leaf = trees.get(leafTrees[k] as number)?.get(leafNodes[k] as number);
    if (leaf?.kind !== "leaf") {
      throw new InvalidModelError(
        node.name,
        `${prefix} weight ${k} points at tree ${leafTrees[k]} node ${leafNodes[k]}, not a leaf`,
      );
    }
    const target = leafTargets[k] as number;
    if (target < 0 || target >= columns)
      throw new InvalidModelError(node.name, `leaf weight for column ${target} of ${columns}`);
    leaf.weights.push({ target, weight: leafWeights[k] as number });
  }

  const binarySingleColumn = classifier && columns === 2 && leafTargets.every((t) => t === 0);
  const postTransform = readPostTransform(node);
  // onnxruntime expands one binary score s to [1 - s, s] when every leaf weight is non-negative (sklearn trees and
  // forests: s is a probability) and to [-s, s] otherwise (boosted margins), then applies the post-transform. A
  // LOGISTIC model whose margins happen to be all non-negative would get sigmoid(1 - s); refuse it rather than guess.
  const allPositive = leafWeights.every((w) => w >= 0);
  const binaryLayout = allPositive ? "probability" : "margin";
  if (binarySingleColumn && binaryLayout === "probability" && postTransform !== "NONE") {
    throw new InvalidModelError(
      node.name,
      `a binary ensemble with non-negative leaves and post_transform ${postTransform} is ambiguous`,
    );
  }
  if (binarySingleColumn && binaryLayout === "margin" && postTransform !== "LOGISTIC") {
    throw new InvalidModelError(node.name, "a binary ensemble with one margin column needs post_transform LOGISTIC");
  }
  const baseValues = a.floats("base_values", []);
  const scoreColumns = binarySingleColumn ? 1 : columns;
  if (baseValues.length !== 0 && baseValues.length !== scoreColumns) {
    throw new InvalidModelError(node.name, `${baseValues.length} base_values for ${scoreColumns} score columns`);
  }

  return {
    kind: "treeEnsemble",
    task,
    inputs,
    columns,
    trees: [...trees.entries()].map(([id, nodes]) => ({ id, root: findRoot(node.name, id, nodes), nodes })),
    baseValues: baseValues.length > 0 ? baseValues : new Array(scoreColumns).fill(0),
    postTransform,
    binarySingleColumn,
    binaryLayout,
    aggregate: "SUM",
  };
}

/** The root is the one node no branch points at; every child must exist and every node must be reachable once. */
function findRoot(nodeName: string, treeId: number, nodes: Map<number, TreeNode>): number {
  const children = new Set<number>();
  for (const n of nodes.values()) {
    if (n.kind !== "branch") continue;
    for (const c of [n.trueId, n.falseId]) {
      if (!nodes.has(c))
        throw new InvalidModelError(nodeName, `tree ${treeId} node ${n.id} points at missing node ${c}`);
      if (children.has(c)) throw new InvalidModelError(nodeName, `tree ${treeId} node ${c} has two parents`);
      children.add(c);
    }
  }
  const roots = [...nodes.keys()].filter((id) => !children.has(id));
  if (roots.length !== 1) throw new InvalidModelError(nodeName, `tree ${treeId} has ${roots.length} roots`);
  return roots[0] as number;
}
