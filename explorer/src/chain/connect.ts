import type { Manifest } from "@symbiote/circuits";
import type { ExplorerRuntimeConfig } from "@symbiote/oracle";
import { BaseError, type Deployment, deploymentEntries, parseDeployment, pickAddress } from "@symbiote/sdk";
import {
  type Address,
  type Chain,
  createPublicClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
} from "viem";
import { ChainUnreachableError, ContractsMissingError, ExplorerConfigError, WrongChainError } from "./errors.ts";

/** Contracts the node does not talk to but the explorer shows; absent from older deployment files. */
export type ExtraContracts = { governor?: Address; timelock?: Address; epochRandomness?: Address };

/** Everything a page needs to read the chain: the client, the addresses, names for display, the manifest. */
export type Explorer = {
  client: PublicClient<Transport, Chain>;
  deployment: Deployment;
  extra: ExtraContracts;
  /** Lower-case address → contract name (e.g. "modelRegistry"), to name governance targets and payees. */
  contractNames: ReadonlyMap<string, string>;
  manifest: Manifest;
  rpc: { url: string; overridden: boolean };
  deploymentSource: string;
  /**
   * URL templates ({hash}, {cid}) model cards are fetched from, in order (the serving operator node's own store
   * first); model names and feature names come only from cards whose bytes hash to the registry's commitment.
   */
  cardGateways: readonly string[];
};

export type ConnectOptions = {
  /** The page's URL: its folder holds explorer-config.json and the relay; `?rpc=` overrides the RPC endpoint. */
  pageUrl: string;
  manifest: Manifest;
  fetchImpl?: typeof fetch;
};

async function loadRuntimeConfig(pageUrl: string, fetchImpl: typeof fetch): Promise<ExplorerRuntimeConfig> {
  const url = new URL("explorer-config.json", pageUrl);
  let response: Response;
  try {
    // the server sends it with no-store; index.html preloads it, and this fetch takes the preloaded response
    response = await fetchImpl(url);
  } catch (cause) {
    throw new ExplorerConfigError(
      `cannot load ${url.pathname}; open the explorer through \`npm run explorer\` or an operator node started with --explorer.`,
      { cause },
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    | (ExplorerRuntimeConfig & { error?: string })
    | undefined;
  if (!response.ok || !body || body.error) {
    throw new ExplorerConfigError(
      body?.error ??
        `${url.pathname} answered ${response.status}; open the explorer through \`npm run explorer\` or an operator node started with --explorer.`,
    );
  }
  return body;
}

/** Names for every address the deployment file lists (top level, `contracts`, `proxies`). */
function namesOf(json: Record<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(deploymentEntries(json))) {
    const address = pickAddress({ [name]: value }, [name]);
    if (address) names.set(address.toLowerCase(), name);
  }
  return names;
}

/**
 * Loads the runtime configuration, parses the deployment file with the node's own parser, and checks that the RPC
 * endpoint answers, serves the deployment's chain and holds the coordinator's code.
 *
 * @throws {ExplorerConfigError} no configuration or no deployment file.
 * @throws {ChainUnreachableError} the RPC endpoint does not answer.
 * @throws {WrongChainError} the endpoint serves another chain.
 * @throws {ContractsMissingError} no code at the coordinator's address.
 */
export async function connectExplorer({ pageUrl, manifest, fetchImpl = fetch }: ConnectOptions): Promise<Explorer> {
  const config = await loadRuntimeConfig(pageUrl, fetchImpl);
  const override = new URL(pageUrl).searchParams.get("rpc");
  const rpcUrl = new URL(override ?? config.rpcUrl, pageUrl).toString();
  const chainId = Number(config.deployment.chainId);
  let deployment: Deployment;
  try {
    deployment = parseDeployment(config.deployment, chainId, config.deploymentSource);
  } catch (error) {
    throw new ExplorerConfigError((error as BaseError).shortMessage ?? String(error), { cause: error });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  // one HTTP post carries every read a page starts at once
  const transport = http(rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 1, timeout: 10_000 });
  const client = createPublicClient({ chain, transport }) as PublicClient<Transport, Chain>;
  const where = override ? `${rpcUrl} (set by this link's ?rpc=)` : "the explorer's RPC node";
  // one round: the chain id and the coordinator's code (meaningless on a wrong chain, so checked after the id)
  let actual: number;
  let code: string | undefined;
  try {
    [actual, code] = await Promise.all([client.getChainId(), client.getCode({ address: deployment.coordinator })]);
  } catch (cause) {
    throw new ChainUnreachableError(
      `${where} does not answer; start the chain (e.g. anvil) or fix the RPC URL the explorer was started with (--rpc).`,
      { cause, details: cause instanceof BaseError ? cause.shortMessage : String(cause) },
    );
  }
  if (actual !== chainId) throw new WrongChainError(chainId, actual, config.deploymentSource, where);
  if (!code || code === "0x") {
    throw new ContractsMissingError(
      `chain ${chainId} has no coordinator at ${deployment.coordinator}; the chain was restarted or ${config.deploymentSource} is stale — redeploy (npm run deploy:local) and reload.`,
    );
  }
  const entries = deploymentEntries(config.deployment);
  return {
    client,
    deployment,
    extra: {
      governor: pickAddress(entries, ["SymbioteGovernor", "governor"]),
      timelock: pickAddress(entries, ["SymbioteTimelock", "timelock"]),
      epochRandomness: pickAddress(entries, ["EpochRandomness", "epochRandomness"]),
    },
    contractNames: namesOf(config.deployment),
    manifest,
    rpc: { url: rpcUrl, overridden: override !== null },
    deploymentSource: config.deploymentSource,
    cardGateways: Array.isArray(config.cardGateways) ? config.cardGateways : [],
  };
}
