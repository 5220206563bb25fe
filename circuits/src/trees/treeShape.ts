import { ceilLog2, MAX_PACKED_BITS, VALUE_BITS, VALUE_LANES, valueWords } from "@symbiote/sdk";
import { TreeCircuitError } from "./treeErrors.ts";

/**
 * The shape a tree ensemble circuit is compiled for: one circuit, one verifier and one key serve every model of the
 * shape. Trees are padded to full depth and ensembles with fewer trees padded with trees that add nothing.
 */
export interface TreeEnsembleShape {
  /** T: trees in the ensemble. */
  trees: number;
  /** D: depth of every (padded) tree; a path visits D nodes and ends in one of 2^D leaves. */
  depth: number;
  /** F: input features. */
  features: number;
  /** C: output columns (classes, or regression targets); 1 for binary models that write one score column. */
  columns: number;
}

/**
 * Structural limits. Columns: a leaf's values fill one packed word (VALUE_LANES lanes). Depth: 2^D leaves per tree
 * exist in the model owner's memory, and every level costs about 260 constraints per tree (see the README's table).
 */
export const TREE_LIMITS = {
  trees: { min: 1, max: 1024 },
  depth: { min: 1, max: 16 },
  features: { min: 2, max: 4096 },
  columns: { min: 1, max: VALUE_LANES },
} as const;

/** Refuses a shape outside {@link TREE_LIMITS}, naming the dimension. */
export function assertTreeShape(shape: TreeEnsembleShape): void {
  for (const key of ["trees", "depth", "features", "columns"] as const) {
    const value = shape[key];
    const { min, max } = TREE_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new TreeCircuitError(
        `A tree ensemble circuit takes ${key} from ${min} to ${max}, got ${value}.`,
        key === "columns"
          ? "A model with more output columns needs one circuit per group of columns."
          : `Choose a ${key} within the limits.`,
      );
    }
  }
}

/** Levels per committed block: 2^3 - 1 descriptors and 2^3 children fill 15 of one Poseidon call's 16 inputs. */
export const TREE_BLOCK_LEVELS_MAX = 3;

/** Levels of each block on a root-to-leaf path: full blocks from the root, the remainder last (TREE_BLOCK_LEVELS). */
export function treeBlockLevels(depth: number): number[] {
  const blocks = Math.ceil(depth / TREE_BLOCK_LEVELS_MAX);
  return Array.from({ length: blocks }, (_, b) =>
    b < blocks - 1 ? TREE_BLOCK_LEVELS_MAX : depth - TREE_BLOCK_LEVELS_MAX * (blocks - 1),
  );
}

/** Descriptors of all blocks on one path (TREE_PATH_NODES). */
export function treePathNodes(depth: number): number {
  return treeBlockLevels(depth).reduce((sum, b) => sum + 2 ** b - 1, 0);
}

/** Child digests of all blocks on one path (TREE_PATH_CHILDREN). */
export function treePathChildren(depth: number): number {
  return treeBlockLevels(depth).reduce((sum, b) => sum + 2 ** b, 0);
}

/** Bits of a feature index in a node descriptor (TREE_FEATURE_BITS). */
export function treeFeatureBits(features: number): number {
  return ceilLog2(features);
}

/** Signed bits of x - threshold - 1 (TREE_COMPARE_BITS). */
export const TREE_COMPARE_BITS = VALUE_BITS + 1;

/** Lowest threshold: x <= -2^23 holds for no feature in [-(2^23 - 1), 2^23 - 1], so the input always goes right. */
export const TREE_THRESHOLD_MIN = -(1n << BigInt(VALUE_BITS - 1));

/** Signed bits of a score: a base value plus T leaf values, each within ±(2^23 - 1) (TREE_SCORE_BITS). */
export function treeScoreBits(trees: number): number {
  return VALUE_BITS + ceilLog2(trees + 1);
}

/** Score lanes per output word (TREE_SCORE_LANES). */
export function treeScoreLanes(trees: number): number {
  return Math.floor(MAX_PACKED_BITS / treeScoreBits(trees));
}

/** Path lanes (one D-bit lane per tree) per output word (TREE_PATH_LANES). */
export function treePathLanes(depth: number): number {
  return Math.floor(MAX_PACKED_BITS / depth);
}

/** How many words each packed output of a shape takes. */
export function treeOutputWords(shape: TreeEnsembleShape): { paths: number; leafValues: number; scores: number } {
  return {
    paths: Math.ceil(shape.trees / treePathLanes(shape.depth)),
    leafValues: valueWords(shape.trees * shape.columns),
    scores: Math.ceil(shape.columns / treeScoreLanes(shape.trees)),
  };
}
