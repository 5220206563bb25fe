import { type TreeParameters, treeLayoutFromParameters } from "@symbiote/circuits/trees";
import { type CircuitEntry, type CompiledShape, decodeEntryOutputs } from "@symbiote/sdk";

type TreeShape = Extract<CompiledShape, { family: "trees" }>;

/** One level of a proven path as the decision page shows it. */
export type TreeStepView = {
  level: number;
  /** "right" when x[feature] > threshold, "left" when x[feature] <= threshold: what the proof shows. */
  direction: "left" | "right";
  /** From the published trees: the feature's name (the card's, else "feature i") and the threshold as a number. */
  feature?: string;
  threshold?: number;
  /** A node that pads a shallower branch down to the circuit's depth (always left; not part of the model). */
  padding?: boolean;
};

/** One tree of a proven tree-ensemble decision. */
export type TreeView = {
  tree: number;
  steps: TreeStepView[];
  /** The leaf reached (0 .. 2^depth - 1, left to right) and its values per score column. */
  leaf: number;
  leafValues: number[];
  /** A tree that pads the ensemble up to the circuit's tree count (it adds nothing). */
  padding?: boolean;
};

/** A tree ensemble's proven decision: every tree's path and leaf, the scores and the label. */
export type TreePathView = {
  trees: TreeView[];
  scores: number[];
  label: number;
  /**
   * "published": the card publishes the trees and their leaves on the proven paths are the proof's, so every node's
   * feature and threshold is shown; "withheld": the model keeps its trees private, the page shows directions and leaf
   * values only; "mismatch": the card's trees are not the proven model (`mismatch` says where), so none are shown.
   */
  structure: "published" | "withheld" | "mismatch";
  mismatch?: string;
};

/**
 * A tree-ensemble decision for the decision page, from the circuit's manifest entry and the decision's outputs. With
 * the trees the model card publishes (`symbiote-trees/1`, as `npm run model -- compile` writes them), every visited
 * node is labelled with the card's feature name and the threshold in the features' units; the published trees are
 * used only when their leaves on the proven paths hold exactly the proof's leaf values.
 */
export function treePathOf(
  entry: CircuitEntry & { shape: TreeShape },
  outputs: readonly bigint[],
  options: { featureNames?: readonly string[]; published?: TreeParameters } = {},
): TreePathView {
  const decoded = decodeEntryOutputs(entry, outputs);
  if (decoded.family !== "trees") throw new Error(`circuit ${entry.id} is not a tree ensemble`);
  const view: TreePathView = {
    trees: decoded.paths.map((path) => ({
      tree: path.tree,
      steps: path.directions.map((direction, level) => ({ level, direction })),
      leaf: path.leaf,
      leafValues: path.leafValues.map((v) => v.value),
    })),
    scores: decoded.scores.map((s) => s.value),
    label: decoded.label,
    structure: "withheld",
  };
  if (!options.published) return view;
  let published: ReturnType<typeof treeLayoutFromParameters>;
  try {
    published = treeLayoutFromParameters(options.published);
  } catch (error) {
    return { ...view, structure: "mismatch", mismatch: (error as Error).message };
  }
  const { layout, scales } = published;
  const { trees, depth, features, columns } = entry.shape;
  if (
    layout.shape.trees !== trees ||
    layout.shape.depth !== depth ||
    layout.shape.features !== features ||
    layout.shape.columns !== columns
  ) {
    return { ...view, structure: "mismatch", mismatch: `the card's trees are not of circuit ${entry.id}'s shape` };
  }
  for (const path of decoded.paths) {
    const leaf = layout.trees[path.tree]?.leaves[path.leaf] ?? [];
    if (leaf.length !== path.leafValues.length || leaf.some((v, c) => v !== path.leafValues[c]?.raw)) {
      return {
        ...view,
        structure: "mismatch",
        mismatch: `tree ${path.tree}: the card's leaf ${path.leaf} is not the proven one`,
      };
    }
  }
  const names = options.featureNames ?? [];
  const scale = 2 ** scales.featureFracBits;
  return {
    ...view,
    structure: "published",
    trees: view.trees.map((tree) => {
      const held = layout.trees[tree.tree];
      let position = 0;
      const steps = tree.steps.map((step): TreeStepView => {
        const index = 2 ** step.level - 1 + position;
        position = 2 * position + (step.direction === "right" ? 1 : 0);
        const node = held?.nodes[index];
        if (!held || !node) return step;
        if (held.nodeIds[index] === null) return { ...step, padding: true };
        return {
          ...step,
          feature: names[node.feature] ?? `feature ${node.feature}`,
          threshold: Number(node.threshold) / scale,
        };
      });
      return { ...tree, steps, ...(held?.id === null ? { padding: true } : {}) };
    }),
  };
}

/** A step as a sentence: "income > 0.52 → right", or the direction alone when the trees are withheld. */
export function describeStep(step: TreeStepView): string {
  if (step.padding) return "padding node → left";
  if (step.feature === undefined || step.threshold === undefined) return `→ ${step.direction}`;
  const comparison = step.direction === "right" ? ">" : "≤";
  return `${step.feature} ${comparison} ${formatThreshold(step.threshold)} → ${step.direction}`;
}

/** Up to 6 significant digits, no trailing zeros: thresholds are fixed point at 2^-16. */
export function formatThreshold(value: number): string {
  return Number(value.toPrecision(6)).toString();
}
