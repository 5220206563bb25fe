import type { ModelCard } from "../../../oracle/src/train/modelCard.ts";

/** A model card read from a version's metadata URI, or why it could not be. */
export type CardResult = { uri: string; card?: ModelCard; unavailable?: string };

/** Where a metadata URI can be fetched from: http(s) as is, ipfs:// through the configured gateway. */
export function cardUrl(uri: string, ipfsGateway?: string): string | undefined {
  if (/^https?:\/\//i.test(uri)) return uri;
  if (uri.startsWith("ipfs://") && ipfsGateway) return `${ipfsGateway.replace(/\/?$/, "/")}${uri.slice(7)}`;
  return undefined;
}

const cache = new Map<string, Promise<CardResult>>();

/**
 * Fetches and checks a model card (`symbiote.model-card/1`, oracle/src/train/modelCard.ts). Never throws: a card the
 * page cannot reach or read comes back with the reason, and the page still shows the URI.
 */
export function fetchModelCard(
  uri: string,
  ipfsGateway?: string,
  fetchImpl: typeof fetch = fetch,
): Promise<CardResult> {
  const key = `${ipfsGateway ?? ""} ${uri}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = readCard(uri, ipfsGateway, fetchImpl);
    cache.set(key, pending);
  }
  return pending;
}

async function readCard(uri: string, ipfsGateway: string | undefined, fetchImpl: typeof fetch): Promise<CardResult> {
  const url = cardUrl(uri, ipfsGateway);
  if (!url) {
    return {
      uri,
      unavailable: uri.startsWith("ipfs://")
        ? "an ipfs:// card needs a gateway; start the explorer with --ipfs-gateway <url>"
        : "not an http(s) or ipfs:// URI",
    };
  }
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(4000) });
    if (!response.ok) return { uri, unavailable: `${url} answered ${response.status}` };
    const card = (await response.json()) as ModelCard;
    if (card?.schema !== "symbiote.model-card/1") return { uri, unavailable: `${url} is not a Symbiote model card` };
    return { uri, card };
  } catch (error) {
    return { uri, unavailable: `cannot fetch ${url} (${(error as Error).message})` };
  }
}
