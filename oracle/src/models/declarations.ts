import type { Manifest, ModelStore } from "@symbiote/circuits";
import { FatalError, protocolGasLimit, stakingVaultAbi } from "@symbiote/sdk";
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { readMany } from "../chain/readMany.ts";
import { type ModelVersion, type VersionProvability, versionLabel, versionProvability } from "./provableVersions.ts";

/** Asked to declare a version the store cannot prove: the operator would be drawn for it and slashed. */
export class VersionNotProvableError extends FatalError {
  override name = "VersionNotProvableError";
}

/** Asked about a model version the registry does not have. */
export class UnknownVersionError extends FatalError {
  override name = "UnknownVersionError";
}

export type DeclarationClients = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
};

/** The registry that lists the versions and the vault (the operator set) that records declarations. */
export type DeclarationContracts = { registry: Address; vault: Address };

export type DeclarationsResult = {
  /** Newly declared. */
  declared: ModelVersion[];
  /** Declarations withdrawn. */
  withdrawn: ModelVersion[];
  /** Declared already, and still provable. */
  kept: ModelVersion[];
  /** Not declared: what the store lacks for each. */
  unprovable: (ModelVersion & { missing: string })[];
  /** The transactions sent. */
  transactions: Hex[];
};

/** Which of `versions` `account` currently declares (`servesVersion`), in order. */
export async function currentDeclarations(
  publicClient: PublicClient<Transport, Chain>,
  vault: Address,
  account: Address,
  versions: readonly ModelVersion[],
): Promise<boolean[]> {
  return readMany(versions, ({ modelId, version }) =>
    publicClient.readContract({
      address: vault,
      abi: stakingVaultAbi,
      functionName: "servesVersion",
      args: [account, modelId, version],
    }),
  );
}

/** `declareServedVersions(modelIds, versions, serves)` in one transaction, simulated first; waits for it. */
export async function sendDeclarations(
  clients: DeclarationClients,
  vault: Address,
  versions: readonly ModelVersion[],
  serves: boolean,
): Promise<Hex | undefined> {
  if (versions.length === 0) return undefined;
  const { request } = await clients.publicClient.simulateContract({
    account: clients.walletClient.account,
    address: vault,
    abi: stakingVaultAbi,
    functionName: "declareServedVersions",
    args: [versions.map((v) => v.modelId), versions.map((v) => v.version), serves],
  });
  // one history entry per declared version, pushed anew if the block lands a second after the estimate's
  const estimate = await clients.publicClient.estimateContractGas(request);
  const hash = await clients.walletClient.writeContract({ ...request, gas: protocolGasLimit(estimate, request) });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new FatalError(`declareServedVersions: transaction ${hash} reverted; run the command again.`);
  }
  return hash;
}

/**
 * Makes the operator's declarations exactly the versions its store can prove: declares every provable version it does
 * not declare yet, and withdraws every declared version the store can no longer prove (weights or circuit artifacts
 * removed or altered, circuits retired). Withdrawals apply to requests made from then on.
 *
 * @example const result = await syncDeclarations(clients, deployment, loadManifest(), store);
 */
export async function syncDeclarations(
  clients: DeclarationClients,
  contracts: DeclarationContracts,
  manifest: Manifest,
  store: ModelStore,
): Promise<DeclarationsResult> {
  const all = await versionProvability(clients.publicClient, contracts.registry, manifest, store);
  const account = clients.walletClient.account.address;
  const declaredNow = await currentDeclarations(clients.publicClient, contracts.vault, account, all);
  const result: DeclarationsResult = { declared: [], withdrawn: [], kept: [], unprovable: [], transactions: [] };
  for (const [i, entry] of all.entries()) {
    const v = { modelId: entry.modelId, version: entry.version };
    if (entry.provable) (declaredNow[i] ? result.kept : result.declared).push(v);
    else {
      result.unprovable.push({ ...v, missing: entry.missing });
      if (declaredNow[i]) result.withdrawn.push(v);
    }
  }
  for (const [versions, serves] of [
    [result.withdrawn, false],
    [result.declared, true],
  ] as const) {
    const hash = await sendDeclarations(clients, contracts.vault, versions, serves);
    if (hash) result.transactions.push(hash);
  }
  return result;
}

/**
 * Declares exactly `wanted`, refusing the whole call if any of them is unknown or not provable from the store.
 *
 * @throws {UnknownVersionError} a version the registry does not have.
 * @throws {VersionNotProvableError} a version the store cannot prove, naming it and what is missing.
 */
export async function declareVersions(
  clients: DeclarationClients,
  contracts: DeclarationContracts,
  manifest: Manifest,
  store: ModelStore,
  wanted: readonly ModelVersion[],
): Promise<Hex | undefined> {
  const all = await versionProvability(clients.publicClient, contracts.registry, manifest, store);
  const found = wanted.map((w) => ({ w, entry: all.find((a) => a.modelId === w.modelId && a.version === w.version) }));
  const unknown = found.filter(({ entry }) => !entry).map(({ w }) => versionLabel(w));
  if (unknown.length > 0) {
    throw new UnknownVersionError(
      `the registry has no ${unknown.join(", ")}; list its versions with \`symbiote-oracle status\` and declare one of those.`,
    );
  }
  const refused = found
    .map(({ entry }) => entry as VersionProvability)
    .flatMap((entry) => (entry.provable ? [] : [`${versionLabel(entry)}: ${entry.missing}`]));
  if (refused.length > 0) {
    throw new VersionNotProvableError(
      `refusing to declare what this node cannot prove (it would be drawn for it and slashed): ${refused.join(" | ")}. Put the missing artifacts in the store with \`symbiote-oracle models sync --from <folder of model artifacts>\`, then declare again.`,
    );
  }
  return sendDeclarations(clients, contracts.vault, wanted, true);
}

/** Parses `3:1` (model 3, version 1) arguments. */
export function parseModelVersions(args: readonly string[], command: string): ModelVersion[] {
  if (args.length === 0) {
    throw new FatalError(`${command} needs one or more <modelId>:<version>, e.g. \`symbiote-oracle ${command} 3:1\`.`);
  }
  return args.map((arg) => {
    const match = /^(\d+):(\d+)$/.exec(arg);
    if (!match || Number(match[2]) === 0 || BigInt(match[1] as string) === 0n) {
      throw new FatalError(`"${arg}" is not <modelId>:<version> (both from 1), e.g. 3:1.`);
    }
    return { modelId: BigInt(match[1] as string), version: Number(match[2]) };
  });
}
