import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { cardHashOfUri } from "@symbiote/sdk";
import { formatEther, parseEther } from "viem";
import { verifyArtifact } from "../data/artifactIntegrity.ts";
import { claimRewards, sweepRewards } from "../data/claim.ts";
import { type ConsentScope, registerContribution, setContributionConsent } from "../data/contribute.ts";
import { publishModel } from "../data/publish.ts";
import { readRewardsFile, rewardsPathFor } from "../data/rewardsFile.ts";
import type { InputMode, ProofSystem } from "../data/servingCircuits.ts";
import { cardUriFor, readArtifact } from "../train/artifact.ts";
import { UsageError } from "../train/errors.ts";
import { CONNECTION_OPTIONS, connect } from "./trainerConnection.ts";

/**
 * The trainer's chain commands: contributors register datasets and set consent, the model owner publishes a trained
 * artifact, contributors claim, and anyone sweeps unconsented shares. Thin wrappers over trainer/src/data/*.ts.
 */

const say = (message: string) => console.log(`  ${message}`);
const tokens = (wei: bigint) => `${formatEther(wei)} tokens (${wei} wei)`;

function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value === "") throw new UsageError(`--${option} is required: ${what}.`);
  return value;
}

function idOption(value: string | undefined, option: string, what: string): bigint {
  const text = required(value, option, what);
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) {
    throw new UsageError(`--${option} ${text} is not valid: a positive integer id.`);
  }
  return BigInt(text);
}

function connection(values: { rpc?: string; deployment?: string; "key-env"?: string }) {
  return connect({ rpc: values.rpc, deployment: values.deployment, keyEnv: values["key-env"] }, process.env);
}

/** `--consent training,inference` and `--models all|1,2,3` into a consent scope. */
function consentOption(consent: string, models: string): ConsentScope {
  const parts = consent.split(",").map((p) => p.trim());
  if (parts.some((p) => p !== "training" && p !== "inference" && p !== "none")) {
    throw new UsageError(`--consent ${consent} is not valid: training, inference, both (training,inference) or none.`);
  }
  let ids: bigint[] | "all" = "all";
  if (models !== "all") {
    if (!/^\d+(,\d+)*$/.test(models)) {
      throw new UsageError(`--models ${models} is not valid: all, or model ids separated by commas (1,4).`);
    }
    ids = models.split(",").map(BigInt);
  }
  return { training: parts.includes("training"), inference: parts.includes("inference"), models: ids };
}

/** `contribute`: registers a dataset's commitment with consent; records its id in an --ids map for `train`. */
export async function contributeCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: "string" },
      "metadata-uri": { type: "string" },
      consent: { type: "string", default: "training,inference" },
      models: { type: "string", default: "all" },
      ids: { type: "string" },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  const data = required(values.data, "data", "the dataset file (.csv) to register");
  const uri = required(values["metadata-uri"], "metadata-uri", "where the dataset's description and license live");
  const consent = consentOption(values.consent as string, values.models as string);
  const access = await connection(values);
  const { contributionId, datasetCommitment, transactionHash } = await registerContribution({
    ...access,
    datasetPath: data,
    metadataURI: uri,
    consent,
    onProgress: say,
  });
  console.log(
    `registered contribution ${contributionId} for ${data} (commitment ${datasetCommitment}, ${transactionHash})`,
  );
  if (values.ids !== undefined) {
    let map: Record<string, string> = {};
    try {
      map = JSON.parse(await readFile(values.ids, "utf8")) as Record<string, string>;
    } catch {
      // a new map
    }
    map[basename(data)] = contributionId.toString();
    await writeFile(values.ids, `${JSON.stringify(map, null, 2)}\n`);
    console.log(`recorded "${basename(data)}": ${contributionId} in ${values.ids} (pass it to \`train --ids\`)`);
  }
}

/** `consent`: replaces or revokes a contribution's consent from now on. */
export async function consentCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      contribution: { type: "string" },
      revoke: { type: "boolean", default: false },
      consent: { type: "string" },
      models: { type: "string", default: "all" },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  const contributionId = idOption(values.contribution, "contribution", "the contribution id");
  if (values.revoke === (values.consent !== undefined)) {
    throw new UsageError("pass either --revoke or --consent training,inference (with --models), not both or neither.");
  }
  const consent = values.revoke ? null : consentOption(values.consent as string, values.models as string);
  const access = await connection(values);
  const { since, transactionHash } = await setContributionConsent({ ...access, contributionId, consent });
  console.log(
    `${consent === null ? "revoked every consent of" : "set the consent of"} contribution ${contributionId} from ${since} on (${transactionHash}); versions published before keep the consent they were built on`,
  );
}

/** `publish`: registers the model (or a new version) from a trained artifact and writes the contributors' file. */
export async function publishCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      artifact: { type: "string" },
      "metadata-uri": { type: "string" },
      model: { type: "string" },
      fee: { type: "string" },
      modes: { type: "string" },
      "proof-system": { type: "string", default: "groth16" },
      "rewards-out": { type: "string" },
      "model-store": { type: "string" },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  const artifactPath = required(values.artifact, "artifact", "the model artifact `trainer train` wrote");
  const modelId = values.model === undefined ? undefined : idOption(values.model, "model", "the model id");
  if (values.fee !== undefined && !/^\d+(\.\d{1,18})?$/.test(values.fee)) {
    throw new UsageError(`--fee ${values.fee} is not valid: an amount of tokens such as 1 or 0.25.`);
  }
  if (modelId === undefined && values.fee === undefined) {
    throw new UsageError("--fee is required to register a model: the fee per inference in tokens (0 for free).");
  }
  const modes = values.modes?.split(",").map((m) => m.trim());
  if (modes?.some((m) => m !== "public" && m !== "committed") || modes?.length === 0) {
    throw new UsageError(`--modes ${values.modes} is not valid: public, committed or public,committed.`);
  }
  if (modes !== undefined && modelId !== undefined) {
    throw new UsageError("--modes applies to a new model only: a new version is served on its model's circuits.");
  }
  const proofSystem = values["proof-system"];
  if (proofSystem !== "groth16" && proofSystem !== "plonk") {
    throw new UsageError(`--proof-system ${proofSystem} is not valid: groth16 or plonk.`);
  }

  const artifact = await readArtifact(artifactPath);
  // before any network access: a damaged artifact fails here, whatever the chain
  verifyArtifact(artifact, artifactPath);
  // by default the card's own content address, so that explorers can check the card they fetch
  const metadataURI = values["metadata-uri"] ?? (await cardUriFor(artifactPath));
  if (cardHashOfUri(metadataURI) === undefined) {
    console.log(
      `note: ${metadataURI} does not commit to the card's bytes, so explorers cannot check the card they fetch; ` +
        "omit --metadata-uri to register the card's ipfs:// address, or append #sha256=<the card's sha256>.",
    );
  }
  const access = await connection(values);
  console.log(`publishing ${artifactPath} (${artifact.family} "${artifact.name}")`);
  const result = await publishModel({
    ...access,
    artifact,
    artifactPath,
    metadataURI,
    modelId,
    feePerInference: values.fee === undefined ? undefined : parseEther(values.fee),
    inputModes: modes as InputMode[] | undefined,
    proofSystem: proofSystem as ProofSystem,
    rewardsPath: values["rewards-out"] ?? rewardsPathFor(artifactPath),
    modelStoreDir: values["model-store"],
    onProgress: say,
  });
  console.log(
    `${result.registered ? "registered model" : "published a new version of model"} ${result.modelId} version ${result.version}; contributors claim with \`trainer claim --rewards ${result.rewardsPath} --contribution <id>\``,
  );
}

/** `claim`: claims a contribution's rewards for one version, with the proof from the rewards file. */
export async function claimCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rewards: { type: "string" },
      contribution: { type: "string" },
      "no-flush": { type: "boolean", default: false },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  const path = required(values.rewards, "rewards", "the .rewards.json file `trainer publish` wrote");
  const contributionId = idOption(values.contribution, "contribution", "the contribution id to claim for");
  const rewards = await readRewardsFile(path);
  const access = await connection(values);
  const result = await claimRewards({
    ...access,
    rewards,
    contributionId,
    flush: !values["no-flush"],
    onProgress: say,
  });
  console.log(
    `claimed ${tokens(result.amount)} for contribution ${contributionId} from model ${rewards.modelId} version ${rewards.modelVersion}, paid to ${result.owner} (${result.transactionHash}); ${tokens(result.paidOut)} paid to this leaf so far`,
  );
}

/** `sweep`: sends the shares of leaves without training consent at publication to the treasury. */
export async function sweepCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rewards: { type: "string" },
      contribution: { type: "string" },
      "no-flush": { type: "boolean", default: false },
      ...CONNECTION_OPTIONS,
    },
    strict: true,
  });
  const path = required(values.rewards, "rewards", "the .rewards.json file `trainer publish` wrote");
  const ids =
    values.contribution === undefined ? undefined : [idOption(values.contribution, "contribution", "a leaf to sweep")];
  const rewards = await readRewardsFile(path);
  const access = await connection(values);
  const result = await sweepRewards({
    ...access,
    rewards,
    contributionIds: ids,
    flush: !values["no-flush"],
    onProgress: say,
  });
  if (result.swept.length === 0) {
    console.log("nothing to sweep: every leaf without consent at publication is settled");
    return;
  }
  for (const s of result.swept) {
    say(`contribution ${s.contributionId}: ${tokens(s.amount)} (${s.transactionHash})`);
  }
  console.log(`swept ${tokens(result.total)} to the treasury ${result.treasury}`);
}
