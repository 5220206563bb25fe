import { commitmentOf } from "@symbiote/circuits";
import { FIELD_MODULUS } from "@symbiote/sdk";
import { type Hex, maxUint128 } from "viem";
import { type ModelArtifact, quantizedFromArtifact } from "../train/artifact.ts";
import { buildRewardTree, verifyRewardProof } from "./merkle.ts";
import { ArtifactCommitmentMismatchError } from "./rewardErrors.ts";

/** What an artifact commits to once its internal consistency is checked. */
export type VerifiedArtifact = {
  weightsCommitment: bigint;
  trainingDataRoot: Hex;
  totalWeight: bigint;
  leaves: { contributionId: bigint; weight: bigint; proof: Hex[]; file: string; datasetCommitment: Hex }[];
};

/**
 * Checks that an artifact says what it commits to before anything goes on chain: its weights and salt open its weights
 * commitment (so operators holding the file can serve the version), its leaves rebuild its Merkle root and each stored
 * proof verifies (so every contributor can claim), its total weight is the sum of its leaf weights (so the pool pays
 * out exactly), and its leaves are its contributions.
 *
 * @throws {ArtifactCommitmentMismatchError} any of these fails: the file was edited or damaged; train again.
 */
export function verifyArtifact(artifact: ModelArtifact, source: string): VerifiedArtifact {
  const declared = BigInt(artifact.weightsCommitment.value);
  let computed: bigint;
  try {
    computed = commitmentOf({
      ...quantizedFromArtifact(artifact),
      weightsSalt: BigInt(artifact.weightsCommitment.salt),
    } as Parameters<typeof commitmentOf>[0]);
  } catch (cause) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: the weights cannot be committed (${(cause as Error).message}); the artifact is damaged, train again.`,
      { cause },
    );
  }
  if (computed !== declared) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: the weights and salt do not open the artifact's weights commitment; it was edited after training. Train again (the trainer writes a consistent file).`,
      {
        details: `declared ${artifact.weightsCommitment.value}, computed 0x${computed.toString(16).padStart(64, "0")}`,
      },
    );
  }
  if (computed === 0n || computed >= FIELD_MODULUS) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: the weights commitment is not a non-zero BN254 field element.`,
    );
  }

  const { trainingData } = artifact;
  const leaves = trainingData.leaves.map((leaf) => ({
    contributionId: BigInt(leaf.contributionId),
    weight: BigInt(leaf.weight),
    proof: [...leaf.proof],
  }));
  const tree = buildRewardTree(leaves);
  if (tree.root.toLowerCase() !== trainingData.merkleRoot.toLowerCase()) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: the training-data leaves do not rebuild the artifact's Merkle root; a weight or id was edited. Train again.`,
      { details: `declared ${trainingData.merkleRoot}, rebuilt ${tree.root}` },
    );
  }
  const total = leaves.reduce((sum, leaf) => sum + leaf.weight, 0n);
  if (total !== BigInt(trainingData.totalWeight) || total === 0n || total > maxUint128) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: the total weight ${trainingData.totalWeight} is not the positive uint128 sum of the leaf weights (${total}); train again.`,
    );
  }
  for (const leaf of leaves) {
    if (!verifyRewardProof(tree.root, leaf, leaf.proof)) {
      throw new ArtifactCommitmentMismatchError(
        `${source}: the proof of contribution ${leaf.contributionId} does not verify against the root; train again.`,
      );
    }
  }

  const byId = new Map(artifact.contributions.map((c) => [BigInt(c.contributionId), c]));
  if (byId.size !== leaves.length) {
    throw new ArtifactCommitmentMismatchError(
      `${source}: ${artifact.contributions.length} contributions but ${leaves.length} leaves; train again.`,
    );
  }
  return {
    weightsCommitment: computed,
    trainingDataRoot: tree.root,
    totalWeight: total,
    leaves: leaves.map((leaf) => {
      const contribution = byId.get(leaf.contributionId);
      if (contribution === undefined || BigInt(contribution.weight) !== leaf.weight) {
        throw new ArtifactCommitmentMismatchError(
          `${source}: leaf ${leaf.contributionId} (weight ${leaf.weight}) is not one of the artifact's contributions; train again.`,
        );
      }
      return { ...leaf, file: contribution.file, datasetCommitment: contribution.datasetCommitment };
    }),
  };
}
