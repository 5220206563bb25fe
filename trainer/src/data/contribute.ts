import { dataRegistryAbi, FatalError } from "@symbiote/sdk";
import { type Hex, parseEventLogs } from "viem";
import { datasetCommitment } from "./canonical.ts";
import { assertDeploymentChain, type ChainAccess, sendContract } from "./chainAccess.ts";
import { readCsv } from "./csv.ts";
import { NotContributionOwnerError } from "./rewardErrors.ts";

/** What a contributor allows: training and/or inference, for every model or for the listed model ids. */
export type ConsentScope = {
  training: boolean;
  inference: boolean;
  /** "all", or model ids (sorted and de-duplicated before they go on chain, as the registry requires). */
  models: "all" | readonly bigint[];
};

/** DataRegistry.MAX_URI_LENGTH. */
const MAX_URI_LENGTH = 512;

function consentArgs(scope: ConsentScope) {
  const all = scope.models === "all";
  const ids = scope.models === "all" ? [] : [...new Set(scope.models)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ids.includes(0n)) throw new FatalError("model ids start at 1; remove 0 from the consented models.");
  return { training: scope.training, inference: scope.inference, allModels: all, modelIds: ids };
}

export type RegisterContributionParameters = ChainAccess & {
  /** The dataset file; its commitment is keccak256 of its canonical encoding (the trainer computes the same). */
  datasetPath: string;
  /** Where the dataset's description and license are published; 1 to 512 bytes. */
  metadataURI: string;
  consent: ConsentScope;
  onProgress?: (message: string) => void;
};

export type RegisterContributionReturnType = {
  contributionId: bigint;
  datasetCommitment: Hex;
  transactionHash: Hex;
};

/**
 * Registers a dataset as a contribution owned by the signer, with its initial consent. Only the commitment goes on
 * chain; the file stays with its owner, who hands it (and the returned id) to the trainer.
 *
 * @example
 * const { contributionId } = await registerContribution({
 *   publicClient, walletClient, deployment, datasetPath: "data/credit/alice.csv",
 *   metadataURI: "ipfs://bafy…/alice-license.json", consent: { training: true, inference: true, models: "all" },
 * });
 * @throws {DatasetError} the file cannot be read as a dataset.
 * @throws {WrongChainError} the RPC serves another chain than the deployment.
 */
export async function registerContribution(
  parameters: RegisterContributionParameters,
): Promise<RegisterContributionReturnType> {
  const uriLength = new TextEncoder().encode(parameters.metadataURI).length;
  if (uriLength === 0 || uriLength > MAX_URI_LENGTH) {
    throw new FatalError(
      `the metadata URI is ${uriLength} bytes; the registry takes 1 to ${MAX_URI_LENGTH}. Publish the dataset's description and license and pass its URI.`,
    );
  }
  const commitment = datasetCommitment(await readCsv(parameters.datasetPath));
  const consent = consentArgs(parameters.consent);
  await assertDeploymentChain(parameters);
  parameters.onProgress?.(`registering ${parameters.datasetPath} (dataset commitment ${commitment})`);
  const receipt = await sendContract(
    parameters,
    {
      address: parameters.deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "registerContribution",
      args: [commitment, parameters.metadataURI, consent],
    },
    "registerContribution",
  );
  const [event] = parseEventLogs({ abi: dataRegistryAbi, eventName: "ContributionRegistered", logs: receipt.logs });
  if (event === undefined) {
    throw new FatalError(
      `transaction ${receipt.transactionHash} registered nothing; the deployment's DataRegistry is wrong.`,
    );
  }
  return {
    contributionId: event.args.contributionId,
    datasetCommitment: commitment,
    transactionHash: receipt.transactionHash,
  };
}

export type SetContributionConsentParameters = ChainAccess & {
  contributionId: bigint;
  /** The new consent; `null` withdraws every consent (DataRegistry.revokeConsent). */
  consent: ConsentScope | null;
};

/**
 * Replaces (or withdraws) a contribution's consent from this block on. Versions published earlier keep the consent
 * they were built on; versions published from now on see the new one, so a contribution whose training consent is
 * withdrawn before a version's publication never earns from that version.
 *
 * @throws {NotContributionOwnerError} the signer does not own the contribution.
 */
export async function setContributionConsent(
  parameters: SetContributionConsentParameters,
): Promise<{ transactionHash: Hex; since: bigint }> {
  await assertDeploymentChain(parameters);
  const { contributionId } = parameters;
  const receipt = await sendContract(
    parameters,
    parameters.consent === null
      ? {
          address: parameters.deployment.dataRegistry,
          abi: dataRegistryAbi,
          functionName: "revokeConsent",
          args: [contributionId],
        }
      : {
          address: parameters.deployment.dataRegistry,
          abi: dataRegistryAbi,
          functionName: "setConsent",
          args: [contributionId, consentArgs(parameters.consent)],
        },
    parameters.consent === null ? "revokeConsent" : "setConsent",
    (name) =>
      name === "DataRegistryNotContributionOwner"
        ? new NotContributionOwnerError(
            `${parameters.walletClient.account.address} does not own contribution ${contributionId}; sign with its owner's key.`,
          )
        : name === "DataRegistryUnknownContribution"
          ? new FatalError(`the DataRegistry has no contribution ${contributionId}; check the id.`)
          : undefined,
  );
  const [event] = parseEventLogs({ abi: dataRegistryAbi, eventName: "ConsentChanged", logs: receipt.logs });
  return { transactionHash: receipt.transactionHash, since: BigInt(event?.args.since ?? 0) };
}
