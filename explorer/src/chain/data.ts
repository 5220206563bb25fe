import { dataRegistryAbi, dataRewardsAbi, modelRegistryAbi } from "@symbiote/sdk";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { verifyRewardProof } from "../../../trainer/src/data/merkle.ts";
import type { Explorer } from "./connect.ts";
import { BadInputError } from "./errors.ts";
import { getLogsInRanges } from "./logs.ts";

export type ConsentView = {
  since: bigint;
  training: boolean;
  inference: boolean;
  allModels: boolean;
  modelIds: bigint[];
};

export type ContributionView = {
  id: bigint;
  datasetCommitment: Hex;
  metadataURI: string;
  registeredAt: bigint;
  consent: ConsentView;
  /** Consent changes since registration (1 = never changed). */
  consentVersions: bigint;
  claimed: bigint;
  claims: { modelId: bigint; version: number; amount: bigint; transaction: Hex }[];
};

export type GrantView = {
  requester: Address;
  modelId: bigint;
  grantedAt: bigint;
  expiresAt: bigint;
  maxUses: number;
  used: number;
  revoked: boolean;
  usable: boolean;
};

export type ContributorView = {
  address: Address;
  contributions: ContributionView[];
  grants: GrantView[];
  totalClaimed: bigint;
  now: bigint;
};

/** Parses the address typed or linked into the data page. */
export function parseContributor(input: string): Address {
  const trimmed = input.trim();
  if (!isAddress(trimmed, { strict: false })) {
    throw new BadInputError(`"${trimmed}" is not an address; paste the contributor's 0x-prefixed 20-byte address.`);
  }
  return getAddress(trimmed);
}

/**
 * A contributor's contributions (registered by or transferred to them, still theirs), each with its consent and
 * claimed rewards, and the access grants they gave — from the DataRegistry's and DataRewards' events, filtered by the
 * contributor's indexed address, in bounded ranges.
 */
export async function loadContributor(explorer: Explorer, address: Address): Promise<ContributorView> {
  const { client, deployment } = explorer;
  const registry = { address: deployment.dataRegistry, abi: dataRegistryAbi } as const;
  const rewards = { address: deployment.dataRewards, abi: dataRewardsAbi } as const;
  const latest = await client.getBlock({ blockTag: "latest" });
  const range = <T>(query: (fromBlock: bigint, toBlock: bigint) => Promise<readonly T[]>) =>
    getLogsInRanges(query, deployment.startBlock, latest.number);
  const [registered, received, granted, claims] = await Promise.all([
    range((fromBlock, toBlock) =>
      client.getContractEvents({
        ...registry,
        eventName: "ContributionRegistered",
        args: { owner: address },
        fromBlock,
        toBlock,
        strict: true,
      }),
    ),
    range((fromBlock, toBlock) =>
      client.getContractEvents({
        ...registry,
        eventName: "ContributionTransferred",
        args: { newOwner: address },
        fromBlock,
        toBlock,
        strict: true,
      }),
    ),
    range((fromBlock, toBlock) =>
      client.getContractEvents({
        ...registry,
        eventName: "AccessGranted",
        args: { owner: address },
        fromBlock,
        toBlock,
        strict: true,
      }),
    ),
    range((fromBlock, toBlock) =>
      client.getContractEvents({
        ...rewards,
        eventName: "RewardClaimed",
        args: { owner: address },
        fromBlock,
        toBlock,
        strict: true,
      }),
    ),
  ]);
  const candidateIds = [...new Set([...registered, ...received].map((log) => log.args.contributionId))].sort((a, b) =>
    a < b ? -1 : 1,
  );
  const details = await Promise.all(
    candidateIds.map((id) =>
      Promise.all([
        client.readContract({ ...registry, functionName: "contribution", args: [id] }),
        client.readContract({ ...registry, functionName: "currentConsent", args: [id] }),
        client.readContract({ ...registry, functionName: "consentCheckpointCount", args: [id] }),
      ]),
    ),
  );
  const contributions: ContributionView[] = [];
  details.forEach(([contribution, consent, versions], i) => {
    // transferred away since: no longer this contributor's
    if (contribution.owner.toLowerCase() !== address.toLowerCase()) return;
    const id = candidateIds[i] as bigint;
    const mine = claims.filter((c) => c.args.contributionId === id);
    contributions.push({
      id,
      datasetCommitment: contribution.datasetCommitment,
      metadataURI: contribution.metadataURI,
      registeredAt: contribution.registeredAt,
      consent: { ...consent, modelIds: [...consent.modelIds] },
      consentVersions: versions,
      claimed: mine.reduce((sum, c) => sum + c.args.amount, 0n),
      claims: mine.map((c) => ({
        modelId: c.args.modelId,
        version: c.args.version,
        amount: c.args.amount,
        transaction: c.transactionHash,
      })),
    });
  });
  const pairs = new Map<string, { requester: Address; modelId: bigint }>();
  for (const g of granted) pairs.set(`${g.args.requester}-${g.args.modelId}`, g.args);
  const grantList = [...pairs.values()];
  const grantStates = await Promise.all(
    grantList.map(({ requester, modelId }) =>
      Promise.all([
        client.readContract({ ...registry, functionName: "grantOf", args: [address, requester, modelId] }),
        client.readContract({ ...registry, functionName: "isGrantValid", args: [address, requester, modelId] }),
      ]),
    ),
  );
  return {
    address,
    contributions,
    grants: grantList.map(({ requester, modelId }, i) => {
      const [grant, usable] = grantStates[i] as NonNullable<(typeof grantStates)[number]>;
      return { requester, modelId, ...grant, usable };
    }),
    totalClaimed: claims.reduce((sum, c) => sum + c.args.amount, 0n),
    now: latest.timestamp,
  };
}

/** One leaf of a rewards file (`trainer publish` writes `<artifact>.rewards.json`, see docs/training.md). */
export type RewardsFileLeaf = { contributionId: bigint; weight: bigint; proof: Hex[] };
export type ClaimableLeaf = RewardsFileLeaf & {
  modelId: bigint;
  version: number;
  /** The leaf is in the version's on-chain training-data root. */
  inRoot: boolean;
  claimable: bigint;
  paid: bigint;
};

/**
 * Reads the parts of a rewards file the page needs (model, version, leaves with proofs).
 *
 * @throws {BadInputError} not JSON or not a `symbiote.training-rewards` file.
 */
export function parseRewardsLeaves(text: string): { modelId: bigint; version: number; leaves: RewardsFileLeaf[] } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BadInputError("the pasted text is not JSON; paste the whole .rewards.json file `trainer publish` wrote.");
  }
  const leaves = json.leaves;
  if (json.format !== "symbiote.training-rewards" || !Array.isArray(leaves) || typeof json.modelVersion !== "number") {
    throw new BadInputError(
      "this is not a symbiote.training-rewards file; paste the .rewards.json file `trainer publish` wrote for the version.",
    );
  }
  try {
    return {
      modelId: BigInt(json.modelId as string),
      version: json.modelVersion,
      leaves: (leaves as Record<string, unknown>[]).map((leaf) => ({
        contributionId: BigInt(leaf.contributionId as string),
        weight: BigInt(leaf.weight as string),
        proof: (leaf.proof as Hex[]).map((p) => p),
      })),
    };
  } catch (cause) {
    throw new BadInputError(
      "a leaf of the rewards file has a malformed id, weight or proof; paste the file unchanged.",
      {
        cause,
      },
    );
  }
}

/**
 * What each of the contributor's leaves in a rewards file can claim now: the leaf is checked against the version's
 * on-chain root, then DataRewards.claimable and paidOut are read.
 */
export async function claimableFromRewardsFile(
  explorer: Explorer,
  contributionIds: readonly bigint[],
  text: string,
): Promise<ClaimableLeaf[]> {
  const { client, deployment } = explorer;
  const file = parseRewardsLeaves(text);
  const version = await client.readContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "version",
    args: [file.modelId, file.version],
  });
  const mine = file.leaves.filter((leaf) => contributionIds.includes(leaf.contributionId));
  return Promise.all(
    mine.map(async (leaf) => {
      const inRoot = verifyRewardProof(version.trainingDataRoot, leaf, leaf.proof);
      const rewards = { address: deployment.dataRewards, abi: dataRewardsAbi } as const;
      const [claimable, paid] = await Promise.all([
        inRoot
          ? client.readContract({
              ...rewards,
              functionName: "claimable",
              args: [file.modelId, file.version, leaf.contributionId, leaf.weight, leaf.proof],
            })
          : 0n,
        client.readContract({
          ...rewards,
          functionName: "paidOut",
          args: [file.modelId, file.version, leaf.contributionId],
        }),
      ]);
      return { ...leaf, modelId: file.modelId, version: file.version, inRoot, claimable, paid };
    }),
  );
}
