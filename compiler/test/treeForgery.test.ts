import { resolve } from "node:path";
import {
  commitTreeEnsemble,
  type IntegerTree,
  type IntegerTreeEnsemble,
  type IntegerTreeNode,
  layoutTreeEnsemble,
  leafWord,
  nodeDescriptor,
  type TreeEnsembleShape,
  type TreeLayout,
  treeEnsembleCircuitCall,
  treeFeatureBits,
  treeScoreBits,
} from "@symbiote/circuits";
import { FIELD_MODULUS, fromFieldSigned, toField } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import type { WitnessInput } from "../../circuits/src/circuitInput.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { constraintWires, violatedConstraints } from "../../circuits/src/r1cs.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
import { type CompiledTree, compileEntry } from "./treeHelpers.ts";

/**
 * Forged witnesses against TreeEnsembleCore, each presenting the honest model's commitment with a lie in the outputs.
 * The forger computes a fully consistent witness for what the lie needs (another threshold, feature, descriptor, leaf
 * or block) and then puts back every wire the real model fixes: the committed block contents, their hashes and the
 * weights commitment, and whatever selects from them. The only constraints left violated are at the seam, and each
 * test shows they are exactly the check meant to catch that lie.
 */

const CORE_INPUTS = ["features", "nodes", "children", "leaves", "baseValues", "decisionThreshold", "weightsSalt"];
const SALT = 4242n;

type Input = Record<string, unknown>;

/** The harness's input (TreeEnsembleCore's signals) for a laid-out model and an input, optionally rewritten. */
function coreInput(layout: TreeLayout, x: bigint[], rewrite?: (input: Input) => void): WitnessInput {
  const call = treeEnsembleCircuitCall("committed", layout, x, { binding: 1n, weightsSalt: SALT, inputSalt: 1n });
  const input: Input = structuredClone(Object.fromEntries(CORE_INPUTS.map((key) => [key, call.input[key]])));
  rewrite?.(input);
  return input as WitnessInput;
}

/** Selectors ending in "." or "[" are name prefixes; anything else is an exact signal name. */
function selects(selector: string, name: string): boolean {
  return selector.endsWith(".") || selector.endsWith("[") ? name.startsWith(selector) : name === selector;
}

/** The wires of the named signals (eliminated signals have none). */
function wiresOf(circuit: CompiledTree, selectors: string[]): Set<number> {
  const wires = new Set<number>();
  for (const [name, wire] of circuit.wires) if (selectors.some((s) => selects(s, name))) wires.add(wire);
  return wires;
}

/** `forged` with the selected wires taken from `real`. */
function splice(circuit: CompiledTree, forged: bigint[], real: bigint[], selectors: string[]): bigint[] {
  const out = [...forged];
  for (const wire of wiresOf(circuit, selectors)) out[wire] = real[wire] as bigint;
  return out;
}

/** Every violated constraint reads a guard wire, and at least one is violated. */
function expectCaughtOnlyBy(circuit: CompiledTree, witness: bigint[], guards: string[]): void {
  const guard = wiresOf(circuit, guards);
  expect(guard.size).toBeGreaterThan(0);
  const violated = violatedConstraints(circuit.r1cs, witness);
  expect(violated.length).toBeGreaterThan(0);
  for (const index of violated) {
    const reads = [...constraintWires(circuit.r1cs, index)];
    expect(
      reads.some((w) => guard.has(w)),
      `constraint ${index} is violated but reads no guard wire`,
    ).toBe(true);
  }
}

function wire(circuit: CompiledTree, name: string): number {
  const w = circuit.wires.get(name);
  if (w === undefined) throw new Error(`no wire named ${name}`);
  return w;
}

/** The harness's outputs (witness order: paths, leafValues, scores, label, weightsCommitment). */
function outputs(circuit: CompiledTree, witness: bigint[]) {
  const read = (name: string) => witness[wire(circuit, name)] as bigint;
  return {
    paths: read("main.paths[0]"),
    leafValues: read("main.leafValues[0]"),
    scores: read("main.scores[0]"),
    label: read("main.label"),
    weightsCommitment: read("main.weightsCommitment"),
  };
}

/** A full tree from breadth-first [feature, threshold] pairs and its leaves' values, ids offset by `base`. */
function fullTree(base: number, nodes: [number, bigint][], leaves: bigint[][]): IntegerTree {
  const map = new Map<number, IntegerTreeNode>();
  const inner = nodes.length;
  nodes.forEach(([feature, threshold], i) => {
    map.set(base + i, {
      kind: "branch",
      id: base + i,
      feature,
      threshold,
      mode: "BRANCH_LEQ",
      trueId: base + 2 * i + 1,
      falseId: base + 2 * i + 2,
    });
  });
  leaves.forEach((values, i) => {
    map.set(base + inner + i, { kind: "leaf", id: base + inner + i, values });
  });
  return { id: base, root: base, nodes: map };
}

/** A copy of the model with one branch changed. */
function withBranch(model: IntegerTreeEnsemble, id: number, change: { feature?: number; threshold?: bigint }) {
  return {
    ...model,
    trees: model.trees.map((tree) => {
      const node = tree.nodes.get(id);
      if (node?.kind !== "branch") return tree;
      const nodes = new Map(tree.nodes);
      nodes.set(id, { ...node, ...change });
      return { ...tree, nodes };
    }),
  };
}

describe("forged tree witnesses: 3 trees of depth 3 over 4 features, one column", () => {
  const shape: TreeEnsembleShape = { trees: 3, depth: 3, features: 4, columns: 1 };
  const leaves = (scale: bigint) => Array.from({ length: 8 }, (_, i) => [BigInt(i + 1) * scale]);
  // tree 0: x0 <= 0, then x1 <= 100 / x3 <= 0, then x2 <= 5, x2 <= 7, x0 <= 50, x1 <= -3
  const model: IntegerTreeEnsemble = {
    features: 4,
    columns: 1,
    trees: [
      fullTree(
        0,
        [
          [0, 0n],
          [1, 100n],
          [3, 0n],
          [2, 5n],
          [2, 7n],
          [0, 50n],
          [1, -3n],
        ],
        leaves(1000n),
      ),
      fullTree(
        100,
        [
          [2, 0n],
          [3, 10n],
          [1, 0n],
          [0, 0n],
          [0, 3n],
          [2, 9n],
          [3, 1n],
        ],
        leaves(-300n),
      ),
      fullTree(
        200,
        [
          [3, 2n],
          [0, -9n],
          [1, 1n],
          [2, 2n],
          [1, 4n],
          [0, 0n],
          [2, 6n],
        ],
        leaves(70n),
      ),
    ],
    baseValues: [500n],
    decisionThreshold: 2_000n,
  };
  // tree 0 goes left at the root (x0 = -5), left at x1 <= 100 by equality, right at x2 <= 5 (x2 = 10): leaf 1
  const x = [-5n, 100n, 10n, 4n];
  const layout = layoutTreeEnsemble(model, shape);
  let circuit: CompiledTree;
  let honest: bigint[];
  // what fixes the committed model: tree 0's block contents and hash, and the weights commitment
  const committed0 = [
    "main.nodes[0][",
    "main.children[0][",
    "main.tree[0].hash[",
    "main.commit.",
    "main.weightsCommitment",
  ];

  beforeAll(async () => {
    circuit = await compileEntry(resolve(REPO_ROOT, "compiler/test/harness/tree_core_3x3x4x1.circom"), "O1");
    honest = circuit.witness.calculate(coreInput(layout, x));
  });

  it("the honest witness satisfies every constraint and reports the expected path", () => {
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    expect(Number(outputs(circuit, honest).paths & 7n)).toBe(0b001);
    expect(outputs(circuit, honest).weightsCommitment).toBe(commitTreeEnsemble(layout, SALT).weightsCommitment);
  });

  /** The witness of a model with one branch changed, with the real model's commitment and the given wires put back. */
  function forgeFromModel(
    change: { id: number; feature?: number; threshold?: bigint },
    input: bigint[],
    keep: string[],
  ) {
    const real = circuit.witness.calculate(coreInput(layout, input));
    const other = layoutTreeEnsemble(withBranch(model, change.id, change), shape);
    const lie = circuit.witness.calculate(coreInput(other, input));
    return { real, forged: splice(circuit, lie, real, [...committed0, ...keep]) };
  }

  it("refuses the wrong branch at a threshold the feature equals (x1 = 100 <= 100 goes left; the forger says right)", () => {
    // the lie is computed from threshold 99; the real descriptor, its split and its selector are put back
    const { real, forged } = forgeFromModel({ id: 1, threshold: 99n }, x, [
      "main.tree[0].descriptor[0].",
      "main.tree[0].visited[1]",
      "main.tree[0].threshold[1]",
    ]);
    expect(Number(outputs(circuit, forged).paths & 7n)).toBe(0b011);
    expect(outputs(circuit, forged).weightsCommitment).toBe(outputs(circuit, real).weightsCommitment);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].compare[1]."]);
  });

  it("refuses the wrong branch one step past the threshold (x1 = 101 goes right; the forger says left)", () => {
    const { real, forged } = forgeFromModel(
      { id: 1, threshold: 101n },
      [-5n, 101n, 10n, 4n],
      ["main.tree[0].descriptor[0].", "main.tree[0].visited[1]", "main.tree[0].threshold[1]"],
    );
    expect(outputs(circuit, forged).paths & 7n).not.toBe(outputs(circuit, real).paths & 7n);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].compare[1]."]);
  });

  it("refuses a path that skips a node (level 1 decided by node 3, a child of the node it should visit)", () => {
    // the forger moves node 3's descriptor into node 1's place; the committed block keeps node 1
    // node 3 sends x2 = 10 right where node 1 sent x1 = 100 left, and node 4 then sends it right: leaf 3
    const lie = circuit.witness.calculate(
      coreInput(layout, x, (input) => {
        const nodes = input.nodes as bigint[][];
        (nodes[0] as bigint[])[1] = (nodes[0] as bigint[])[3] as bigint;
        (input.leaves as bigint[][])[0] = ((layout.trees[0] as { leaves: bigint[][] }).leaves[3] as bigint[]).map(
          toField,
        );
      }),
    );
    const forged = splice(circuit, lie, honest, committed0);
    expect(Number(outputs(circuit, forged).paths & 7n)).toBe(0b011);
    expect(outputs(circuit, forged).weightsCommitment).toBe(outputs(circuit, honest).weightsCommitment);
    // the level-1 selector (its output is the visited descriptor)
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].descriptor[0].", "main.tree[0].visited[1]"]);
  });

  it("refuses a leaf from another tree (tree 0 claims tree 1's leaf)", () => {
    const reached = Number(outputs(circuit, honest).paths & 7n);
    const tree1 = layout.trees[1]?.leaves[Number((outputs(circuit, honest).paths >> 3n) & 7n)] as bigint[];
    const lie = circuit.witness.calculate(
      coreInput(layout, x, (input) => {
        (input.leaves as bigint[][])[0] = tree1.map(toField);
        ((input.children as bigint[][])[0] as bigint[])[reached] = leafWord(tree1);
      }),
    );
    // the committed block's children and the selection among them are the real ones
    const forged = splice(circuit, lie, honest, [...committed0, "main.tree[0].child[0]."]);
    expect(outputs(circuit, forged).leafValues).not.toBe(outputs(circuit, honest).leafValues);
    expect(outputs(circuit, forged).scores).not.toBe(outputs(circuit, honest).scores);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].leafWord"]);
  });

  it("refuses a wrong selected feature: the index bits say x2, the selector hands over x3", () => {
    // node 3 compares x2 = 10 with 5 (right); with x3 = 4 it would go left
    const { real, forged } = forgeFromModel({ id: 3, feature: 3 }, x, [
      "main.tree[0].descriptor[1].",
      "main.tree[0].visited[2]",
      "main.tree[0].threshold[2]",
      "main.tree[0].featureBits[2][",
    ]);
    expect(outputs(circuit, forged).paths & 7n).not.toBe(outputs(circuit, real).paths & 7n);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].feature[2]."]);
  });

  it("refuses a wrong selected feature: index bits for x3 against a descriptor that names x2", () => {
    const { forged } = forgeFromModel({ id: 3, feature: 3 }, x, [
      "main.tree[0].descriptor[1].",
      "main.tree[0].visited[2]",
      "main.tree[0].threshold[2]",
    ]);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].featureBits[2]["]);
  });

  it("refuses a wrong score: the sum raised by one, every output and the label's sign made consistent", () => {
    const f = [...honest];
    const score = f[wire(circuit, "main.outputs.score[0]")] as bigint;
    f[wire(circuit, "main.outputs.score[0]")] = score + 1n;
    f[wire(circuit, "main.scores[0]")] = (f[wire(circuit, "main.scores[0]")] as bigint) + 1n;
    const sign = [...circuit.wires.keys()].find((n) => /^main\.outputs\.NonNegative[^.]*\.in$/.test(n)) as string;
    const component = sign.slice(0, -".in".length);
    const bits = treeScoreBits(shape.trees) + 1;
    const raised = fromFieldSigned(f[wire(circuit, sign)] as bigint) + 1n;
    const shifted = raised + (1n << BigInt(bits - 1));
    f[wire(circuit, sign)] = toField(raised);
    // the top bit is the label itself (one wire under --O1)
    for (let i = 0; i < bits - 1; i++) f[wire(circuit, `${component}.bits[${i}]`)] = (shifted >> BigInt(i)) & 1n;
    expect((shifted >> BigInt(bits - 1)) & 1n).toBe(honest[wire(circuit, "main.label")]);
    expectCaughtOnlyBy(circuit, f, ["main.outputs.score[0]"]);
  });

  it("refuses a flipped label: score 500 + 2000 + ... against threshold 2000", () => {
    const f = [...honest];
    f[wire(circuit, "main.label")] = 1n - (honest[wire(circuit, "main.label")] as bigint);
    const sign = [...circuit.wires.keys()].find((n) => /^main\.outputs\.NonNegative[^.]*\.in$/.test(n)) as string;
    expectCaughtOnlyBy(circuit, f, [sign.slice(0, -"in".length)]);
  });

  it("has no witness for a descriptor whose threshold lies beyond the comparison's range", () => {
    expect(() =>
      circuit.witness.calculate(
        coreInput(layout, x, (input) => {
          ((input.nodes as bigint[][])[0] as bigint[])[0] = nodeDescriptor(
            { feature: 0, threshold: 1n << 24n },
            treeFeatureBits(4),
          );
        }),
      ),
    ).toThrow(WitnessError);
  });
});

describe("forged tree witnesses: 2 trees of depth 4 (two blocks) over 5 features, 3 columns", () => {
  const shape: TreeEnsembleShape = { trees: 2, depth: 4, features: 5, columns: 3 };
  /** Full trees whose node at (level, position) reads feature (level + position) % 5 with a small threshold. */
  const tree = (base: number, scale: bigint) =>
    fullTree(
      base,
      Array.from({ length: 15 }, (_, i): [number, bigint] => {
        const level = Math.floor(Math.log2(i + 1));
        return [(level + i) % 5, BigInt((i % 3) - 1) * 10n];
      }),
      Array.from({ length: 16 }, (_, i) => [BigInt(i) * scale, BigInt(15 - i) * scale, BigInt(i % 4) * scale]),
    );
  const model: IntegerTreeEnsemble = {
    features: 5,
    columns: 3,
    trees: [tree(0, 1000n), tree(100, 700n)],
    baseValues: [1n, 2n, 3n],
    decisionThreshold: 0n,
  };
  const x = [3n, -20n, 15n, 0n, -1n];
  const layout = layoutTreeEnsemble(model, shape);
  let circuit: CompiledTree;
  let honest: bigint[];

  beforeAll(async () => {
    circuit = await compileEntry(resolve(REPO_ROOT, "compiler/test/harness/tree_core_2x4x5x3.circom"), "O1");
    honest = circuit.witness.calculate(coreInput(layout, x));
  });

  it("the honest witness satisfies every constraint", () => {
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
  });

  it("refuses a path that opens the bottom block beside the one its directions lead to", () => {
    const committed = commitTreeEnsemble(layout, SALT);
    const leaf = Number(outputs(circuit, honest).paths & 15n);
    const position = leaf >> 1;
    const sibling = position ^ 1;
    const blocks = committed.trees[0]?.blocks as { descriptors: bigint[]; children: bigint[]; digest: bigint }[][];
    const other = blocks[1]?.[sibling] as { descriptors: bigint[]; children: bigint[]; digest: bigint };
    // the forger opens the sibling's bottom block under the real position (and so must claim its digest there)
    const lie = circuit.witness.calculate(
      coreInput(layout, x, (input) => {
        const nodes = (input.nodes as bigint[][])[0] as bigint[];
        const children = (input.children as bigint[][])[0] as bigint[];
        nodes[7] = other.descriptors[0] as bigint;
        children[8] = other.children[0] as bigint;
        children[9] = other.children[1] as bigint;
        children[position] = other.digest;
        // the sibling block's node decides the last step; its leaf is what the forger reports
        const padded = layout.trees[0] as TreeLayout["trees"][number];
        const node = padded.nodes[2 ** 3 - 1 + sibling] as { feature: number; threshold: bigint };
        const right = (x[node.feature] as bigint) > node.threshold;
        (input.leaves as bigint[][])[0] = (padded.leaves[sibling * 2 + (right ? 1 : 0)] as bigint[]).map(toField);
      }),
    );
    const forged = splice(circuit, lie, honest, [
      "main.children[0][0]",
      "main.children[0][1]",
      "main.children[0][2]",
      "main.children[0][3]",
      "main.children[0][4]",
      "main.children[0][5]",
      "main.children[0][6]",
      "main.children[0][7]",
      "main.tree[0].hash[0].",
      "main.tree[0].child[0].",
      "main.commit.",
      "main.weightsCommitment",
    ]);
    expect(outputs(circuit, forged).weightsCommitment).toBe(outputs(circuit, honest).weightsCommitment);
    expect(outputs(circuit, forged).leafValues).not.toBe(outputs(circuit, honest).leafValues);
    expectCaughtOnlyBy(circuit, forged, ["main.tree[0].child[0]."]);
  });

  it("refuses an arg-max that is not the largest score", () => {
    const scores = [0, 1, 2].map((c) => {
      const w = circuit.wires.get(`main.outputs.score[${c}]`);
      return w === undefined ? 0n : (honest[w] as bigint);
    });
    const signed = scores.map((s) => (s > FIELD_MODULUS / 2n ? s - FIELD_MODULUS : s));
    const best = signed.indexOf(signed.reduce((a, b) => (b > a ? b : a)));
    const lie = (best + 1) % 3;
    const f = [...honest];
    const argmax = [...circuit.wires.keys()].find((n) => /^main\.outputs\.ArgMax[^.]*\.onehot\[0\]$/.test(n)) as string;
    const component = argmax.slice(0, -".onehot[0]".length);
    f[wire(circuit, "main.label")] = BigInt(lie);
    f[wire(circuit, `${component}.max`)] = toField(signed[lie] as bigint);
    for (let j = 0; j < 3; j++) {
      f[wire(circuit, `${component}.onehot[${j}]`)] = j === lie ? 1n : 0n;
      f[wire(circuit, `${component}.picked[${j}]`)] = j === lie ? toField(signed[j] as bigint) : 0n;
    }
    // the range checks redone for the lie: max - values[j] - [j < index], as low bits (the best a forger can do)
    const bits = treeScoreBits(shape.trees);
    const checks = [...circuit.wires.keys()]
      .filter((n) => n.startsWith(`${component}.RangeCheck`) && n.endsWith(".bits[0]"))
      .map((n) => n.slice(0, -".bits[0]".length))
      .sort();
    checks.forEach((check, j) => {
      const value = toField((signed[lie] as bigint) - (signed[j] as bigint) - (j < lie ? 1n : 0n));
      if (circuit.wires.has(`${check}.in`)) f[wire(circuit, `${check}.in`)] = value;
      for (let i = 0; i < bits; i++) f[wire(circuit, `${check}.bits[${i}]`)] = (value >> BigInt(i)) & 1n;
    });
    expectCaughtOnlyBy(
      circuit,
      f,
      checks.map((check) => `${check}.`),
    );
  });

  it("has no witness for a descriptor that reads a feature beyond F (index 6 of 5)", () => {
    expect(() =>
      circuit.witness.calculate(
        coreInput(layout, x, (input) => {
          ((input.nodes as bigint[][])[0] as bigint[])[0] = nodeDescriptor({ feature: 6, threshold: 0n }, 3);
        }),
      ),
    ).toThrow(WitnessError);
  });
});
