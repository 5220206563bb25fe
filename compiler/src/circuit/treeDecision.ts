import type { TreeLayout } from "@symbiote/circuits/trees";
import { DEFAULT_TREE_SCALES, decodeTreeSignals, TreeCircuitError, type TreeScales } from "@symbiote/circuits/trees";
import type { InputMode } from "@symbiote/sdk";
import { type TreeManifestCircuit, treeShapeOf } from "./treeEntry.ts";

/**
 * One level of a proven decision path. The direction is what the proof shows; the node's feature and threshold come
 * from the model (the operator's, or a model published in the clear), checked against the proof's leaf values.
 */
export interface DecodedTreeStep {
  level: number;
  /** Breadth-first index of the node in the padded tree. */
  node: number;
  /** "right" when x[feature] > threshold, "left" when x[feature] <= threshold. */
  direction: "left" | "right";
  /** With the model: the feature compared, the threshold (raw and as a number) and the source node's id. */
  feature?: number;
  threshold?: bigint;
  thresholdValue?: number;
  /** Null for a node that pads a leaf down to full depth (always left; not part of the model's own path). */
  sourceNodeId?: number | null;
}

/** One tree's part of a proven decision. */
export interface DecodedTreePath {
  /** Position in the circuit's ensemble. */
  tree: number;
  /** With the model: the source tree's id, or null for a tree that pads the ensemble (it adds nothing). */
  sourceTreeId?: number | null;
  steps: DecodedTreeStep[];
  /** The leaf reached among the 2^D leaves, left to right. */
  leaf: number;
  /** With the model: the source leaf's id. */
  sourceLeafId?: number | null;
  /** The leaf's values per column, raw (2^valueFracBits) and as numbers. */
  leafValues: bigint[];
  leafNumbers: number[];
}

/** A tree proof's decision: every tree's path, the scores and the label. */
export interface DecodedTreeDecision {
  circuit: string;
  inputMode: InputMode;
  paths: DecodedTreePath[];
  scores: bigint[];
  scoreNumbers: number[];
  /** The arg-max column, or [score > decision threshold] for a single column. */
  label: number;
  /** Public-input proofs: the features as numbers (2^featureFracBits). */
  features?: number[];
}

export interface DecodeTreeOptions {
  /**
   * The model's scales (compileTreeEnsemble's featureFracBits and valueFracBits). Default: the entry's own lanes
   * (scores for the values, public features for the features), 16 where the entry has none.
   */
  scales?: TreeScales;
  /**
   * The model laid out for the circuit (compileTreeEnsemble's `layout`): adds each step's feature and threshold and
   * the source ids. Refused when its leaves on the proven paths are not the proof's leaf values.
   */
  layout?: TreeLayout;
}

/** The scales an entry's lanes record (treeManifestEntry writes the model's). */
function entryScales(entry: TreeManifestCircuit): TreeScales {
  const lane = (signal: string) => entry.publicSignals.find((s) => s.signal === signal)?.lanes?.[0]?.fracBits;
  return {
    featureFracBits: lane("featureWords[0]") ?? DEFAULT_TREE_SCALES.featureFracBits,
    valueFracBits: lane("scores[0]") ?? DEFAULT_TREE_SCALES.valueFracBits,
  };
}

/**
 * Decodes a tree proof's public signals into its decision: per tree the direction at every level, the leaf and its
 * values, and (given the model) the feature and threshold of every node on the path. Pure: no chain, no files.
 */
export function decodeTreeDecision(
  entry: TreeManifestCircuit,
  signals: readonly bigint[],
  options: DecodeTreeOptions = {},
): DecodedTreeDecision {
  const shape = treeShapeOf(entry);
  const { featureFracBits, valueFracBits } = options.scales ?? entryScales(entry);
  const decoded = decodeTreeSignals(shape, entry.inputMode, signals);
  const layout = options.layout;
  if (layout && JSON.stringify(layout.shape) !== JSON.stringify(shape)) {
    throw new TreeCircuitError(
      `The model is laid out for ${JSON.stringify(layout.shape)}; circuit ${entry.id} is ${JSON.stringify(shape)}.`,
      "Pass the layout compileTreeEnsemble made for this circuit.",
    );
  }
  const number = (raw: bigint, bits: number) => Number(raw) / 2 ** bits;

  const paths = decoded.directions.map((directions, t): DecodedTreePath => {
    const leaf = decoded.leaves[t] as number;
    const leafValues = decoded.leafValues[t] as bigint[];
    const path: DecodedTreePath = {
      tree: t,
      steps: [],
      leaf,
      leafValues,
      leafNumbers: leafValues.map((v) => number(v, valueFracBits)),
    };
    const tree = layout?.trees[t];
    let position = 0;
    directions.forEach((right, level) => {
      const node = 2 ** level - 1 + position;
      const step: DecodedTreeStep = { level, node, direction: right ? "right" : "left" };
      const held = tree?.nodes[node];
      if (tree && held) {
        step.feature = held.feature;
        step.threshold = held.threshold;
        step.thresholdValue = number(held.threshold, featureFracBits);
        step.sourceNodeId = tree.nodeIds[node] ?? null;
      }
      path.steps.push(step);
      position = 2 * position + (right ? 1 : 0);
    });
    if (tree) {
      const modelLeaf = tree.leaves[leaf] ?? [];
      if (modelLeaf.length !== leafValues.length || modelLeaf.some((v, c) => v !== leafValues[c])) {
        throw new TreeCircuitError(
          `Tree ${t}: the model's leaf ${leaf} holds [${modelLeaf.join(", ")}], the proof [${leafValues.join(", ")}].`,
          "The layout is not the model the proof committed to; pass the registered version's own layout.",
        );
      }
      path.sourceTreeId = tree.id;
      path.sourceLeafId = tree.leafIds[leaf] ?? null;
    }
    return path;
  });

  return {
    circuit: entry.id,
    inputMode: entry.inputMode,
    paths,
    scores: decoded.scores,
    scoreNumbers: decoded.scores.map((s) => number(s, valueFracBits)),
    label: decoded.label,
    ...(decoded.features ? { features: decoded.features.map((x) => number(x, featureFracBits)) } : {}),
  };
}
