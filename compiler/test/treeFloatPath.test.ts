import type { TreeEnsembleShape } from "@symbiote/circuits";
import {
  commitTreeEnsemble,
  decodeTreeSignals,
  evaluateIntegerTrees,
  type IntegerTreeEnsemble,
  layoutTreeEnsemble,
  type TreeLayout,
  treeEnsembleCircuitCall,
} from "@symbiote/circuits";
import { beforeAll, describe, expect, it } from "vitest";
import type { BranchMode, TreeEnsembleModel, TreeNode } from "../src/ir/model.ts";
import { quantizeTreeEnsemble, quantizeTreeFeatures } from "../src/quantize/trees.ts";
import { compare, evaluate, type TreePath } from "../src/reference/evaluate.ts";
import { type CompiledTree, compileTreeCircuit, rng } from "./treeHelpers.ts";

/**
 * The decision path the circuit proves is the float model's (compiler/src/reference/evaluate.ts) whenever quantisation
 * flips no comparison: always for inputs on the 2^-16 grid, and for other inputs up to the first node where the
 * quantised comparison differs from the float one. Checked on the witness of a compiled circuit for random float
 * ensembles (every comparison mode); treeCompile.test.ts checks the tree fixtures trained in Python.
 */

/** The default feature grid: 2^-16. */
const SCALE = 2 ** 16;

const MODES: BranchMode[] = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"];

/** A random float ensemble within `shape`: thresholds on a coarse grid (inputs hit them) or anywhere. */
function randomFloatEnsemble(seed: number, shape: TreeEnsembleShape): TreeEnsembleModel {
  const r = rng(seed);
  const grid = [-1.5, -0.5, 0, 0.25, 1, 2];
  const trees = Array.from({ length: 1 + Math.floor(r() * shape.trees) }, (_, t) => {
    const nodes = new Map<number, TreeNode>();
    let next = 0;
    const grow = (depth: number): number => {
      const id = next++;
      if (depth === 0 || r() < 0.2) {
        const weights = Array.from({ length: shape.columns }, (_, target) => ({ target, weight: r() * 4 - 2 }));
        nodes.set(id, { kind: "leaf", id, weights });
        return id;
      }
      const node = {
        kind: "branch" as const,
        id,
        feature: Math.floor(r() * shape.features),
        threshold: r() < 0.5 ? (grid[Math.floor(r() * grid.length)] as number) : Math.fround(r() * 4 - 2),
        mode: MODES[Math.floor(r() * MODES.length)] as BranchMode,
        trueId: -1,
        falseId: -1,
        missingTracksTrue: false,
      };
      nodes.set(id, node);
      node.trueId = grow(depth - 1);
      node.falseId = grow(depth - 1);
      return id;
    };
    return { id: t, root: grow(shape.depth), nodes };
  });
  return {
    kind: "treeEnsemble",
    task: { type: "classifier", classes: Array.from({ length: shape.columns }, (_, c) => c) },
    inputs: shape.features,
    columns: shape.columns,
    trees,
    baseValues: Array.from({ length: shape.columns }, () => r() - 0.5),
    postTransform: "NONE",
    binarySingleColumn: false,
    binaryLayout: "probability",
    aggregate: "SUM",
  };
}

/** The float path's node ids and leaf, as the circuit's path reads back through the layout. */
function floatPath(path: TreePath): number[] {
  return [...path.steps.map((s) => s.node), path.leaf];
}

/** The source node ids and leaf a proof's path stands for: its leaf index read back through the padded layout. */
function provenPath(layout: TreeLayout, tree: number, leaf: number): number[] {
  const padded = layout.trees[tree];
  if (!padded) throw new Error(`no tree ${tree}`);
  const { depth } = layout.shape;
  const ids: number[] = [];
  for (let level = 0; level < depth; level++) {
    const id = padded.nodeIds[2 ** level - 1 + (leaf >> (depth - level))];
    if (id !== null && id !== undefined) ids.push(id);
  }
  return [...ids, padded.leafIds[leaf] as number];
}

type Outcome = "same" | "flipped";

/**
 * Compares a tree's proven path with the float path: identical, or diverging right after a node where the float and
 * the quantised comparisons disagree. Anything else fails the test.
 */
function comparePaths(
  model: TreeEnsembleModel,
  integer: IntegerTreeEnsemble,
  tree: number,
  x: readonly number[],
  xq: readonly bigint[],
  proven: number[],
  float: number[],
): Outcome {
  if (proven.join() === float.join()) return "same";
  let i = 0;
  while (proven[i] === float[i]) i++;
  const id = float[i - 1] as number;
  const node = model.trees[tree]?.nodes.get(id);
  const quantised = integer.trees[tree]?.nodes.get(id);
  if (node?.kind !== "branch" || quantised?.kind !== "branch") throw new Error(`paths part at ${id}, not a branch`);
  const floatSays = compare(node.mode, x[node.feature] as number, node.threshold);
  const integerSays = compare(node.mode, Number(xq[node.feature]), Number(quantised.threshold));
  expect(floatSays, `tree ${tree}: the paths part at node ${id} without a flipped comparison`).not.toBe(integerSays);
  return "flipped";
}

/** Runs rows through a compiled circuit and checks every tree's proven path against the float path. */
function checkRows(
  circuit: CompiledTree,
  shape: TreeEnsembleShape,
  model: TreeEnsembleModel,
  rows: number[][],
): Record<Outcome, number> & { onGrid: number } {
  const integer = quantizeTreeEnsemble(model);
  const layout = layoutTreeEnsemble(integer, shape);
  const committed = commitTreeEnsemble(layout, 1n);
  const counts = { same: 0, flipped: 0, onGrid: 0 };
  for (const x of rows) {
    const xq = quantizeTreeFeatures(x, 16);
    const call = treeEnsembleCircuitCall(
      "committed",
      layout,
      xq,
      { binding: 1n, weightsSalt: 1n, inputSalt: 2n },
      committed,
    );
    const witness = circuit.witness.calculate(call.input);
    const decoded = decodeTreeSignals(shape, "committed", witness.slice(1, 1 + call.publicSignals.length));
    const float = evaluate(model, x).paths ?? [];
    const onGrid = x.every((v) => Number.isInteger(v * SCALE));
    float.forEach((path, t) => {
      const outcome = comparePaths(
        model,
        integer,
        t,
        x,
        xq,
        provenPath(layout, t, decoded.leaves[t] as number),
        floatPath(path),
      );
      if (onGrid) expect(outcome, "an input on the 2^-16 grid flips no comparison").toBe("same");
      counts[outcome]++;
    });
    // the circuit's leaves are the integer model's own
    expect(decoded.leafValues.slice(0, float.length)).toEqual(
      evaluateIntegerTrees(integer, xq).decisions.map((d) => d.values),
    );
    if (onGrid) counts.onGrid++;
  }
  return counts;
}

describe("proven decision paths = float paths (random ensembles, every mode)", () => {
  const shape = { trees: 3, depth: 3, features: 4, columns: 3 };
  let circuit: CompiledTree;
  beforeAll(async () => {
    circuit = await compileTreeCircuit(shape, "committed", "treeFloatPath");
  });

  it("holds on 30 random ensembles x 12 inputs, on and off the 2^-16 grid", () => {
    const totals = { same: 0, flipped: 0, onGrid: 0 };
    for (let seed = 1; seed <= 30; seed++) {
      const model = randomFloatEnsemble(seed, shape);
      const r = rng(1000 + seed);
      const grid = [-1.5, -0.5, 0, 0.25, 1, 2];
      const thresholds = model.trees.flatMap((tree) =>
        [...tree.nodes.values()].flatMap((node) => (node.kind === "branch" ? [node.threshold] : [])),
      );
      const rows = Array.from({ length: 12 }, (_, i) =>
        Array.from({ length: shape.features }, () => {
          // on the grid: grid thresholds and their neighbours; off the grid: anywhere, or within 2^-18 of a threshold
          // (where rounding the input can flip a comparison)
          const g = grid[Math.floor(r() * grid.length)] as number;
          if (i % 4 === 0) return g;
          if (i % 4 === 1) return g + (r() < 0.5 ? 1 : -1) / SCALE;
          if (i % 4 === 2) return r() * 4 - 2;
          const t = thresholds[Math.floor(r() * thresholds.length)] ?? 0;
          return t + (r() < 0.5 ? 1 : -1) / (4 * SCALE);
        }),
      );
      const counts = checkRows(circuit, shape, model, rows);
      totals.same += counts.same;
      totals.flipped += counts.flipped;
      totals.onGrid += counts.onGrid;
    }
    expect(totals.onGrid).toBeGreaterThanOrEqual(180);
    // flips need an input within 2^-16 of a threshold off the grid: some of the rows placed there flip one
    expect(totals.flipped).toBeGreaterThan(0);
    expect(totals.flipped).toBeLessThan(totals.same / 10);
  });
});
