import { readFile } from "node:fs/promises";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { z } from "zod";
import { writeJsonAtomic } from "../train/artifact.ts";
import { RewardsFileError } from "./rewardErrors.ts";

/** Format tag and version of a rewards file; an incompatible change bumps the version (see docs/training.md). */
export const REWARDS_FORMAT = "symbiote.training-rewards";
export const REWARDS_VERSION = 1;

/** One contribution's leaf in a published version, with what its contributor needs to claim. */
export type RewardsLeaf = {
  contributionId: bigint;
  /** The artifact's file name for the contribution, e.g. `alice.csv`. */
  file: string;
  datasetCommitment: Hex;
  weight: bigint;
  /** Sibling hashes from the leaf to the root (OpenZeppelin `MerkleProof` order). */
  proof: Hex[];
  /** Whether the contribution had consented to training for this model when the version was published. */
  trainingConsent: boolean;
};

/**
 * Everything a contributor needs to claim from one published model version, and nothing private: the version, its
 * training-data root and total weight, the contracts, and each leaf with its proof. `publish` writes it; `claim` and
 * `sweep` read it. Unlike the model artifact it holds no weights and no salt, so it can be shared with contributors.
 */
export type RewardsFile = {
  format: typeof REWARDS_FORMAT;
  version: typeof REWARDS_VERSION;
  chainId: number;
  modelRegistry: Address;
  dataRegistry: Address;
  dataRewards: Address;
  modelId: bigint;
  modelVersion: number;
  weightsCommitment: Hex;
  trainingDataRoot: Hex;
  totalWeight: bigint;
  /** Block timestamp of the publication: consent in force then decides who may claim. */
  publishedAt: bigint;
  transactionHash: Hex;
  leaves: RewardsLeaf[];
};

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { error: "must be a 0x-prefixed 20-byte address" })
  .transform((value) => getAddress(value));
const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: "must be a 0x-prefixed 32-byte hex string" })
  .transform((value) => value as Hex);
const uint = z
  .string()
  .regex(/^\d+$/, { error: "must be a decimal integer string" })
  .transform((value) => BigInt(value));

const schema = z.object({
  format: z.literal(REWARDS_FORMAT),
  version: z.literal(REWARDS_VERSION),
  chainId: z.number().int().positive(),
  modelRegistry: address,
  dataRegistry: address,
  dataRewards: address,
  modelId: uint,
  modelVersion: z.number().int().positive(),
  weightsCommitment: hex32,
  trainingDataRoot: hex32,
  totalWeight: uint,
  publishedAt: uint,
  transactionHash: hex32,
  leaves: z
    .array(
      z.object({
        contributionId: uint,
        file: z.string(),
        datasetCommitment: hex32,
        weight: uint,
        proof: z.array(hex32),
        trainingConsent: z.boolean(),
      }),
    )
    .min(1),
});

/** Writes a rewards file atomically (temporary name, then rename), integers as decimal strings. */
export async function writeRewardsFile(path: string, rewards: RewardsFile): Promise<void> {
  await writeJsonAtomic(path, rewards);
}

/**
 * Reads and validates a rewards file.
 *
 * @throws {RewardsFileError} unreadable, not JSON, or not a version-1 rewards file; the message names each bad field.
 */
export async function readRewardsFile(path: string): Promise<RewardsFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new RewardsFileError(
      `cannot read the rewards file ${path}; pass the .rewards.json file \`trainer publish\` wrote for the version.`,
      { cause },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new RewardsFileError(
      `${path} is not a ${REWARDS_FORMAT} version ${REWARDS_VERSION} file; pass the file \`trainer publish\` wrote.`,
      { details: parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ") },
    );
  }
  return parsed.data as RewardsFile;
}

/** The rewards file's path for an artifact path: `x.json` → `x.rewards.json`. */
export function rewardsPathFor(artifactPath: string): string {
  return artifactPath.endsWith(".json") ? `${artifactPath.slice(0, -5)}.rewards.json` : `${artifactPath}.rewards.json`;
}
