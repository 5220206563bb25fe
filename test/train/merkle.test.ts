import { readFile } from "node:fs/promises";
import { encodeAbiParameters, type Hex, keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { MerkleError } from "../../trainer/src/data/errors.ts";
import {
  buildRewardTree,
  buildTreeFromHashes,
  getRewardProof,
  processProof,
  type RewardLeaf,
  rewardLeafHash,
  verifyRewardProof,
} from "../../trainer/src/data/merkle.ts";
import { buildMerkleFixture, MERKLE_FIXTURE_PATH } from "./merkleFixture.ts";

const leaves = (n: number): RewardLeaf[] =>
  Array.from({ length: n }, (_, i) => ({ contributionId: BigInt(i + 1), weight: BigInt(1000 * (i + 1) + i * i) }));

describe("rewardLeafHash()", () => {
  it("is keccak256(keccak256(abi.encode(uint256 contributionId, uint256 weight)))", () => {
    const encoded = encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [7n, 42n]);
    expect(rewardLeafHash({ contributionId: 7n, weight: 42n })).toBe(keccak256(keccak256(encoded)));
  });

  it("refuses values outside uint256", () => {
    expect(() => rewardLeafHash({ contributionId: -1n, weight: 1n })).toThrow(MerkleError);
    expect(() => rewardLeafHash({ contributionId: 1n, weight: 1n << 256n })).toThrow(/does not fit a uint256/);
  });
});

describe("buildTreeFromHashes()", () => {
  it("reproduces the root of OpenZeppelin's StandardMerkleTree README example", () => {
    // @openzeppelin/merkle-tree README: [[0x1111…, 5e18], [0x2222…, 2.5e18]] as (address, uint256).
    const values: [Hex, bigint][] = [
      ["0x1111111111111111111111111111111111111111", 5_000_000_000_000_000_000n],
      ["0x2222222222222222222222222222222222222222", 2_500_000_000_000_000_000n],
    ];
    const hashes = values.map((v) =>
      keccak256(keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], v))),
    );
    expect(buildTreeFromHashes(hashes)[0]).toBe("0xd4dee0beab2d53f2cc83e567171bd2820e49898130a22622b10ead383e90bd77");
  });
});

describe("buildRewardTree() / getRewardProof() / verifyRewardProof()", () => {
  it.each([1, 2, 3, 4, 5, 8, 9, 17])("every leaf of a %d-leaf tree has a proof that verifies", (n) => {
    const tree = buildRewardTree(leaves(n));
    for (const leaf of leaves(n)) {
      const proof = getRewardProof(tree, leaf.contributionId);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
      expect(verifyRewardProof(tree.root, leaf, proof)).toBe(true);
      expect(processProof(rewardLeafHash(leaf), proof)).toBe(tree.root);
    }
  });

  it("does not depend on the order the leaves are given in", () => {
    const forward = buildRewardTree(leaves(6));
    const backward = buildRewardTree([...leaves(6)].reverse());
    expect(backward.root).toBe(forward.root);
  });

  it("rejects a wrong weight, a wrong contribution id and another tree's root", () => {
    const tree = buildRewardTree(leaves(5));
    const other = buildRewardTree(leaves(6));
    const leaf = leaves(5)[2] as RewardLeaf;
    const proof = getRewardProof(tree, leaf.contributionId);
    expect(verifyRewardProof(tree.root, { ...leaf, weight: leaf.weight + 1n }, proof)).toBe(false);
    expect(verifyRewardProof(tree.root, { ...leaf, contributionId: 99n }, proof)).toBe(false);
    expect(verifyRewardProof(other.root, leaf, proof)).toBe(false);
    // A proof for one leaf does not prove its neighbour.
    expect(verifyRewardProof(tree.root, leaves(5)[1] as RewardLeaf, proof)).toBe(false);
  });

  it("refuses an empty tree, a duplicate contribution and an unknown contribution", () => {
    expect(() => buildRewardTree([])).toThrow(MerkleError);
    expect(() =>
      buildRewardTree([
        { contributionId: 1n, weight: 1n },
        { contributionId: 1n, weight: 2n },
      ]),
    ).toThrow(/contribution 1 appears twice/);
    expect(() => getRewardProof(buildRewardTree(leaves(3)), 4n)).toThrow(/contribution 4 has no leaf/);
  });
});

describe("Solidity fixture", () => {
  it("matches what the TypeScript tree builds today (regenerate with `tsx test/train/merkleFixture.ts`)", async () => {
    const committed = JSON.parse(await readFile(MERKLE_FIXTURE_PATH, "utf8"));
    expect(committed).toEqual(buildMerkleFixture());
  });
});
