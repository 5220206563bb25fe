import { concat, encodeAbiParameters, type Hex, keccak256, maxUint256 } from "viem";
import { MerkleError } from "./errors.ts";

/** One leaf of a model version's training-data root: a registered contribution and its value (integer weight). */
export type RewardLeaf = {
  readonly contributionId: bigint;
  readonly weight: bigint;
};

/**
 * A Merkle tree over reward leaves, laid out exactly as OpenZeppelin's `StandardMerkleTree` lays it out (leaves
 * sorted by hash, complete binary tree in an array, root at index 0), so its root and proofs match that library's
 * and verify with `MerkleProof.verify` (sorted-pair keccak256) on chain.
 */
export type MerkleTree = {
  readonly root: Hex;
  /** Node hashes; `tree[0]` is the root, leaves occupy the last `leaves.length` slots. */
  readonly tree: readonly Hex[];
  /** The leaves in the order given, each with its hash and its index in `tree`. */
  readonly leaves: readonly (RewardLeaf & { readonly hash: Hex; readonly treeIndex: number })[];
};

/**
 * The leaf hash the contracts recompute: `keccak256(bytes.concat(keccak256(abi.encode(uint256 contributionId,
 * uint256 weight))))`. Hashing twice keeps a 64-byte leaf preimage from ever being mistaken for an inner node.
 */
export function rewardLeafHash(leaf: RewardLeaf): Hex {
  for (const [name, value] of [
    ["contributionId", leaf.contributionId],
    ["weight", leaf.weight],
  ] as const) {
    if (value < 0n || value > maxUint256) {
      throw new MerkleError(`leaf ${name} ${value} does not fit a uint256`, {
        details: "contribution ids and weights are unsigned 256-bit integers",
      });
    }
  }
  const encoded = encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [leaf.contributionId, leaf.weight]);
  return keccak256(keccak256(encoded));
}

/** Inner node: the two children hashed in ascending byte order, as OpenZeppelin's `Hashes.commutativeKeccak256`. */
export function hashPair(a: Hex, b: Hex): Hex {
  return compareHex(a, b) <= 0 ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/** Byte-wise order of two 32-byte hashes (lower-case hex of equal length sorts like the bytes). */
function compareHex(a: Hex, b: Hex): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Builds the tree over hashed leaves in OpenZeppelin's `makeMerkleTree` layout: sorted leaf hashes placed from the
 * end of the array backwards, each inner node `i` the pair hash of `2i+1` and `2i+2`.
 */
export function buildTreeFromHashes(leafHashes: readonly Hex[]): Hex[] {
  if (leafHashes.length === 0) {
    throw new MerkleError("cannot build a Merkle tree without leaves", {
      details: "a model version needs at least one contribution in its training data",
    });
  }
  const sorted = [...leafHashes].sort(compareHex);
  const tree = new Array<Hex>(2 * sorted.length - 1);
  sorted.forEach((hash, i) => {
    tree[tree.length - 1 - i] = hash;
  });
  for (let i = tree.length - 1 - sorted.length; i >= 0; i--) {
    tree[i] = hashPair(tree[2 * i + 1] as Hex, tree[2 * i + 2] as Hex);
  }
  return tree;
}

/**
 * Builds the training-data Merkle tree of a model version.
 *
 * @throws {MerkleError} no leaves, a contribution id listed twice, or a value outside uint256.
 * @example
 * const { root } = buildRewardTree([{ contributionId: 1n, weight: 250_000n }, { contributionId: 2n, weight: 90_000n }]);
 */
export function buildRewardTree(leaves: readonly RewardLeaf[]): MerkleTree {
  const ids = new Set<bigint>();
  for (const leaf of leaves) {
    if (ids.has(leaf.contributionId)) {
      throw new MerkleError(`contribution ${leaf.contributionId} appears twice in the leaves`, {
        details: "each contribution gets exactly one leaf; merge the weights or fix the contribution ids",
      });
    }
    ids.add(leaf.contributionId);
  }
  const hashes = leaves.map(rewardLeafHash);
  const tree = buildTreeFromHashes(hashes);
  const position = new Map<Hex, number>();
  tree.forEach((hash, index) => {
    if (index >= tree.length - leaves.length) position.set(hash, index);
  });
  return {
    root: tree[0] as Hex,
    tree,
    leaves: leaves.map((leaf, i) => ({
      ...leaf,
      hash: hashes[i] as Hex,
      treeIndex: position.get(hashes[i] as Hex) ?? -1,
    })),
  };
}

/**
 * The proof for one contribution's leaf: sibling hashes from the leaf up to (not including) the root.
 *
 * @throws {MerkleError} the contribution has no leaf in this tree.
 */
export function getRewardProof(tree: MerkleTree, contributionId: bigint): Hex[] {
  const leaf = tree.leaves.find((l) => l.contributionId === contributionId);
  if (leaf === undefined) {
    throw new MerkleError(`contribution ${contributionId} has no leaf in this training-data tree`, {
      details: `the tree holds contributions ${tree.leaves.map((l) => l.contributionId).join(", ")}`,
    });
  }
  const proof: Hex[] = [];
  let index = leaf.treeIndex;
  while (index > 0) {
    // Odd indices are left children, so their sibling is on the right.
    const sibling = index % 2 === 1 ? index + 1 : index - 1;
    proof.push(tree.tree[sibling] as Hex);
    index = Math.floor((index - 1) / 2);
  }
  return proof;
}

/** Recomputes the root from a leaf hash and a proof, exactly as `MerkleProof.processProof` does on chain. */
export function processProof(leafHash: Hex, proof: readonly Hex[]): Hex {
  let computed = leafHash;
  for (const node of proof) computed = hashPair(computed, node);
  return computed;
}

/** True when `proof` shows that `leaf` is in the tree whose root is `root`. */
export function verifyRewardProof(root: Hex, leaf: RewardLeaf, proof: readonly Hex[]): boolean {
  return compareHex(processProof(rewardLeafHash(leaf), proof), root) === 0;
}
