import type { IntegerBranchMode, IntegerTreeEnsemble, IntegerTreeNode } from "../src/circuit/treeModel.ts";
import type { TreeEnsembleModel } from "../src/ir/model.ts";

/**
 * A minimal quantiser for the tree tests: what the compiler's quantiser hands the tree circuit. Features and values at
 * 2^16; thresholds at the features' scale with the rule that keeps each comparison exact for inputs on the 2^-16 grid
 * (k / 2^16 <= t iff k <= floor(t * 2^16); k / 2^16 < t iff k < ceil(t * 2^16)): floor for LEQ and GT, ceil for
 * LT and GTE. A binary model writing one score column keeps one column, its label [score > 0.5] for a probability
 * and [score > 0] for a margin.
 */
export const SCALE = 2 ** 16;

export function quantizeFeature(x: number): bigint {
  return BigInt(Math.round(x * SCALE));
}

export function quantizeTrees(model: TreeEnsembleModel): IntegerTreeEnsemble {
  const columns = model.binarySingleColumn ? 1 : model.columns;
  return {
    features: model.inputs,
    columns,
    trees: model.trees.map((tree) => {
      const nodes = new Map<number, IntegerTreeNode>();
      for (const node of tree.nodes.values()) {
        if (node.kind === "leaf") {
          const values = Array.from({ length: columns }, () => 0n);
          for (const { target, weight } of node.weights)
            values[target] = (values[target] as bigint) + BigInt(Math.round(weight * SCALE));
          nodes.set(node.id, { kind: "leaf", id: node.id, values });
          continue;
        }
        if (node.mode === "BRANCH_EQ" || node.mode === "BRANCH_NEQ")
          throw new Error(`${node.mode} has no tree circuit form`);
        const scaled = node.threshold * SCALE;
        const down = node.mode === "BRANCH_LEQ" || node.mode === "BRANCH_GT";
        nodes.set(node.id, {
          kind: "branch",
          id: node.id,
          feature: node.feature,
          threshold: BigInt(down ? Math.floor(scaled) : Math.ceil(scaled)),
          mode: node.mode as IntegerBranchMode,
          trueId: node.trueId,
          falseId: node.falseId,
        });
      }
      return { id: tree.id, root: tree.root, nodes };
    }),
    baseValues: Array.from({ length: columns }, (_, c) => BigInt(Math.round((model.baseValues[c] ?? 0) * SCALE))),
    decisionThreshold:
      columns === 1 && model.task.type === "classifier"
        ? model.binaryLayout === "probability"
          ? BigInt(SCALE / 2)
          : 0n
        : 0n,
  };
}
