/**
 * The explorer's read-only JSON-RPC relay. Browsers post JSON-RPC to the server that serves the page, which forwards
 * only the read methods the explorer uses to the configured node: the node's URL (and any API key in it) never
 * reaches a visitor, and the relay cannot be used to send transactions or to reach anything but that one node.
 */

/** The methods the explorer calls; anything else is refused. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getCode",
  "net_version",
]);

/** Largest JSON-RPC batch relayed in one post (the explorer's client sends at most 100). */
export const MAX_BATCH = 500;

type JsonRpcCall = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

export type RelayResult = { status: number; body: string };

const rpcError = (id: unknown, code: number, message: string) => ({
  jsonrpc: "2.0",
  id: id ?? null,
  error: { code, message },
});

/**
 * Checks a JSON-RPC post (one call or a batch) against {@link READ_METHODS} and forwards it to `upstream`.
 * A refused method answers with a JSON-RPC error naming it; an unreachable upstream answers 502 so the page can say
 * "chain unreachable".
 */
export async function relayRpc(rawBody: string, upstream: string, timeoutMs = 15_000): Promise<RelayResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: JSON.stringify(rpcError(null, -32700, "parse error: the body is not JSON")) };
  }
  const calls = (Array.isArray(parsed) ? parsed : [parsed]) as JsonRpcCall[];
  if (calls.length === 0 || calls.length > MAX_BATCH) {
    return {
      status: 400,
      body: JSON.stringify(rpcError(null, -32600, `a batch must hold 1 to ${MAX_BATCH} calls; got ${calls.length}`)),
    };
  }
  const refused = calls.find((call) => typeof call?.method !== "string" || !READ_METHODS.has(call.method));
  if (refused) {
    const error = rpcError(
      refused?.id,
      -32601,
      `method ${String(refused?.method)} is not relayed: the explorer relay forwards read methods only (${[...READ_METHODS].join(", ")})`,
    );
    return { status: 200, body: JSON.stringify(Array.isArray(parsed) ? [error] : error) };
  }
  try {
    const response = await fetch(upstream, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: rawBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (cause) {
    // fetch's own error is a bare "fetch failed"; the socket's code (ECONNREFUSED, ETIMEDOUT…) says more
    const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).name;
    const message = `the explorer's RPC node did not answer (${reason})`;
    return { status: 502, body: JSON.stringify(rpcError(calls[0]?.id, -32603, message)) };
  }
}
