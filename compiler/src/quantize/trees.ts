import type { IntegerBranchMode, IntegerTreeEnsemble, IntegerTreeNode } from "@symbiote/circuits";
import { TreeCircuitError } from "@symbiote/circuits";
import { FRAC_BITS, VALUE_MAX } from "@symbiote/sdk";
import type { BranchMode, TreeEnsembleModel } from "../ir/model.ts";

/**
 * Quantisation of a tree ensemble for the tree circuit (circuits/src/trees/treeModel.ts, IntegerTreeEnsemble).
 *
 * Features: raw = round(x * 2^s), s = featureFracBits (16 by default, the format of every circuit value), within
 * ±(2^23 - 1). A tree only compares a feature with thresholds, so a model whose features are large may take a
 * coarser grid (smaller s) at no cost to its outputs beyond the rounding of its inputs.
 *
 * Thresholds, at the features' scale, keep every comparison exact for an input on the grid (x = k / 2^s):
 *   BRANCH_LEQ  k / 2^s <= t  iff  k <= floor(t * 2^s)
 *   BRANCH_GT   k / 2^s >  t  iff  k >  floor(t * 2^s)
 *   BRANCH_LT   k / 2^s <  t  iff  k <  ceil(t * 2^s)
 *   BRANCH_GTE  k / 2^s >= t  iff  k >= ceil(t * 2^s)
 *   BRANCH_EQ, BRANCH_NEQ  refused: categorical splits have no single-comparison form in the circuit.
 * t * 2^s is exact in double precision (a power-of-two scaling), so floor and ceil are exact. A path can differ from
 * the float model's only where rounding an input moves it across a threshold: off the grid, within 2^-(s+1) of it.
 * The circuit has no missing values, so a branch's missing-value direction plays no part.
 *
 * Leaf values and base values: raw = round(v * 2^u), u = valueFracBits (16 by default; fewer for a regressor whose
 * values pass ±128), several weights of one leaf on one column summed first, within ±(2^23 - 1). Each rounding moves
 * a score by at most 2^-(u+1).
 *
 * Label: with several columns the circuit's label is the arg-max column, which SOFTMAX and LOGISTIC (monotone) keep.
 * A binary classifier writing one score column keeps one column and its label is [score > decisionThreshold]:
 * 0.5 * 2^u when the column is a probability (onnxruntime outputs [1 - s, s]), 0 when it is a margin
 * ([sigmoid(-s), sigmoid(s)]). Regressors get decisionThreshold 0 and their label means nothing.
 */
export interface TreeQuantizeOptions {
  /** s: fractional bits of the features and thresholds, 0 to 16 (default 16). */
  featureFracBits?: number;
  /** u: fractional bits of leaf values, base values and scores, 0 to 16 (default 16). */
  valueFracBits?: number;
}

/** The scales the options name, checked: { featureFracBits, valueFracBits }. */
export function treeScales(options: TreeQuantizeOptions = {}): { featureFracBits: number; valueFracBits: number } {
  const check = (name: "featureFracBits" | "valueFracBits"): number => {
    const bits = options[name] ?? FRAC_BITS;
    if (!Number.isInteger(bits) || bits < 0 || bits > FRAC_BITS) {
      throw new TreeCircuitError(
        `${name} is ${bits}; the tree circuit takes 0 to ${FRAC_BITS} fractional bits.`,
        "Pass an integer from 0 to 16.",
      );
    }
    return bits;
  };
  return { featureFracBits: check("featureFracBits"), valueFracBits: check("valueFracBits") };
}

/** One float feature at 2^featureFracBits, refused when missing or outside the circuit's range. */
export function quantizeTreeFeature(x: number, featureFracBits: number, index = 0): bigint {
  if (!Number.isFinite(x)) {
    throw new TreeCircuitError(
      `Feature ${index} is ${x}; the tree circuit takes finite features only.`,
      "Impute missing values before proving (the circuit has no missing-value branch).",
    );
  }
  const raw = BigInt(Math.round(x * 2 ** featureFracBits));
  if (raw > VALUE_MAX || raw < -VALUE_MAX) {
    throw new TreeCircuitError(
      `Feature ${index} is ${x}, which at 2^-${featureFracBits} steps lies outside ±${VALUE_MAX}.`,
      "Compile the model with fewer feature fractional bits (featureFracBits) or rescale the feature.",
    );
  }
  return raw;
}

/** A vector of float features at 2^featureFracBits (see quantizeTreeFeature). */
export function quantizeTreeFeatures(x: readonly number[], featureFracBits: number): bigint[] {
  return x.map((v, i) => quantizeTreeFeature(v, featureFracBits, i));
}

/** The integer threshold that keeps `x <mode> t` exact for inputs on the 2^-s grid (the table above). */
export function quantizeThreshold(t: number, mode: BranchMode, featureFracBits: number): bigint {
  // beyond ±2^30 every in-range feature compares alike (the layout clamps further); keeps BigInt off infinities
  const scaled = Math.max(-(2 ** 30), Math.min(2 ** 30, t * 2 ** featureFracBits));
  switch (mode) {
    case "BRANCH_LEQ":
    case "BRANCH_GT":
      return BigInt(Math.floor(scaled));
    case "BRANCH_LT":
    case "BRANCH_GTE":
      return BigInt(Math.ceil(scaled));
    default:
      throw new TreeCircuitError(
        `${mode} splits have no form in the tree circuit.`,
        "Re-export the model without categorical (EQ/NEQ) splits, for example with one-hot encoded categories.",
      );
  }
}

function quantizeValue(v: number, valueFracBits: number, label: string): bigint {
  const raw = BigInt(Math.round(v * 2 ** valueFracBits));
  if (raw > VALUE_MAX || raw < -VALUE_MAX) {
    throw new TreeCircuitError(
      `${label} is ${v}, which at 2^-${valueFracBits} steps lies outside ±${VALUE_MAX}.`,
      `Compile with fewer value fractional bits (valueFracBits: at most ${Math.floor(Math.log2(Number(VALUE_MAX) / Math.abs(v)))} for this value).`,
    );
  }
  return raw;
}

/** The integer ensemble the tree circuit takes, by the rules above. */
export function quantizeTreeEnsemble(ir: TreeEnsembleModel, options: TreeQuantizeOptions = {}): IntegerTreeEnsemble {
  const { featureFracBits, valueFracBits } = treeScales(options);
  const columns = ir.binarySingleColumn ? 1 : ir.columns;
  const trees = ir.trees.map((tree) => {
    const nodes = new Map<number, IntegerTreeNode>();
    for (const node of tree.nodes.values()) {
      if (node.kind === "leaf") {
        const sums = Array.from({ length: columns }, () => 0);
        for (const { target, weight } of node.weights) {
          if (target < 0 || target >= columns) {
            throw new TreeCircuitError(
              `Tree ${tree.id}, leaf ${node.id} writes column ${target}; the model has ${columns}.`,
              "Re-export the model.",
            );
          }
          sums[target] = (sums[target] as number) + weight;
        }
        const values = sums.map((v, c) =>
          quantizeValue(v, valueFracBits, `Tree ${tree.id}, leaf ${node.id}, column ${c}`),
        );
        nodes.set(node.id, { kind: "leaf", id: node.id, values });
        continue;
      }
      nodes.set(node.id, {
        kind: "branch",
        id: node.id,
        feature: node.feature,
        threshold: quantizeThreshold(node.threshold, node.mode, featureFracBits),
        mode: node.mode as IntegerBranchMode,
        trueId: node.trueId,
        falseId: node.falseId,
      });
    }
    return { id: tree.id, root: tree.root, nodes };
  });
  const probability = ir.task.type === "classifier" && columns === 1 && ir.binaryLayout === "probability";
  return {
    features: ir.inputs,
    columns,
    trees,
    baseValues: Array.from({ length: columns }, (_, c) =>
      quantizeValue(ir.baseValues[c] ?? 0, valueFracBits, `Base value ${c}`),
    ),
    // 0.5 at 2^-u; at u = 0 scores are integers, and s > 0 is s > 0.5
    decisionThreshold: probability && valueFracBits > 0 ? 1n << BigInt(valueFracBits - 1) : 0n,
  };
}
