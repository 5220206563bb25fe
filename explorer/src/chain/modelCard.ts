import { type CardHash, cardHashOf, cardHashOfUri, cardUrl, type ModelCard, parseModelCard } from "@symbiote/sdk";

/**
 * A version's model card as the explorer may show it:
 * - `verified`: bytes whose sha256 is the digest the version's metadata URI commits to, read from `source`;
 * - `refused`: every source that answered served bytes hashing to something else (or the committed bytes are not a
 *   card), so nothing from them is shown;
 * - `unavailable`: the URI commits to no digest, or no source holds the card.
 */
export type CardView =
  | { state: "verified"; uri: string; hash: CardHash; card: ModelCard; source: string }
  | { state: "refused"; uri: string; hash: CardHash; reason: string }
  | { state: "unavailable"; uri: string; hash?: CardHash; reason: string };

/** How long one source may take to answer before the next is tried. */
const FETCH_TIMEOUT_MS = 4000;

/** The places to ask for a card, in order: each gateway template, then the URI itself when the browser can fetch it. */
export function cardSources(uri: string, hash: CardHash, templates: readonly string[], pageUrl: string): string[] {
  const urls = templates.map((template) => cardUrl(template, hash, pageUrl));
  // the fragment (#sha256=…) stays in the browser; the server sees the plain URL
  if (/^https?:\/\//i.test(uri)) urls.push(uri.replace(/#.*$/, ""));
  return [...new Set(urls)];
}

/**
 * Fetches the card a version's metadata URI commits to from `templates` (gateway URL templates, relative to
 * `pageUrl`) and the URI itself, and keeps the first copy whose bytes hash to the committed digest. Never throws:
 * whatever happens is a {@link CardView} the page can show.
 */
export async function fetchModelCard(
  uri: string,
  templates: readonly string[],
  pageUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<CardView> {
  const hash = cardHashOfUri(uri);
  if (!hash) {
    return {
      state: "unavailable",
      uri,
      reason:
        "the version's metadata URI commits to no card digest (ipfs://<CIDv1> or …#sha256=<hex>), so no copy of its card can be checked",
    };
  }
  const sources = cardSources(uri, hash, templates, pageUrl);
  if (sources.length === 0) {
    return {
      state: "unavailable",
      uri,
      hash,
      reason:
        "this explorer has no card gateway; start it with --card-gateway <template with {hash}>, or open it from an operator node",
    };
  }
  const misses: string[] = [];
  const refusals: string[] = [];
  for (const url of sources) {
    let bytes: Uint8Array;
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) {
        misses.push(`${url} answered ${response.status}`);
        continue;
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      misses.push(`${url} did not answer (${(error as Error).message})`);
      continue;
    }
    const actual = cardHashOf(bytes);
    if (actual !== hash) {
      refusals.push(`${url} served bytes with sha256 ${actual}, not the registered ${hash}`);
      continue;
    }
    try {
      return { state: "verified", uri, hash, card: parseModelCard(bytes), source: url };
    } catch (error) {
      // the registered bytes themselves: no other source can serve anything better
      return { state: "refused", uri, hash, reason: `the registered card is unreadable: ${(error as Error).message}` };
    }
  }
  if (refusals.length > 0) return { state: "refused", uri, hash, reason: refusals.join("; ") };
  return { state: "unavailable", uri, hash, reason: `no source holds it (${misses.join("; ")})` };
}
