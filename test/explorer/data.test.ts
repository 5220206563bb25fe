import { describe, expect, it } from "vitest";
import { parseContributor, parseRewardsLeaves } from "../../explorer/src/chain/data.ts";
import { BadInputError } from "../../explorer/src/chain/errors.ts";
import { buildRewardTree, getRewardProof, verifyRewardProof } from "../../trainer/src/data/merkle.ts";

/** A rewards file as `trainer publish` writes it (integers as decimal strings), over a real Merkle tree. */
function rewardsFile() {
  const leaves = [
    { contributionId: 1n, weight: 250_000n },
    { contributionId: 2n, weight: 90_000n },
    { contributionId: 3n, weight: 60_000n },
  ];
  const tree = buildRewardTree(leaves);
  const text = JSON.stringify({
    format: "symbiote.training-rewards",
    version: 1,
    chainId: 31337,
    modelId: "4",
    modelVersion: 2,
    trainingDataRoot: tree.root,
    totalWeight: "400000",
    leaves: leaves.map((leaf) => ({
      contributionId: leaf.contributionId.toString(),
      file: `c${leaf.contributionId}.csv`,
      weight: leaf.weight.toString(),
      proof: getRewardProof(tree, leaf.contributionId),
      trainingConsent: true,
    })),
  });
  return { text, root: tree.root };
}

describe("the data page's inputs", () => {
  it("reads a rewards file's model, version and leaves, whose proofs verify against the version's root", () => {
    const { text, root } = rewardsFile();
    const parsed = parseRewardsLeaves(text);
    expect(parsed.modelId).toBe(4n);
    expect(parsed.version).toBe(2);
    expect(parsed.leaves.map((l) => [l.contributionId, l.weight])).toEqual([
      [1n, 250_000n],
      [2n, 90_000n],
      [3n, 60_000n],
    ]);
    for (const leaf of parsed.leaves) expect(verifyRewardProof(root, leaf, leaf.proof)).toBe(true);
    // a leaf claiming more weight than it has is not in the root
    const inflated = { ...(parsed.leaves[0] as (typeof parsed.leaves)[number]), weight: 250_001n };
    expect(verifyRewardProof(root, inflated, inflated.proof)).toBe(false);
  });

  it("refuses text that is not a rewards file, saying what to paste", () => {
    expect(() => parseRewardsLeaves("{oops")).toThrow(BadInputError);
    expect(() => parseRewardsLeaves(JSON.stringify({ format: "symbiote.model-card/1" }))).toThrow(
      /not a symbiote.training-rewards file/,
    );
    const broken = JSON.parse(rewardsFile().text) as { leaves: { weight: string }[] };
    (broken.leaves[0] as { weight: string }).weight = "a lot";
    expect(() => parseRewardsLeaves(JSON.stringify(broken))).toThrow(/malformed id, weight or proof/);
  });

  it("takes a contributor address in any case and refuses anything else", () => {
    expect(parseContributor(" 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 ")).toBe(
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    );
    expect(() => parseContributor("alice")).toThrow(/"alice" is not an address/);
  });
});
