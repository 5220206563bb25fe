/**
 * The `symbiote-trees/1` parameters of a tree ensemble. Exported through `@symbiote/circuits/trees`: the explorer's
 * page reads the trees a model card publishes with it, so this module and what it imports stay browser-safe
 * (test/explorer/layering.test.ts walks them).
 */
import { TreeCircuitError } from "./treeErrors.ts";
import type { PaddedTree, TreeLayout } from "./treeModel.ts";
import { assertTreeShape, type TreeEnsembleShape } from "./treeShape.ts";
import type { TreeScales } from "./treeSignals.ts";

/**
 * A laid-out tree ensemble as JSON (integers as decimal strings): what the model owner keeps beside the weights salt
 * to prove with the model, and what the node reads back to build witnesses and decode paths.
 */
export interface TreeParameters {
  format: "symbiote-trees/1";
  shape: TreeEnsembleShape;
  scales: TreeScales;
  trees: {
    id: number | null;
    /** Breadth first: [feature, threshold] per node. */
    nodes: [number, string][];
    /** Left to right: C values per leaf. */
    leaves: string[][];
    nodeIds: (number | null)[];
    leafIds: (number | null)[];
  }[];
  baseValues: string[];
  decisionThreshold: string;
}

/** The JSON form of a layout. */
export function treeParameters(layout: TreeLayout, scales: TreeScales): TreeParameters {
  return {
    format: "symbiote-trees/1",
    shape: { ...layout.shape },
    scales: { ...scales },
    trees: layout.trees.map((tree) => ({
      id: tree.id,
      nodes: tree.nodes.map((n): [number, string] => [n.feature, n.threshold.toString()]),
      leaves: tree.leaves.map((values) => values.map(String)),
      nodeIds: [...tree.nodeIds],
      leafIds: [...tree.leafIds],
    })),
    baseValues: layout.baseValues.map(String),
    decisionThreshold: layout.decisionThreshold.toString(),
  };
}

function refuse(reason: string): never {
  throw new TreeCircuitError(`Tree parameters: ${reason}.`, "Use the parameters file compileTreeEnsemble wrote.");
}

/** Reads a layout back from its JSON form, refusing one whose sizes are not its shape's. */
export function treeLayoutFromParameters(p: TreeParameters): { layout: TreeLayout; scales: TreeScales } {
  if (p.format !== "symbiote-trees/1") refuse(`format ${String(p.format)} is not symbiote-trees/1`);
  assertTreeShape(p.shape);
  const { trees, depth, features, columns } = p.shape;
  if (p.trees.length !== trees) refuse(`${p.trees.length} trees for a shape of ${trees}`);
  if (p.baseValues.length !== columns) refuse(`${p.baseValues.length} base values for ${columns} columns`);
  const inner = 2 ** depth - 1;
  const padded = p.trees.map((tree, t): PaddedTree => {
    const sizes = [tree.nodes.length, tree.nodeIds.length, tree.leaves.length - 1, tree.leafIds.length - 1];
    if (sizes.some((n) => n !== inner)) refuse(`tree ${t} is not a full tree of depth ${depth}`);
    if (tree.leaves.some((values) => values.length !== columns))
      refuse(`tree ${t} has a leaf without ${columns} values`);
    if (tree.nodes.some(([f]) => !Number.isInteger(f) || f < 0 || f >= features))
      refuse(`tree ${t} reads a feature outside [0, ${features})`);
    return {
      id: tree.id,
      nodes: tree.nodes.map(([feature, threshold]) => ({ feature, threshold: BigInt(threshold) })),
      leaves: tree.leaves.map((values) => values.map(BigInt)),
      nodeIds: [...tree.nodeIds],
      leafIds: [...tree.leafIds],
    };
  });
  return {
    layout: {
      shape: { ...p.shape },
      trees: padded,
      baseValues: p.baseValues.map(BigInt),
      decisionThreshold: BigInt(p.decisionThreshold),
    },
    scales: { ...p.scales },
  };
}
