import { VALUE_MAX } from "@symbiote/sdk";
import { TreeCircuitError } from "./treeErrors.ts";
import { assertTreeShape, TREE_THRESHOLD_MIN, type TreeEnsembleShape } from "./treeShape.ts";

/**
 * The integer tree ensemble the tree circuit takes: a quantised TreeEnsembleModel (compiler/src/ir/model.ts).
 *
 * Scales. Every number is a raw fixed-point integer with 16 fractional bits, the format of every circuit value
 * (docs/circuits.md, "Fixed point"): features raw = round(x * 2^16) within ±(2^23 - 1); thresholds at the features'
 * scale; leaf values, base values and the decision threshold raw = round(v * 2^16) within ±(2^23 - 1).
 *
 * Comparisons are made on the raw integers, as `x[feature] <mode> threshold` with the branch's own mode, so the
 * quantiser picks the integer threshold that keeps each comparison exact on quantised inputs (for a feature grid of
 * 2^-16: floor(t * 2^16) for LEQ and GT, ceil(t * 2^16) for LT and GTE). Thresholds may lie anywhere: the circuit's
 * layout clamps them to [-2^23, 2^23 - 1], which changes no comparison with an in-range feature.
 */
export interface IntegerTreeEnsemble {
  /** F: the model's input features; branches read x[0..F). */
  features: number;
  /** C: output columns; every leaf holds C values. */
  columns: number;
  trees: IntegerTree[];
  /** C values added to the leaf sums. */
  baseValues: bigint[];
  /**
   * With one column, the label is [score > decisionThreshold] (for a binary classifier's single score column:
   * 0.5 * 2^16 when it holds a probability, 0 when it holds a margin). Must be 0 when C > 1 (the label is then the
   * arg-max column).
   */
  decisionThreshold: bigint;
}

/** The comparisons the circuit evaluates; EQ and NEQ (categorical splits) have no single-comparison form. */
export type IntegerBranchMode = "BRANCH_LEQ" | "BRANCH_LT" | "BRANCH_GTE" | "BRANCH_GT";

export interface IntegerBranch {
  kind: "branch";
  id: number;
  feature: number;
  threshold: bigint;
  mode: IntegerBranchMode;
  /** Taken when `x[feature] <mode> threshold` holds. */
  trueId: number;
  falseId: number;
}

export interface IntegerLeaf {
  kind: "leaf";
  id: number;
  /** What the leaf adds to each of the C columns (zeros where the tree writes nothing). */
  values: bigint[];
}

export type IntegerTreeNode = IntegerBranch | IntegerLeaf;

export interface IntegerTree {
  id: number;
  root: number;
  nodes: ReadonlyMap<number, IntegerTreeNode>;
}

/**
 * One tree as the circuit holds it: full depth D, breadth first. Node n's children are 2n + 1 (left: taken when
 * x[feature] <= threshold) and 2n + 2 (right); leaf i is the i-th of the 2^D leaves from the left, reached by the
 * directions whose binary digits (root first) make i.
 */
export interface PaddedTree {
  /** The source tree's id, or null for a tree added to reach the shape's tree count. */
  id: number | null;
  /** 2^D - 1 nodes; thresholds clamped to [-2^23, 2^23 - 1]. */
  nodes: { feature: number; threshold: bigint }[];
  /** 2^D leaves of C values. */
  leaves: bigint[][];
  /** The source node id at each node position, or null where the node pads a leaf down to depth D. */
  nodeIds: (number | null)[];
  /** The source leaf id at each leaf position (every leaf under a padded node carries its leaf's id). */
  leafIds: (number | null)[];
}

/** An ensemble laid out for one circuit shape. */
export interface TreeLayout {
  shape: TreeEnsembleShape;
  trees: PaddedTree[];
  baseValues: bigint[];
  decisionThreshold: bigint;
}

/**
 * A node that pads a leaf down to depth D: feature 0, threshold 2^23 - 1. Every feature is at most 2^23 - 1, so every
 * input goes left: the padded path is all zeros under the leaf, and every leaf below holds the leaf's values.
 */
export const PADDING_NODE = { feature: 0, threshold: VALUE_MAX } as const;

/** The depth of a tree (a lone leaf has depth 0), refusing cycles, dangling children and shared nodes. */
export function treeDepth(tree: IntegerTree): number {
  const seen = new Set<number>();
  const walk = (id: number, depth: number, path: string): number => {
    const node = tree.nodes.get(id);
    if (!node)
      throw new TreeCircuitError(`Tree ${tree.id}: node ${id} (${path}) does not exist.`, "Re-export the model.");
    if (seen.has(id))
      throw new TreeCircuitError(`Tree ${tree.id}: node ${id} is reached twice.`, "A tree must not share nodes.");
    seen.add(id);
    if (node.kind === "leaf") return depth;
    return Math.max(
      walk(node.trueId, depth + 1, `true child of ${id}`),
      walk(node.falseId, depth + 1, `false child of ${id}`),
    );
  };
  return walk(tree.root, 0, "root");
}

/** The smallest shape that holds a model: its trees, its deepest tree (at least 1), its features and columns. */
export function treeEnsembleShape(model: IntegerTreeEnsemble): TreeEnsembleShape {
  const depth = Math.max(1, ...model.trees.map(treeDepth));
  return { trees: model.trees.length, depth, features: model.features, columns: model.columns };
}

function assertValue(value: bigint, label: string): void {
  if (value > VALUE_MAX || value < -VALUE_MAX) {
    throw new TreeCircuitError(
      `${label} is ${value}, outside the fixed-point range ±${VALUE_MAX} (±128 at scale 2^16).`,
      "Rescale the model's outputs (for example divide the leaf values and base values by a power of two) so every value fits.",
    );
  }
}

/**
 * Lays a model out for a shape: checks it, turns every branch into `x[feature] <= threshold` goes left (LT t becomes
 * LEQ t - 1; GTE and GT swap their children), clamps thresholds, pads every tree to the shape's depth and adds trees
 * that add nothing (a single zero leaf) up to the shape's tree count. Nothing about the model's outputs changes: the
 * circuit's scores and label are the model's on every in-range input.
 */
export function layoutTreeEnsemble(model: IntegerTreeEnsemble, shape: TreeEnsembleShape): TreeLayout {
  assertTreeShape(shape);
  const { trees, depth, features, columns } = shape;
  if (model.features !== features || model.columns !== columns) {
    throw new TreeCircuitError(
      `The model has ${model.features} features and ${model.columns} columns; the circuit takes ${features} and ${columns}.`,
      "Compile a circuit for the model's own features and columns.",
    );
  }
  if (model.trees.length > trees) {
    throw new TreeCircuitError(
      `The model has ${model.trees.length} trees; the circuit takes at most ${trees}.`,
      "Compile a circuit with at least as many trees as the model.",
    );
  }
  if (model.baseValues.length !== columns) {
    throw new TreeCircuitError(`The model has ${model.baseValues.length} base values for ${columns} columns.`);
  }
  model.baseValues.forEach((v, c) => {
    assertValue(v, `Base value ${c}`);
  });
  assertValue(model.decisionThreshold, "The decision threshold");
  if (columns > 1 && model.decisionThreshold !== 0n) {
    throw new TreeCircuitError(
      "A decision threshold applies to single-column models only.",
      "Set it to 0: with several columns the label is the arg-max column.",
    );
  }

  const padded = model.trees.map((tree) => layoutTree(tree, model, depth));
  const zero = Array.from({ length: columns }, () => 0n);
  while (padded.length < trees) padded.push(fill(depth, { id: null, values: zero }));
  return {
    shape: { ...shape },
    trees: padded,
    baseValues: [...model.baseValues],
    decisionThreshold: model.decisionThreshold,
  };
}

function fill(depth: number, leaf: { id: number | null; values: bigint[] }): PaddedTree {
  const inner = 2 ** depth - 1;
  return {
    id: null,
    nodes: Array.from({ length: inner }, () => ({ ...PADDING_NODE })),
    leaves: Array.from({ length: 2 ** depth }, () => [...leaf.values]),
    nodeIds: Array.from({ length: inner }, () => null),
    leafIds: Array.from({ length: 2 ** depth }, () => leaf.id),
  };
}

function layoutTree(tree: IntegerTree, model: IntegerTreeEnsemble, depth: number): PaddedTree {
  const actual = treeDepth(tree);
  if (actual > depth) {
    throw new TreeCircuitError(
      `Tree ${tree.id} has depth ${actual}; the circuit's trees have depth ${depth}.`,
      "Compile a circuit at least as deep as the model's deepest tree.",
    );
  }
  const out = fill(depth, { id: null, values: [] });
  out.id = tree.id;
  // position p at level l (breadth-first index 2^l - 1 + p)
  const place = (id: number, level: number, position: number): void => {
    const node = tree.nodes.get(id) as IntegerTreeNode;
    if (node.kind === "leaf") {
      if (node.values.length !== model.columns) {
        throw new TreeCircuitError(
          `Tree ${tree.id}, leaf ${id}: ${node.values.length} values for ${model.columns} columns.`,
          "Give every leaf one value per column (0 where it writes nothing).",
        );
      }
      node.values.forEach((v, c) => {
        assertValue(v, `Tree ${tree.id}, leaf ${id}, column ${c}`);
      });
      // the leaf and the padded nodes under it: every leaf below holds its values
      const span = 2 ** (depth - level);
      for (let i = 0; i < span; i++) {
        out.leaves[position * span + i] = [...node.values];
        out.leafIds[position * span + i] = node.id;
      }
      return;
    }
    if (!Number.isInteger(node.feature) || node.feature < 0 || node.feature >= model.features) {
      throw new TreeCircuitError(
        `Tree ${tree.id}, node ${id} reads feature ${node.feature}; the model has ${model.features}.`,
        "Re-export the model.",
      );
    }
    const { threshold, swap } = normalise(node, tree.id);
    const at = 2 ** level - 1 + position;
    out.nodes[at] = { feature: node.feature, threshold: clamp(threshold) };
    out.nodeIds[at] = node.id;
    const [left, right] = swap ? [node.falseId, node.trueId] : [node.trueId, node.falseId];
    place(left, level + 1, 2 * position);
    place(right, level + 1, 2 * position + 1);
  };
  place(tree.root, 0, 0);
  return out;
}

/** `x <mode> t` as `x <= threshold` (left) on integers, with the children swapped for GTE and GT. */
function normalise(node: IntegerBranch, tree: number): { threshold: bigint; swap: boolean } {
  switch (node.mode) {
    case "BRANCH_LEQ":
      return { threshold: node.threshold, swap: false };
    case "BRANCH_LT":
      return { threshold: node.threshold - 1n, swap: false };
    case "BRANCH_GTE":
      // x >= t is not (x <= t - 1)
      return { threshold: node.threshold - 1n, swap: true };
    case "BRANCH_GT":
      return { threshold: node.threshold, swap: true };
    default:
      throw new TreeCircuitError(
        `Tree ${tree}, node ${(node as IntegerBranch).id} uses ${(node as IntegerBranch).mode}, which the tree circuit cannot evaluate.`,
        "Only BRANCH_LEQ, BRANCH_LT, BRANCH_GTE and BRANCH_GT splits are supported; re-export without categorical (EQ/NEQ) splits.",
      );
  }
}

/** Thresholds beyond the feature range decide the same way at the range's edge. */
function clamp(threshold: bigint): bigint {
  if (threshold < TREE_THRESHOLD_MIN) return TREE_THRESHOLD_MIN;
  if (threshold > VALUE_MAX) return VALUE_MAX;
  return threshold;
}
