import { packWords, VALUE_BITS, VALUE_LANES, VALUE_MAX } from "@symbiote/sdk";
import { TreeCircuitError } from "./treeErrors.ts";
import type { IntegerTreeEnsemble, IntegerTreeNode, TreeLayout } from "./treeModel.ts";
import { treePathLanes, treeScoreBits, treeScoreLanes } from "./treeShape.ts";

/** One level of a tree's decision path, as the circuit proves it. */
export interface TreeStep {
  level: number;
  /** Breadth-first index of the node visited in the padded tree. */
  node: number;
  /** The source model's node id, or null for a node that pads a leaf. */
  sourceId: number | null;
  feature: number;
  threshold: bigint;
  /** x[feature]. */
  value: bigint;
  /** x[feature] > threshold. */
  right: boolean;
}

/** One tree's part of a decision: its path, the leaf reached and that leaf's values. */
export interface TreeDecision {
  /** The source tree's id, or null for a tree that pads the ensemble. */
  tree: number | null;
  steps: TreeStep[];
  /** The leaf's index among the 2^D leaves, left to right: the directions read as binary, root first. */
  leaf: number;
  leafId: number | null;
  values: bigint[];
}

/** Everything the circuit outputs for one input, unpacked and packed. */
export interface TreeEnsembleOutput {
  decisions: TreeDecision[];
  /** Base values plus the leaf values, per column (16 fractional bits). */
  scores: bigint[];
  /** The arg-max column (lowest on a tie), or [score > decisionThreshold] with one column. */
  label: number;
  pathWords: bigint[];
  leafWords: bigint[];
  scoreWords: bigint[];
}

/** Refuses features the circuit would refuse: a wrong count or a value outside ±(2^23 - 1). */
export function assertTreeFeatures(features: readonly bigint[], count: number): void {
  if (features.length !== count) {
    throw new TreeCircuitError(`Expected ${count} features, got ${features.length}.`, "Pass one value per feature.");
  }
  features.forEach((x, i) => {
    if (x > VALUE_MAX || x < -VALUE_MAX) {
      throw new TreeCircuitError(
        `Feature ${i} is ${x}, outside the fixed-point range ±${VALUE_MAX}.`,
        "Quantise features as round(x * 2^16) and keep them within ±128.",
      );
    }
  });
}

/** The label rule of the circuit. */
export function treeLabel(scores: readonly bigint[], decisionThreshold: bigint): number {
  if (scores.length === 1) return (scores[0] as bigint) > decisionThreshold ? 1 : 0;
  let best = 0;
  scores.forEach((s, c) => {
    if (s > (scores[best] as bigint)) best = c;
  });
  return best;
}

/** Exactly what the tree circuit computes for a laid-out ensemble and raw features. */
export function evaluateTreeLayout(layout: TreeLayout, features: readonly bigint[]): TreeEnsembleOutput {
  const { depth, trees } = layout.shape;
  assertTreeFeatures(features, layout.shape.features);
  const decisions = layout.trees.map((tree): TreeDecision => {
    const steps: TreeStep[] = [];
    let position = 0;
    for (let level = 0; level < depth; level++) {
      const node = 2 ** level - 1 + position;
      const { feature, threshold } = tree.nodes[node] as { feature: number; threshold: bigint };
      const value = features[feature] as bigint;
      const right = value > threshold;
      steps.push({ level, node, sourceId: tree.nodeIds[node] ?? null, feature, threshold, value, right });
      position = 2 * position + (right ? 1 : 0);
    }
    return {
      tree: tree.id,
      steps,
      leaf: position,
      leafId: tree.leafIds[position] ?? null,
      values: [...(tree.leaves[position] as bigint[])],
    };
  });
  const scores = layout.baseValues.map((base, c) => decisions.reduce((sum, d) => sum + (d.values[c] as bigint), base));
  const perWord = treePathLanes(depth);
  const pathWords: bigint[] = new Array(Math.ceil(trees / perWord)).fill(0n);
  decisions.forEach((d, t) => {
    const w = Math.floor(t / perWord);
    pathWords[w] = (pathWords[w] as bigint) | (BigInt(d.leaf) << BigInt(depth * (t % perWord)));
  });
  return {
    decisions,
    scores,
    label: treeLabel(scores, layout.decisionThreshold),
    pathWords,
    leafWords: packWords(
      decisions.flatMap((d) => d.values),
      VALUE_BITS,
      VALUE_LANES,
    ),
    scoreWords: packWords(scores, treeScoreBits(trees), treeScoreLanes(trees)),
  };
}

/** One tree's walk through the source model: the source node ids visited and the leaf reached. */
export interface SourceDecision {
  tree: number;
  path: number[];
  leafId: number;
  values: bigint[];
}

/**
 * Evaluates the source integer model directly, each branch with its own mode and unclamped threshold: the ground
 * truth that layoutTreeEnsemble must preserve.
 */
export function evaluateIntegerTrees(
  model: IntegerTreeEnsemble,
  features: readonly bigint[],
): { decisions: SourceDecision[]; scores: bigint[]; label: number } {
  assertTreeFeatures(features, model.features);
  const decisions = model.trees.map((tree): SourceDecision => {
    const path: number[] = [];
    let node = tree.nodes.get(tree.root) as IntegerTreeNode;
    while (node.kind === "branch") {
      path.push(node.id);
      const x = features[node.feature] as bigint;
      const t = node.threshold;
      const holds =
        node.mode === "BRANCH_LEQ"
          ? x <= t
          : node.mode === "BRANCH_LT"
            ? x < t
            : node.mode === "BRANCH_GTE"
              ? x >= t
              : x > t;
      node = tree.nodes.get(holds ? node.trueId : node.falseId) as IntegerTreeNode;
    }
    return { tree: tree.id, path, leafId: node.id, values: [...node.values] };
  });
  const scores = model.baseValues.map((base, c) => decisions.reduce((sum, d) => sum + (d.values[c] as bigint), base));
  return { decisions, scores, label: treeLabel(scores, model.decisionThreshold) };
}
