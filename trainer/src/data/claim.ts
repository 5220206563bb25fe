import type { BaseError } from "@symbiote/sdk";
import {
  classifyRpcError,
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  modelRegistryAbi,
  revertName,
} from "@symbiote/sdk";
import { type Address, type Hex, parseEventLogs } from "viem";
import { assertDeploymentChain, type ChainAccess, sendContract } from "./chainAccess.ts";
import { verifyRewardProof } from "./merkle.ts";
import {
  ConsentNotFinalError,
  NoTrainingConsentError,
  NothingToClaimError,
  RewardsFileError,
  TrainingConsentedError,
  UnknownLeafError,
  WrongChainError,
} from "./rewardErrors.ts";
import type { RewardsFile, RewardsLeaf } from "./rewardsFile.ts";

type RewardsAccess = ChainAccess & {
  /** The rewards file `publishModel` wrote for the version (`readRewardsFile`). */
  rewards: RewardsFile;
  /**
   * First deposit the version's data share that the coordinator has accrued but not yet passed on (a permissionless
   * `flushDataRewards`), so the payout includes every fee earned so far. Default true.
   */
  flush?: boolean;
  /**
   * How long to wait, when the version was published in the latest block, for a later block to make consent at
   * publication final (default 30 s; 0 refuses at once). A chain that only mines on transactions never gets one.
   */
  finalityWaitMs?: number;
  onProgress?: (message: string) => void;
};

const DEFAULT_FINALITY_WAIT_MS = 30_000;
const FINALITY_POLL_MS = 500;

export type ClaimRewardsParameters = RewardsAccess & {
  /** The contribution whose leaf to claim for; the tokens go to its owner now, whoever signs. */
  contributionId: bigint;
};

export type ClaimRewardsReturnType = {
  amount: bigint;
  /** Who received the tokens: the contribution's owner at claim time. */
  owner: Address;
  transactionHash: Hex;
  /** What the flush deposited into the version's pool first (0 if there was nothing or `flush` was off). */
  flushed: bigint;
  /** Everything the leaf has been paid so far, this claim included. */
  paidOut: bigint;
};

/**
 * Claims a contributor's rewards for one model version: `weight × accumulated reward per weight − already paid`,
 * proven by the leaf's Merkle proof from the rewards file, paid to the contribution's current owner. Can be called
 * again whenever the version has earned more fees.
 *
 * @example
 * const rewards = await readRewardsFile("artifacts/credit-v1.rewards.json");
 * const { amount } = await claimRewards({ publicClient, walletClient, deployment, rewards, contributionId: 7n });
 * @throws {WrongChainError} the RPC, the deployment and the rewards file are not on one chain.
 * @throws {RewardsFileError} the file was written for another deployment or disagrees with the registry's root.
 * @throws {UnknownLeafError} the contribution has no leaf in this version.
 * @throws {NoTrainingConsentError} no training consent at publication: the leaf can never claim (it can be swept).
 * @throws {NothingToClaimError} everything accrued was already paid.
 * @throws {ConsentNotFinalError} the version was published in the latest block and no later block came within
 *   `finalityWaitMs`.
 */
export async function claimRewards(parameters: ClaimRewardsParameters): Promise<ClaimRewardsReturnType> {
  const { rewards, deployment, publicClient, contributionId } = parameters;
  const leaf = leafOf(rewards, contributionId);
  const publishedAt = await openVersion(parameters);
  const flushed = await flushIfDue(parameters);
  if (!(await hadTrainingConsent(parameters, contributionId, publishedAt))) {
    throw new NoTrainingConsentError(
      `contribution ${contributionId} had no training consent for model ${rewards.modelId} when version ${rewards.modelVersion} was published: it can never claim from this version. Anyone can send its share to the treasury with \`trainer sweep\`.`,
    );
  }
  const args = leafArgs(rewards, leaf);
  const claimable = await publicClient.readContract({
    address: deployment.dataRewards,
    abi: dataRewardsAbi,
    functionName: "claimable",
    args,
  });
  if (claimable === 0n) throw await nothingOwed(parameters, leaf);
  parameters.onProgress?.(`claiming ${claimable} for contribution ${contributionId}`);
  const receipt = await sendContract(
    parameters,
    { address: deployment.dataRewards, abi: dataRewardsAbi, functionName: "claim", args },
    "claim",
    (name) => rewardsRefusal(name, parameters, leaf),
  );
  const [event] = parseEventLogs({ abi: dataRewardsAbi, eventName: "RewardClaimed", logs: receipt.logs });
  if (event === undefined) {
    throw new RewardsFileError(
      `transaction ${receipt.transactionHash} paid nothing; the deployment's DataRewards is wrong.`,
    );
  }
  return {
    amount: event.args.amount,
    owner: event.args.owner,
    transactionHash: receipt.transactionHash,
    flushed,
    paidOut: await paidOut(parameters, contributionId),
  };
}

export type SweepRewardsParameters = RewardsAccess & {
  /** Leaves to sweep; default: every leaf without training consent at publication that has something accrued. */
  contributionIds?: readonly bigint[];
};

export type SweepRewardsReturnType = {
  /** Where swept rewards went. */
  treasury: Address;
  swept: { contributionId: bigint; amount: bigint; transactionHash: Hex }[];
  total: bigint;
  flushed: bigint;
};

/**
 * Sends the accrued share of leaves that can never claim (no training consent for the model when the version was
 * published) to the treasury: the permissionless sweep that keeps nothing stuck in a pool. Without explicit ids it
 * sweeps every such leaf of the rewards file that has something accrued, and returns an empty list if none has.
 *
 * @example
 * const { total } = await sweepRewards({ publicClient, walletClient, deployment, rewards });
 * @throws {TrainingConsentedError} an explicitly named leaf had consent: its rewards are its owner's.
 * @throws {NothingToClaimError} an explicitly named leaf has nothing accrued beyond what was swept.
 * @throws the errors of {@link claimRewards} about the chain and the rewards file.
 */
export async function sweepRewards(parameters: SweepRewardsParameters): Promise<SweepRewardsReturnType> {
  const { rewards, deployment, publicClient } = parameters;
  const explicit = parameters.contributionIds !== undefined;
  const leaves = explicit ? (parameters.contributionIds ?? []).map((id) => leafOf(rewards, id)) : [...rewards.leaves];
  const publishedAt = await openVersion(parameters);
  const flushed = await flushIfDue(parameters);
  const treasury = await publicClient.readContract({
    address: deployment.dataRewards,
    abi: dataRewardsAbi,
    functionName: "treasury",
  });
  const swept: SweepRewardsReturnType["swept"] = [];
  for (const leaf of leaves) {
    if (await hadTrainingConsent(parameters, leaf.contributionId, publishedAt)) {
      if (!explicit) continue;
      throw new TrainingConsentedError(
        `contribution ${leaf.contributionId} had training consent when version ${rewards.modelVersion} was published: its rewards are its owner's to claim, not to sweep.`,
      );
    }
    const args = leafArgs(rewards, leaf);
    const sweepable = await publicClient.readContract({
      address: deployment.dataRewards,
      abi: dataRewardsAbi,
      functionName: "sweepable",
      args,
    });
    if (sweepable === 0n) {
      if (!explicit) continue;
      throw await nothingOwed(parameters, leaf);
    }
    parameters.onProgress?.(`sweeping ${sweepable} of contribution ${leaf.contributionId} to the treasury`);
    const receipt = await sendContract(
      parameters,
      { address: deployment.dataRewards, abi: dataRewardsAbi, functionName: "sweep", args },
      "sweep",
      (name) => rewardsRefusal(name, parameters, leaf),
    );
    const [event] = parseEventLogs({ abi: dataRewardsAbi, eventName: "RewardSwept", logs: receipt.logs });
    swept.push({
      contributionId: leaf.contributionId,
      amount: event?.args.amount ?? 0n,
      transactionHash: receipt.transactionHash,
    });
  }
  return { treasury, swept, total: swept.reduce((sum, s) => sum + s.amount, 0n), flushed };
}

function leafOf(rewards: RewardsFile, contributionId: bigint): RewardsLeaf {
  const leaf = rewards.leaves.find((l) => l.contributionId === contributionId);
  if (leaf === undefined) {
    throw new UnknownLeafError(
      `contribution ${contributionId} has no leaf in model ${rewards.modelId} version ${rewards.modelVersion}; this version was trained on contributions ${rewards.leaves.map((l) => l.contributionId).join(", ")}.`,
    );
  }
  if (!verifyRewardProof(rewards.trainingDataRoot, leaf, leaf.proof)) {
    throw new RewardsFileError(
      `the rewards file's proof for contribution ${contributionId} does not verify against its root; the file was edited. Ask the model owner for the file \`trainer publish\` wrote.`,
    );
  }
  return leaf;
}

const leafArgs = (rewards: RewardsFile, leaf: RewardsLeaf) =>
  [rewards.modelId, rewards.modelVersion, leaf.contributionId, leaf.weight, leaf.proof] as const;

/**
 * Checks that the RPC, the deployment and the rewards file agree and that the registry holds the file's root for the
 * version, and returns the version's publication time.
 */
async function openVersion(access: RewardsAccess): Promise<bigint> {
  const { rewards, deployment, publicClient } = access;
  if (rewards.chainId !== deployment.chainId) {
    throw new WrongChainError(
      `the rewards file is for chain ${rewards.chainId} but the deployment is on chain ${deployment.chainId}; pass the deployment of chain ${rewards.chainId}.`,
    );
  }
  await assertDeploymentChain(access);
  if (rewards.dataRewards !== deployment.dataRewards || rewards.modelRegistry !== deployment.registry) {
    throw new RewardsFileError(
      `the rewards file was written for the deployment with DataRewards ${rewards.dataRewards}, not ${deployment.dataRewards}; pass that deployment's file.`,
    );
  }
  let version: { trainingDataRoot: Hex; publishedAt: bigint };
  try {
    version = await publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "version",
      args: [rewards.modelId, rewards.modelVersion],
    });
  } catch (error) {
    const name = revertName(error);
    if (name === "RegistryUnknownModel" || name === "RegistryUnknownVersion") {
      throw new RewardsFileError(
        `the registry has no model ${rewards.modelId} version ${rewards.modelVersion}; the rewards file belongs to another deployment.`,
      );
    }
    throw classifyRpcError(error, "reading the version");
  }
  if (version.trainingDataRoot.toLowerCase() !== rewards.trainingDataRoot.toLowerCase()) {
    throw new RewardsFileError(
      `model ${rewards.modelId} version ${rewards.modelVersion} has training-data root ${version.trainingDataRoot}, not the file's ${rewards.trainingDataRoot}; use the rewards file written when this version was published.`,
    );
  }
  await waitForConsentFinality(access, version.publishedAt);
  return version.publishedAt;
}

/**
 * Consent at publication is final once a block later than the publication exists (the contract refuses claims and
 * sweeps in the publication's own second). Right after publishing, that block is usually a second away: wait for it
 * rather than fail, up to `finalityWaitMs`.
 */
async function waitForConsentFinality(access: RewardsAccess, publishedAt: bigint): Promise<void> {
  const { rewards, publicClient } = access;
  const deadline = Date.now() + (access.finalityWaitMs ?? DEFAULT_FINALITY_WAIT_MS);
  let announced = false;
  for (;;) {
    const latest = await publicClient.getBlock({ blockTag: "latest" });
    if (latest.timestamp > publishedAt) return;
    if (Date.now() >= deadline) {
      throw new ConsentNotFinalError(
        `model ${rewards.modelId} version ${rewards.modelVersion} was published in the latest block (timestamp ${publishedAt}) and no later block came; consent at publication is final from the next block on. Try again once the chain has mined another block.`,
      );
    }
    if (!announced) access.onProgress?.("waiting for the block after the version's publication");
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, FINALITY_POLL_MS));
  }
}

/** Deposits the coordinator's accrued data share of the version into DataRewards, when there is one and asked to. */
async function flushIfDue(access: RewardsAccess): Promise<bigint> {
  if (access.flush === false) return 0n;
  const { rewards, deployment, publicClient } = access;
  const [, data] = await publicClient.readContract({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "versionEarnings",
    args: [rewards.modelId, rewards.modelVersion],
  });
  if (data === 0n) return 0n;
  access.onProgress?.(`depositing the version's accrued data share, ${data}, into its reward pool`);
  await sendContract(
    access,
    {
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "flushDataRewards",
      args: [rewards.modelId, rewards.modelVersion],
    },
    "flushDataRewards",
  );
  return data;
}

async function hadTrainingConsent(access: RewardsAccess, contributionId: bigint, publishedAt: bigint) {
  const [training] = await access.publicClient.readContract({
    address: access.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "consentAt",
    args: [contributionId, access.rewards.modelId, publishedAt],
  });
  return training;
}

function paidOut(access: RewardsAccess, contributionId: bigint): Promise<bigint> {
  return access.publicClient.readContract({
    address: access.deployment.dataRewards,
    abi: dataRewardsAbi,
    functionName: "paidOut",
    args: [access.rewards.modelId, access.rewards.modelVersion, contributionId],
  });
}

async function nothingOwed(access: RewardsAccess, leaf: RewardsLeaf): Promise<NothingToClaimError> {
  const paid = await paidOut(access, leaf.contributionId);
  return new NothingToClaimError(
    `contribution ${leaf.contributionId} has nothing new to collect from model ${access.rewards.modelId} version ${access.rewards.modelVersion} (${paid} paid out so far); more accrues as the version earns fees.`,
  );
}

function rewardsRefusal(name: string, access: RewardsAccess, leaf: RewardsLeaf): BaseError | undefined {
  const { rewards } = access;
  switch (name) {
    case "DataRewardsNothingOwed":
      return new NothingToClaimError(
        `contribution ${leaf.contributionId} has nothing new to collect from model ${rewards.modelId} version ${rewards.modelVersion}.`,
      );
    case "DataRewardsNoTrainingConsent":
      return new NoTrainingConsentError(
        `contribution ${leaf.contributionId} had no training consent at publication; it can never claim (\`trainer sweep\` sends its share to the treasury).`,
      );
    case "DataRewardsTrainingConsented":
      return new TrainingConsentedError(
        `contribution ${leaf.contributionId} had training consent at publication; only its owner's claim pays it.`,
      );
    case "DataRewardsInvalidProof":
      return new RewardsFileError(
        `the registry's root rejects the proof of contribution ${leaf.contributionId}; use the rewards file written when this version was published.`,
      );
    case "DataRewardsConsentNotFinal":
      return new ConsentNotFinalError(
        "the version was published in the latest block; consent at publication is final from the next block on. Try again in a few seconds.",
      );
    default:
      return undefined;
  }
}
