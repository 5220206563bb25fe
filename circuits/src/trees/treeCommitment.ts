import {
  assertFieldElement,
  DOMAIN_TREE_BLOCK,
  DOMAIN_WEIGHTS,
  FAMILY,
  packSignedLanes,
  toField,
  VALUE_BITS,
} from "@symbiote/sdk";
import { chainHash, commitmentTag } from "../commitment.ts";
import { poseidon16 } from "../poseidon.ts";
import type { PaddedTree, TreeLayout } from "./treeModel.ts";
import { TREE_BLOCK_LEVELS_MAX, treeBlockLevels, treeFeatureBits } from "./treeShape.ts";

/**
 * The tree ensemble commitment (docs/circuits.md, "Tree ensembles"; TreePath and TreeEnsembleCore in-circuit).
 *
 * A node's descriptor is threshold * 2^K + feature (K = bits of a feature index), a field element; a leaf's word packs
 * its C values in VALUE_BITS lanes (offset binary). A tree is cut into blocks of up to three levels from the root; a
 * block's digest is Poseidon (width 17) over its 2^b - 1 descriptors, breadth first, then its 2^b children (the
 * digests of the blocks under it, or leaf words), zero-padded to 16, with capacity tag (tree-block domain, trees
 * family, 2^(b+1) - 1). The tree's digest is its top block's. The weights commitment chain-hashes the T tree digests,
 * the C base values, the decision threshold and the salt under (weights domain, trees family, T + C + 2).
 */

/** A node's descriptor: threshold * 2^K + feature, as a field element. */
export function nodeDescriptor(node: { feature: number; threshold: bigint }, featureBits: number): bigint {
  return toField(node.threshold * (1n << BigInt(featureBits)) + BigInt(node.feature));
}

/** A leaf's C values packed into one word, as the circuit packs the leaf it reaches. */
export function leafWord(values: readonly bigint[]): bigint {
  return packSignedLanes(values, VALUE_BITS);
}

/** Capacity tag of a block of `levels` levels. */
export function treeBlockTag(levels: number): bigint {
  return commitmentTag(DOMAIN_TREE_BLOCK, FAMILY.trees, 2 ** (levels + 1) - 1);
}

/** The digest of one block from its descriptors (breadth first) and its children (left to right). */
export function blockDigest(levels: number, descriptors: readonly bigint[], children: readonly bigint[]): bigint {
  const inputs = [...descriptors, ...children];
  while (inputs.length < 16) inputs.push(0n);
  return poseidon16(inputs, treeBlockTag(levels));
}

/** Where a block sits and what it hashes. */
export interface TreeBlock {
  /** Level of the block's top node. */
  level: number;
  levels: number;
  /** The block's top node is the position-th node of its level, from the left. */
  position: number;
  descriptors: bigint[];
  children: bigint[];
  digest: bigint;
}

/** A tree's blocks, level group by level group: blocks[k][p] starts at level 3k, position p. */
export interface CommittedTree {
  root: bigint;
  blocks: TreeBlock[][];
}

/** Every block digest of a padded tree, bottom up, and the tree's digest. */
export function commitTree(tree: PaddedTree, depth: number, features: number): CommittedTree {
  const featureBits = treeFeatureBits(features);
  const levelsPerBlock = treeBlockLevels(depth);
  const blocks: TreeBlock[][] = new Array(levelsPerBlock.length);
  for (let k = levelsPerBlock.length - 1; k >= 0; k--) {
    const levels = levelsPerBlock[k] as number;
    const level = k * TREE_BLOCK_LEVELS_MAX;
    blocks[k] = Array.from({ length: 2 ** level }, (_, position) => {
      const descriptors: bigint[] = [];
      for (let j = 0; j < levels; j++) {
        for (let m = 0; m < 2 ** j; m++) {
          const node = tree.nodes[2 ** (level + j) - 1 + position * 2 ** j + m];
          if (!node) throw new RangeError(`tree has no node at level ${level + j}`);
          descriptors.push(nodeDescriptor(node, featureBits));
        }
      }
      const children = Array.from({ length: 2 ** levels }, (_, i) => {
        const below = position * 2 ** levels + i;
        if (k === levelsPerBlock.length - 1) return leafWord(tree.leaves[below] as bigint[]);
        return ((blocks[k + 1] as TreeBlock[])[below] as TreeBlock).digest;
      });
      return { level, levels, position, descriptors, children, digest: blockDigest(levels, descriptors, children) };
    });
  }
  return { root: ((blocks[0] as TreeBlock[])[0] as TreeBlock).digest, blocks };
}

/** Capacity tag of the weights commitment of T trees and C columns. */
export function treeWeightsTag(trees: number, columns: number): bigint {
  return commitmentTag(DOMAIN_WEIGHTS, FAMILY.trees, trees + columns + 2);
}

/** A laid-out ensemble's commitment, with every tree's blocks (the witness builder opens the paths from them). */
export interface CommittedEnsemble {
  trees: CommittedTree[];
  /** The value the model registry stores. */
  weightsCommitment: bigint;
}

/** Commits an ensemble under a salt (random to hide the model; 0 only for a public model). */
export function commitTreeEnsemble(layout: TreeLayout, salt: bigint): CommittedEnsemble {
  assertFieldElement(salt, "weightsSalt");
  const { depth, features, trees, columns } = layout.shape;
  const committed = layout.trees.map((tree) => commitTree(tree, depth, features));
  const elements = [
    ...committed.map((tree) => tree.root),
    ...layout.baseValues.map(toField),
    toField(layout.decisionThreshold),
    salt,
  ];
  return { trees: committed, weightsCommitment: chainHash(elements, treeWeightsTag(trees, columns)) };
}
