import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  fallback,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
  webSocket,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { Config } from "../config/loadConfig.ts";

export type Clients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  account: Account;
};

type Endpoints = Pick<Config, "chainId" | "rpc">;

/**
 * The configured chain and one transport over every configured RPC URL: HTTP endpoints first, in order, then
 * WebSocket ones, each tried when the previous fails. viem's HTTP transport already retries 429 and 5xx answers with
 * exponential back-off; the fallback moves on when an endpoint stays down.
 */
function chainTransport(config: Endpoints): { chain: Chain; transport: Transport } {
  const chain = defineChain({
    id: config.chainId,
    name: `chain-${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: config.rpc.http } },
  });
  const transports = [
    ...config.rpc.http.map((url) => http(url, { retryCount: 2, retryDelay: 200, timeout: 10_000 })),
    ...config.rpc.ws.map((url) => webSocket(url, { retryCount: 2, timeout: 10_000 })),
  ];
  const transport = transports.length === 1 ? (transports[0] as Transport) : fallback(transports, { retryCount: 1 });
  return { chain, transport };
}

/** A public client over the configured endpoints, for commands that run without the operator key. */
export function createReadClient(config: Endpoints): PublicClient<Transport, Chain> {
  const { chain, transport } = chainTransport(config);
  return createPublicClient({ chain, transport, pollingInterval: 500 });
}

/** One public and one wallet client over every configured RPC URL (see `chainTransport`). */
export function createClients(config: Pick<Config, "chainId" | "rpc" | "operatorKey">): Clients {
  const { chain, transport } = chainTransport(config);
  const account = privateKeyToAccount(config.operatorKey.reveal());
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 500 });
  const walletClient = createWalletClient({ chain, transport, account });
  return { chain, publicClient, walletClient, account };
}
