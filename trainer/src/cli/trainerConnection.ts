import { readFileSync } from "node:fs";
import { loadDeployment } from "@symbiote/circuits";
import { classifyRpcError, FatalError } from "@symbiote/sdk";
import { createPublicClient, createWalletClient, defineChain, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainAccess } from "../data/chainAccess.ts";
import { MissingKeyError, WrongChainError } from "../data/rewardErrors.ts";

/** The trainer's chain options, as parsed from the command line. */
export type ConnectionOptions = {
  /** JSON-RPC URL; default $RPC_URL, else a local anvil. */
  rpc?: string;
  /** Deployment file; default deployments/<chain id>.json. */
  deployment?: string;
  /** Environment variable holding the signer's private key; default PRIVATE_KEY. */
  keyEnv?: string;
};

/** parseArgs declarations of the options every chain command takes. */
export const CONNECTION_OPTIONS = {
  rpc: { type: "string" },
  deployment: { type: "string" },
  "key-env": { type: "string" },
} as const;

export const CONNECTION_USAGE = "[--rpc <url>] [--deployment deployments/<chainId>.json] [--key-env PRIVATE_KEY]";

/**
 * The signer's key from the environment: never from the command line, where other users of the machine and the
 * shell history would see it.
 *
 * @throws {MissingKeyError} the variable is unset or does not hold a 32-byte hex key.
 */
export function signerKey(env: NodeJS.ProcessEnv, name: string): Hex {
  const value = env[name]?.trim();
  if (!value) {
    throw new MissingKeyError(
      `no signing key: set ${name} to the signer's 0x-prefixed private key (or name another variable with --key-env).`,
    );
  }
  const key = value.startsWith("0x") ? value : `0x${value}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new MissingKeyError(
      `${name} does not hold a private key: expected 32 bytes of hex (64 digits, 0x optional).`,
    );
  }
  return key as Hex;
}

/**
 * Builds the clients and reads the deployment for a chain command, parsed once at the edge: the key (from the
 * environment), the RPC's chain id, and a deployment file for that same chain.
 *
 * @throws {MissingKeyError} no key in the environment.
 * @throws {WrongChainError} the deployment file is for another chain than the RPC serves.
 * @throws {FatalError} the RPC cannot be reached or the deployment file cannot be read.
 */
export async function connect(options: ConnectionOptions, env: NodeJS.ProcessEnv): Promise<ChainAccess> {
  const keyEnv = options.keyEnv ?? "PRIVATE_KEY";
  const account = privateKeyToAccount(signerKey(env, keyEnv));
  const url = options.rpc ?? env.RPC_URL ?? "http://127.0.0.1:8545";
  let chainId: number;
  try {
    chainId = await createPublicClient({ transport: http(url, { retryCount: 1 }) }).getChainId();
  } catch (error) {
    const classified = classifyRpcError(error, `connecting to ${url}`);
    throw new FatalError(`cannot reach the RPC endpoint ${url}; start the node or pass --rpc <url>.`, {
      details: classified.message,
      cause: error,
    });
  }
  const path = options.deployment ?? `deployments/${chainId}.json`;
  let fileChainId: unknown;
  try {
    fileChainId = (JSON.parse(readFileSync(path, "utf8")) as { chainId?: unknown }).chainId;
  } catch (cause) {
    throw new FatalError(
      `cannot read the deployment file ${path}; deploy first (npm run deploy:local) or pass --deployment <file>.`,
      { cause },
    );
  }
  if (fileChainId !== undefined && Number(fileChainId) !== chainId) {
    throw new WrongChainError(
      `${path} is a deployment on chain ${String(fileChainId)} but ${url} serves chain ${chainId}; pass --rpc for chain ${String(fileChainId)} or --deployment deployments/${chainId}.json.`,
    );
  }
  const deployment = loadDeployment(path, chainId);
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const transport = http(url, { retryCount: 2, retryDelay: 200 });
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 250 }),
    walletClient: createWalletClient({ chain, transport, account }),
    deployment,
  };
}
