import type { IncomingMessage, ServerResponse } from "node:http";
import { isCardHash } from "@symbiote/sdk";
import type { CardStore } from "./cardStore.ts";

/** Where a node serves the cards it holds: `GET /cards/<sha256>`. */
export const CARD_ROUTE = "/cards/";

/**
 * Serves the cards of a {@link CardStore} by digest: 200 with the exact bytes, 404 when not held, 400 for a path that
 * is not a digest, 500 (never the bytes) when the stored file no longer hashes to its name. Cards are public and
 * content-addressed, so any origin may read them (an explorer served elsewhere) and caches may keep them forever.
 * Resolves true when it answered.
 */
export function createCardRoutes(cards: CardStore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://node.local").pathname;
    if (!path.startsWith(CARD_ROUTE)) return false;
    const headers = { "access-control-allow-origin": "*" };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, "content-type": "text/plain", allow: "GET, HEAD" });
      res.end("GET a card by its sha256\n");
      return true;
    }
    const hash = path.slice(CARD_ROUTE.length).toLowerCase();
    if (!isCardHash(hash)) {
      res.writeHead(400, { ...headers, "content-type": "text/plain" });
      res.end("a card is named by its sha256: 64 hex digits, e.g. /cards/5891b5b5…\n");
      return true;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = cards.read(hash);
    } catch (error) {
      res.writeHead(500, { ...headers, "content-type": "text/plain" });
      res.end(`${(error as Error).message.split("\n")[0]}\n`);
      return true;
    }
    if (!bytes) {
      res.writeHead(404, { ...headers, "content-type": "text/plain" });
      res.end(`this node holds no card ${hash}\n`);
      return true;
    }
    res.writeHead(200, {
      ...headers,
      "content-type": "application/json",
      "cache-control": "public, max-age=31536000, immutable",
      "content-length": String(bytes.length),
    });
    res.end(req.method === "HEAD" ? undefined : bytes);
    return true;
  };
}
