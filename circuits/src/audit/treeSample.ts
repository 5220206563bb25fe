import { SeededRandom } from "../randomModels.ts";
import type { IntegerTree, IntegerTreeEnsemble, IntegerTreeNode } from "../trees/treeModel.ts";
import { layoutTreeEnsemble } from "../trees/treeModel.ts";
import type { AuditRow } from "./auditSet.ts";
import type { TreeAuditShape, TreeAuditWitness } from "./treeCircuitInput.ts";

/**
 * A seeded tree-ensemble audit for fixtures and benchmarks, the tree counterpart of sampleClassifierAudit: full-depth
 * trees with one score column, whose first tree splits at its root on feature 0, the protected group (rows of
 * group 1 take its right branch, whose leaves subtract), so decisions differ by group; and `shape.rows` rows, a
 * third of them unlabeled, the labels following a rule that ignores the group.
 */
export function sampleTreeAudit(seed: bigint, shape: TreeAuditShape): TreeAuditWitness {
  const rng = new SeededRandom(seed);
  const inner = 2 ** shape.depth - 1;
  const trees: IntegerTree[] = Array.from({ length: shape.trees }, (_, t) => {
    const nodes = new Map<number, IntegerTreeNode>();
    for (let i = 0; i < inner; i++) {
      const onGroup = t === 0 && i === 0;
      nodes.set(i, {
        kind: "branch",
        id: i,
        feature: onGroup ? 0 : 1 + Number(rng.next64() % BigInt(shape.features - 1)),
        threshold: onGroup ? 1n << 14n : rng.signed(1n << 15n),
        mode: "BRANCH_LEQ",
        trueId: 2 * i + 1,
        falseId: 2 * i + 2,
      });
    }
    for (let i = 0; i <= inner; i++) {
      // the first tree's right half (group 1) leans negative
      const lean = t === 0 && i >= (inner + 1) / 2 ? -(1n << 15n) : 0n;
      nodes.set(inner + i, { kind: "leaf", id: inner + i, values: [lean + rng.signed(1n << 15n)] });
    }
    return { id: t, root: 0, nodes };
  });
  const model: IntegerTreeEnsemble = {
    features: shape.features,
    columns: 1,
    trees,
    baseValues: [1n << 13n],
    decisionThreshold: 0n,
  };
  const rows: AuditRow[] = Array.from({ length: shape.rows }, () => {
    const group = rng.next64() % 2n === 0n ? 0 : 1;
    const x = Array.from({ length: shape.features }, (_, i) =>
      i === 0 ? BigInt(group) << 15n : rng.signed(1n << 16n),
    );
    const labelPick = rng.next64() % 3n;
    // the true outcome ignores the group: a model that uses it is unfair by construction
    const outcome = (x[1] as bigint) + (x[2] as bigint) > 0n;
    return { features: x, group, label: labelPick === 0n ? undefined : outcome };
  });
  return {
    layout: layoutTreeEnsemble(model, shape),
    weightsSalt: rng.next64(),
    rows,
    auditSalt: rng.next64(),
  };
}
