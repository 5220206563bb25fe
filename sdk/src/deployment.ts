import { type Address, getAddress, isAddress } from "viem";
import { DeploymentError } from "./errors/base.ts";

/** The contract addresses the node talks to. */
export type Deployment = {
  chainId: number;
  coordinator: Address;
  registry: Address;
  vault: Address;
  token: Address;
  dataRegistry: Address;
  /** Pays data contributors their share of each version's fees (claims and sweeps). */
  dataRewards: Address;
  /** Block the coordinator was deployed in: where a fresh node starts scanning. */
  startBlock: bigint;
  /** Proven fairness audits (docs/audit.md); absent from deployments made before it existed. */
  auditRegistry?: Address;
};

const NAMES: Record<keyof Omit<Deployment, "chainId" | "startBlock" | "auditRegistry">, readonly string[]> = {
  coordinator: ["InferenceCoordinator", "coordinator"],
  registry: ["ModelRegistry", "registry", "modelRegistry"],
  vault: ["StakingVault", "vault", "stakingVault"],
  token: ["SymbioteToken", "token"],
  dataRegistry: ["DataRegistry", "dataRegistry"],
  dataRewards: ["DataRewards", "dataRewards"],
};

/** Every named entry of a deployment file: the top level merged with its `contracts` and `proxies` sections. */
export function deploymentEntries(json: Record<string, unknown>): Record<string, unknown> {
  return {
    ...json,
    ...((json.contracts as Record<string, unknown> | undefined) ?? {}),
    ...((json.proxies as Record<string, unknown> | undefined) ?? {}),
  };
}

/**
 * The address under the first of `names` present in `entries`, written either as an address or as
 * `{ address }` / `{ proxy }`; undefined when none is present or it is not an address.
 */
export function pickAddress(entries: Record<string, unknown>, names: readonly string[]): Address | undefined {
  for (const name of names) {
    let value = entries[name];
    if (value === undefined) continue;
    if (typeof value === "object" && value !== null) {
      const entry = value as Record<string, unknown>;
      value = entry.proxy ?? entry.address;
    }
    return typeof value === "string" && isAddress(value, { strict: false }) ? getAddress(value) : undefined;
  }
  return undefined;
}

/**
 * Reads a parsed `deployments/<chainId>.json` as the deploy script writes it: contract addresses at the top level or
 * under `contracts` or `proxies`, each either an address or `{ address }` / `{ proxy }`. Runs anywhere (no file
 * access), so the explorer uses it in the browser; `source` names the file in messages.
 *
 * @throws {DeploymentError} another chain, or a missing address — naming what to do.
 */
export function parseDeployment(json: Record<string, unknown>, chainId: number, source: string): Deployment {
  const fileChain = Number(json.chainId ?? chainId);
  if (fileChain !== chainId) {
    throw new DeploymentError(
      `${source} is a deployment on chain ${fileChain} but the config says chainId ${chainId}; point "deployment" at deployments/${chainId}.json.`,
    );
  }
  const entries = deploymentEntries(json);
  const out: Partial<Deployment> = { chainId };
  for (const [key, names] of Object.entries(NAMES) as [keyof typeof NAMES, readonly string[]][]) {
    const address = pickAddress(entries, names);
    if (!address) {
      throw new DeploymentError(
        `${source} has no address for ${names[0]}; redeploy with the project's deploy script, which writes every contract.`,
      );
    }
    out[key] = address;
  }
  const auditRegistry = pickAddress(entries, ["AuditRegistry", "auditRegistry"]);
  if (auditRegistry) out.auditRegistry = auditRegistry;
  const block = json.startBlock ?? json.blockNumber ?? json.deployBlock ?? 0;
  out.startBlock = BigInt(block as number | string);
  return out as Deployment;
}
