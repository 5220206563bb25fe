import { readFileSync } from "node:fs";
import { type Address, getAddress, isAddress } from "viem";
import { FatalError } from "../errors.ts";

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
};

const NAMES: Record<keyof Omit<Deployment, "chainId" | "startBlock">, readonly string[]> = {
  coordinator: ["InferenceCoordinator", "coordinator"],
  registry: ["ModelRegistry", "registry", "modelRegistry"],
  vault: ["StakingVault", "vault", "stakingVault"],
  token: ["SymbioteToken", "token"],
  dataRegistry: ["DataRegistry", "dataRegistry"],
  dataRewards: ["DataRewards", "dataRewards"],
};

function pick(source: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) {
    const value = source[name];
    if (value === undefined) continue;
    // either an address or { address | proxy }
    if (typeof value === "object" && value !== null) {
      const entry = value as Record<string, unknown>;
      return entry.proxy ?? entry.address;
    }
    return value;
  }
  return undefined;
}

/**
 * Reads `deployments/<chainId>.json` as the deploy script writes it: contract addresses at the top level or under
 * `contracts` or `proxies`, each either an address or `{ address }` / `{ proxy }`.
 *
 * @throws {FatalError} unreadable file, another chain, or a missing address — naming what to do.
 */
export function loadDeployment(path: string, chainId: number): Deployment {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new FatalError(
      `cannot read the deployment file ${path}; deploy the contracts first (script/Deploy.s.sol) or fix "deployment" in the config.`,
      { cause },
    );
  }
  const fileChain = Number(json.chainId ?? chainId);
  if (fileChain !== chainId) {
    throw new FatalError(
      `${path} is a deployment on chain ${fileChain} but the config says chainId ${chainId}; point "deployment" at deployments/${chainId}.json.`,
    );
  }
  const contracts = {
    ...json,
    ...((json.contracts as Record<string, unknown> | undefined) ?? {}),
    ...((json.proxies as Record<string, unknown> | undefined) ?? {}),
  };
  const out: Partial<Deployment> = { chainId };
  for (const [key, names] of Object.entries(NAMES) as [keyof typeof NAMES, readonly string[]][]) {
    const value = pick(contracts, names);
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      throw new FatalError(
        `${path} has no address for ${names[0]}; redeploy with the project's deploy script, which writes every contract.`,
      );
    }
    out[key] = getAddress(value);
  }
  const block = json.startBlock ?? json.blockNumber ?? json.deployBlock ?? 0;
  out.startBlock = BigInt(block as number | string);
  return out as Deployment;
}
