import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildRewardTree, getRewardProof, type RewardLeaf } from "../../trainer/src/data/merkle.ts";

/**
 * Reward trees produced by the TypeScript Merkle code, for the Solidity test that checks them with OpenZeppelin's
 * MerkleProof (test/contracts/unit/rewards/MerkleCompat.t.sol). merkle.test.ts fails if the committed fixture and
 * this builder drift apart; regenerate with `tsx test/train/merkleFixture.ts`.
 */
export const MERKLE_FIXTURE_PATH = fileURLToPath(new URL("../fixtures/merkle/reward-trees.json", import.meta.url));

const TREES: RewardLeaf[][] = [
  // A version trained on a single contribution: the root is the leaf, the proof is empty.
  [{ contributionId: 1n, weight: 1_000n }],
  [
    { contributionId: 1n, weight: 88_293n },
    { contributionId: 2n, weight: 78_656n },
  ],
  // An unbalanced tree with a zero-weight leaf, as when a noisy contribution is valued at nothing.
  [
    { contributionId: 1n, weight: 88_293n },
    { contributionId: 2n, weight: 78_656n },
    { contributionId: 3n, weight: 80_357n },
    { contributionId: 4n, weight: 0n },
    { contributionId: 9n, weight: 5n },
  ],
  // Ids and weights that need all 256 bits.
  Array.from({ length: 9 }, (_, i) => ({
    contributionId: (1n << 64n) + BigInt(i * 7919),
    weight: (1n << 200n) + BigInt(i) * 1_000_003n,
  })),
];

export type MerkleFixture = {
  treeCount: number;
  trees: {
    root: string;
    leafCount: number;
    leaves: { contributionId: string; weight: string; leafHash: string; proof: string[] }[];
  }[];
};

export function buildMerkleFixture(): MerkleFixture {
  const trees = TREES.map((leaves) => {
    const tree = buildRewardTree(leaves);
    return {
      root: tree.root,
      leafCount: leaves.length,
      leaves: tree.leaves.map((leaf) => ({
        contributionId: leaf.contributionId.toString(),
        weight: leaf.weight.toString(),
        leafHash: leaf.hash,
        proof: getRewardProof(tree, leaf.contributionId),
      })),
    };
  });
  return { treeCount: trees.length, trees };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(MERKLE_FIXTURE_PATH, `${JSON.stringify(buildMerkleFixture(), null, 2)}\n`, "utf8");
  console.log(`wrote ${MERKLE_FIXTURE_PATH}`);
}
