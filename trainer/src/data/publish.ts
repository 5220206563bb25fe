import { join } from "node:path";
import { ModelStore, PublisherMismatchError } from "@symbiote/circuits";
import { classifyRpcError, dataRegistryAbi, FatalError, modelRegistryAbi, revertName } from "@symbiote/sdk";
import { type Address, getAddress, type Hex, parseEventLogs } from "viem";
import { type ModelArtifact, writeJsonAtomic } from "../train/artifact.ts";
import { type VerifiedArtifact, verifyArtifact } from "./artifactIntegrity.ts";
import { assertDeploymentChain, type ChainAccess, sendContract } from "./chainAccess.ts";
import {
  AlreadyPublishedError,
  ContributionMismatchError,
  NoMatchingCircuitError,
  NotModelOwnerError,
  UnknownModelError,
} from "./rewardErrors.ts";
import {
  REWARDS_FORMAT,
  REWARDS_VERSION,
  type RewardsFile,
  type RewardsLeaf,
  writeRewardsFile,
} from "./rewardsFile.ts";
import { chooseServingCircuits, circuitFits, type InputMode, type ProofSystem } from "./servingCircuits.ts";

/** ModelRegistry.MAX_URI_LENGTH. */
const MAX_URI_LENGTH = 512;

export type PublishModelParameters = ChainAccess & {
  /** The trained model artifact (`readArtifact` of the file `trainer train` wrote). */
  artifact: ModelArtifact;
  /** Where the artifact was read from: named in messages and stored with the operator's copy. */
  artifactPath: string;
  /** Where the public model card is published (ipfs://…, https://…); 1 to 512 bytes. */
  metadataURI: string;
  /** Publish a new version of this model. Without it a new model is registered with this artifact as version 1. */
  modelId?: bigint;
  /** Fee per inference in token wei: required to register a model; for a new version, set when it differs. */
  feePerInference?: bigint;
  /** Input modes to offer (registration only); default: every mode an active circuit of the artifact's shape has. */
  inputModes?: readonly InputMode[];
  /** Proof system of the circuits to serve on (registration only); default Groth16. */
  proofSystem?: ProofSystem;
  /** Where to write the rewards file for contributors (leaves, proofs, consent at publication). */
  rewardsPath: string;
  /** An operator's model store folder to put the weights into, so the node serves the version at once. */
  modelStoreDir?: string;
  onProgress?: (message: string) => void;
};

export type PublishModelReturnType = {
  modelId: bigint;
  version: number;
  /** True when a new model was registered, false for a new version of an existing one. */
  registered: boolean;
  transactionHash: Hex;
  publishedAt: bigint;
  /** Circuit ids offered per input mode (0 = not offered). */
  circuits: { public: number; committed: number };
  rewards: RewardsFile;
  rewardsPath: string;
  /** The weights file in the operator's model store, when `modelStoreDir` was given. */
  modelStorePath: string | undefined;
  /** The artifact as published, its `publisher` the signer: the file to hand to operators. */
  artifact: ModelArtifact;
};

/**
 * Publishes a trained model on chain: registers a model with the artifact as its first version, or appends a version
 * to a model the signer owns, recording the weights commitment, the model card's URI and the training-data root with
 * its total weight. Before sending anything it checks that the artifact holds together (weights open the commitment,
 * leaves rebuild the root), that every contribution is registered in the DataRegistry with the dataset commitment
 * the trainer saw, and that no version with these weights exists yet. Afterwards it writes the rewards file for
 * contributors, with each leaf's consent at publication, and, if asked, the weights into an operator's model store.
 *
 * The artifact must name the signer as its publisher, or none: operators serve its weights only for a model its
 * publisher owns (so a stranger who copies the commitment from this pending transaction and registers it first gets a
 * model nobody holding the file serves). An artifact naming none is bound to the signer, and rewritten at
 * `artifactPath`, before anything is sent: hand that file to operators.
 *
 * @example
 * const artifact = await readArtifact("artifacts/credit-v1.json");
 * const { modelId, version } = await publishModel({
 *   publicClient, walletClient, deployment, artifact, artifactPath: "artifacts/credit-v1.json",
 *   metadataURI: "ipfs://bafy…/credit-v1.card.json", feePerInference: parseEther("1"),
 *   rewardsPath: "artifacts/credit-v1.rewards.json",
 * });
 * @throws {WrongChainError} the RPC serves another chain than the deployment.
 * @throws {ArtifactCommitmentMismatchError} the artifact was edited or damaged.
 * @throws {ContributionMismatchError} a contribution is not registered, or with another dataset commitment.
 * @throws {AlreadyPublishedError} a version with these weights is already registered.
 * @throws {UnknownModelError} / {NotModelOwnerError} for a new version of a model that is missing or not the signer's.
 * @throws {NoMatchingCircuitError} no active circuit proves the artifact's family and shape.
 * @throws {PublisherMismatchError} the artifact was bound to another publisher than the signer.
 */
export async function publishModel(parameters: PublishModelParameters): Promise<PublishModelReturnType> {
  const { publicClient, deployment, artifactPath } = parameters;
  const progress = parameters.onProgress ?? (() => {});
  const uriLength = new TextEncoder().encode(parameters.metadataURI).length;
  if (uriLength === 0 || uriLength > MAX_URI_LENGTH) {
    throw new FatalError(
      `the metadata URI is ${uriLength} bytes; the registry takes 1 to ${MAX_URI_LENGTH}. Publish the model card and pass its URI.`,
    );
  }
  if (parameters.modelId === undefined && parameters.feePerInference === undefined) {
    throw new FatalError("registering a model needs a fee per inference; pass one (0 for a free model).");
  }
  // Local checks first: a damaged artifact, or one bound to someone else, is reported without touching the network.
  const verified = verifyArtifact(parameters.artifact, artifactPath);
  const signer = getAddress(parameters.walletClient.account.address);
  if (parameters.artifact.publisher !== undefined && getAddress(parameters.artifact.publisher) !== signer) {
    throw new PublisherMismatchError(
      `${artifactPath} names ${getAddress(parameters.artifact.publisher)} as its publisher, but the signer is ${signer}: operators handed this file serve it only for a model ${getAddress(parameters.artifact.publisher)} owns. Sign with that key, or train again with --publisher ${signer}.`,
    );
  }
  const artifact: ModelArtifact = { ...parameters.artifact, publisher: signer };
  await assertDeploymentChain(parameters);
  progress(
    `artifact ${artifact.name}: weights commitment 0x${verified.weightsCommitment.toString(16).padStart(64, "0")}, root ${verified.trainingDataRoot}, total weight ${verified.totalWeight}`,
  );
  await checkContributions(parameters, verified);
  progress(`${verified.leaves.length} contributions match the DataRegistry's dataset commitments`);
  await refuseRepublication(parameters, verified.weightsCommitment);

  const versionParams = {
    weightsCommitment: verified.weightsCommitment,
    trainingDataRoot: verified.trainingDataRoot,
    totalDataWeight: verified.totalWeight,
    metadataURI: parameters.metadataURI,
  };
  const refusal = (name: string) => registryRefusal(name, parameters.modelId);
  const circuits =
    parameters.modelId === undefined
      ? await chooseServingCircuits(publicClient, deployment.registry, artifact, {
          modes: parameters.inputModes,
          proofSystem: parameters.proofSystem,
        })
      : await checkModelForNewVersion(parameters, parameters.modelId);
  if (parameters.artifact.publisher === undefined) {
    // once every check passed, before the transaction: a copy handed over while it is pending is bound already
    await writeJsonAtomic(artifactPath, artifact);
    progress(`recorded publisher ${signer} in ${artifactPath}: hand this file to operators`);
  }
  let receipt: Awaited<ReturnType<typeof sendContract>>;
  if (parameters.modelId === undefined) {
    progress(
      `registering a model on circuits public ${circuits.public || "-"}, committed ${circuits.committed || "-"}`,
    );
    receipt = await sendContract(
      parameters,
      {
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "registerModel",
        args: [circuits.public, circuits.committed, parameters.feePerInference, false, versionParams],
      },
      "registerModel",
      refusal,
    );
  } else {
    progress(`publishing a new version of model ${parameters.modelId}`);
    receipt = await sendContract(
      parameters,
      {
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "publishVersion",
        args: [parameters.modelId, versionParams],
      },
      "publishVersion",
      refusal,
    );
  }
  const [published] = parseEventLogs({ abi: modelRegistryAbi, eventName: "VersionPublished", logs: receipt.logs });
  if (published === undefined) {
    throw new FatalError(
      `transaction ${receipt.transactionHash} published no version; the deployment's ModelRegistry address is wrong.`,
    );
  }
  const { modelId, version } = published.args;
  const block = await publicClient.getBlock({ blockHash: receipt.blockHash });
  progress(
    `published model ${modelId} version ${version} in block ${receipt.blockNumber} (${receipt.transactionHash})`,
  );

  if (parameters.modelId !== undefined && parameters.feePerInference !== undefined) {
    await updateFee(parameters, modelId, parameters.feePerInference);
  }

  const leaves = await leavesWithConsent(parameters, verified, modelId, block.timestamp);
  for (const leaf of leaves.filter((l) => !l.trainingConsent)) {
    progress(
      `contribution ${leaf.contributionId} (${leaf.file}) had no training consent for model ${modelId} at publication: it can never claim, and its share goes to the treasury through \`trainer sweep\``,
    );
  }
  const rewards: RewardsFile = {
    format: REWARDS_FORMAT,
    version: REWARDS_VERSION,
    chainId: deployment.chainId,
    modelRegistry: deployment.registry,
    dataRegistry: deployment.dataRegistry,
    dataRewards: deployment.dataRewards,
    modelId,
    modelVersion: version,
    weightsCommitment: `0x${verified.weightsCommitment.toString(16).padStart(64, "0")}`,
    trainingDataRoot: verified.trainingDataRoot,
    totalWeight: verified.totalWeight,
    publishedAt: block.timestamp,
    transactionHash: receipt.transactionHash,
    leaves,
  };
  await writeRewardsFile(parameters.rewardsPath, rewards);
  progress(`wrote the rewards file ${parameters.rewardsPath} for contributors`);

  let modelStorePath: string | undefined;
  if (parameters.modelStoreDir !== undefined) {
    new ModelStore(parameters.modelStoreDir).putModel(verified.weightsCommitment, artifact, artifactPath);
    modelStorePath = join(
      parameters.modelStoreDir,
      "models",
      `${verified.weightsCommitment.toString(16).padStart(64, "0")}.json`,
    );
    progress(`stored the weights in the model store ${parameters.modelStoreDir}`);
  }

  return {
    modelId,
    version,
    registered: parameters.modelId === undefined,
    transactionHash: receipt.transactionHash,
    publishedAt: block.timestamp,
    circuits,
    rewards,
    rewardsPath: parameters.rewardsPath,
    modelStorePath,
    artifact,
  };
}

/** Every leaf's contribution must exist and carry the dataset commitment the trainer computed from the file. */
async function checkContributions(access: ChainAccess, verified: VerifiedArtifact): Promise<void> {
  const { publicClient, deployment } = access;
  const count = await publicClient.readContract({
    address: deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "contributionCount",
  });
  for (const leaf of verified.leaves) {
    if (leaf.contributionId === 0n || leaf.contributionId > count) {
      throw new ContributionMismatchError(
        `contribution ${leaf.contributionId} (${leaf.file}) is not registered in the DataRegistry (${count} contributions exist); its contributor registers it first (\`trainer contribute\`), then train with --ids mapping each file to its id.`,
      );
    }
    const registered = await publicClient.readContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "contribution",
      args: [leaf.contributionId],
    });
    if (registered.datasetCommitment.toLowerCase() !== leaf.datasetCommitment.toLowerCase()) {
      throw new ContributionMismatchError(
        `contribution ${leaf.contributionId} was registered for another dataset than ${leaf.file}; check the --ids map the model was trained with and train again.`,
        { details: `registered ${registered.datasetCommitment}, trained on ${leaf.datasetCommitment}` },
      );
    }
  }
}

/** Refuses weights already in the registry: their fees and rewards belong to the version that holds them. */
async function refuseRepublication(access: ChainAccess, weightsCommitment: bigint): Promise<void> {
  const { publicClient, deployment } = access;
  let events: { args: { modelId?: bigint; version?: number; weightsCommitment?: bigint } }[];
  try {
    events = await publicClient.getContractEvents({
      address: deployment.registry,
      abi: modelRegistryAbi,
      eventName: "VersionPublished",
      fromBlock: deployment.startBlock,
    });
  } catch (error) {
    throw classifyRpcError(error, "reading the registry's published versions");
  }
  const existing = events.find((event) => event.args.weightsCommitment === weightsCommitment);
  if (existing) {
    const modelId = existing.args.modelId as bigint;
    const version = existing.args.version as number;
    throw new AlreadyPublishedError(
      modelId,
      version,
      `these weights are already published as model ${modelId} version ${version}, and its contributors claim from that version; to publish a new version, train again (every training run draws a new salt, and so a new weights commitment).`,
    );
  }
}

/** A new version must go to a model the signer owns, served by circuits that fit the artifact. */
async function checkModelForNewVersion(
  parameters: PublishModelParameters,
  modelId: bigint,
): Promise<{ public: number; committed: number }> {
  const { publicClient, deployment, walletClient, artifact } = parameters;
  let model: { owner: Address; community: boolean; publicCircuitId: number; committedCircuitId: number };
  try {
    model = await publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "model",
      args: [modelId],
    });
  } catch (error) {
    if (revertName(error) === "RegistryUnknownModel") throw unknownModel(modelId);
    throw classifyRpcError(error, `reading model ${modelId}`);
  }
  if (model.community) {
    throw new NotModelOwnerError(
      `model ${modelId} is a community model: its versions are published by governance, through a proposal.`,
    );
  }
  if (model.owner.toLowerCase() !== walletClient.account.address.toLowerCase()) {
    throw new NotModelOwnerError(
      `model ${modelId} belongs to ${model.owner}, not to ${walletClient.account.address}; sign with the owner's key or register a new model (omit --model).`,
    );
  }
  for (const circuitId of [model.publicCircuitId, model.committedCircuitId].filter((id) => id !== 0)) {
    const circuit = await publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [circuitId],
    });
    if (!circuitFits(circuit, artifact)) {
      throw new NoMatchingCircuitError(
        `model ${modelId} is served by circuit ${circuitId} of shape [${circuit.shape.join(", ")}], which cannot prove this ${artifact.family}; register it as a new model (omit --model).`,
      );
    }
  }
  return { public: model.publicCircuitId, committed: model.committedCircuitId };
}

async function updateFee(parameters: PublishModelParameters, modelId: bigint, fee: bigint): Promise<void> {
  const { publicClient, deployment } = parameters;
  const model = await publicClient.readContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "model",
    args: [modelId],
  });
  if (model.feePerInference === fee) return;
  await sendContract(
    parameters,
    { address: deployment.registry, abi: modelRegistryAbi, functionName: "setModelFee", args: [modelId, fee] },
    "setModelFee",
    (name) => registryRefusal(name, modelId),
  );
  parameters.onProgress?.(`fee of model ${modelId} set to ${fee} wei`);
}

/** Each leaf with whether its contribution consented to training for this model at the publication's timestamp. */
async function leavesWithConsent(
  access: ChainAccess,
  verified: VerifiedArtifact,
  modelId: bigint,
  publishedAt: bigint,
): Promise<RewardsLeaf[]> {
  const leaves: RewardsLeaf[] = [];
  for (const leaf of verified.leaves) {
    const [training] = await access.publicClient.readContract({
      address: access.deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "consentAt",
      args: [leaf.contributionId, modelId, publishedAt],
    });
    leaves.push({
      contributionId: leaf.contributionId,
      file: leaf.file,
      datasetCommitment: leaf.datasetCommitment,
      weight: leaf.weight,
      proof: leaf.proof,
      trainingConsent: training,
    });
  }
  return leaves;
}

const unknownModel = (modelId: bigint) =>
  new UnknownModelError(`the registry has no model ${modelId}; check the id, or omit --model to register a new model.`);

function registryRefusal(name: string, modelId: bigint | undefined) {
  switch (name) {
    case "RegistryUnknownModel":
      return unknownModel(modelId ?? 0n);
    case "RegistryNotModelOwner":
    case "RegistryCommunityModel":
      return new NotModelOwnerError(
        `the signer may not publish versions of model ${modelId}; sign with its owner's key.`,
      );
    default:
      return undefined;
  }
}
