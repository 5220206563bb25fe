import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, resolve, sep } from "node:path";
import { relayRpc } from "./rpcProxy.ts";

/** What the served explorer reads from: the chain (through the relay) and the deployment file. */
export type ExplorerServerOptions = {
  /** The JSON-RPC endpoint the relay forwards to (never shown to visitors). */
  rpcUrl: string;
  /** deployments/<chainId>.json, read on every config request so a redeploy shows without a restart. */
  deploymentFile: string;
  /** Where the handler is mounted, e.g. "/explorer" on the operator node or "" at a server's root. */
  basePath?: string;
  /** The built explorer (explorer/dist) to serve; without it only the config and the relay are answered. */
  dist?: string;
  /**
   * Where the page fetches model cards by digest, in order: URL templates with {hash} (sha256, hex) or {cid}
   * (CIDv1), absolute or relative to the page (the operator node lists its own `../cards/{hash}` first). The page
   * uses a card only when its bytes hash to the registry's commitment.
   */
  cardGateways?: readonly string[];
};

/** The runtime configuration the page fetches from `explorer-config.json` next to its index.html. */
export type ExplorerRuntimeConfig = {
  /** Relative to the page: the relay. */
  rpcUrl: string;
  deploymentSource: string;
  deployment: Record<string, unknown>;
  /** URL templates the page fetches model cards from (see {@link ExplorerServerOptions.cardGateways}). */
  cardGateways: string[];
};

/** The card template of an IPFS gateway: `https://ipfs.io/ipfs/` → `https://ipfs.io/ipfs/{cid}`. */
export function ipfsGatewayTemplate(gateway: string): string {
  return `${gateway.replace(/\/?$/, "/")}{cid}`;
}

/** A request handler: resolves true when it answered, false to let the host server go on. */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Largest relayed JSON-RPC body: a batch of reads is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((done, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, cache = "no-store"): void {
  res.writeHead(status, { "content-type": type, "cache-control": cache });
  res.end(body);
}

async function runtimeConfig(options: ExplorerServerOptions): Promise<{ status: number; body: string }> {
  try {
    const deployment = JSON.parse(await readFile(options.deploymentFile, "utf8")) as Record<string, unknown>;
    const config: ExplorerRuntimeConfig = {
      rpcUrl: "rpc",
      deploymentSource: options.deploymentFile.split(sep).slice(-2).join("/"),
      deployment,
      cardGateways: [...(options.cardGateways ?? [])],
    };
    return { status: 200, body: JSON.stringify(config) };
  } catch (cause) {
    const error = `cannot read the deployment file ${options.deploymentFile} (${(cause as Error).message.split("\n")[0]}); deploy the contracts (npm run deploy:local) or point the explorer at the right file (--deployment).`;
    return { status: 503, body: JSON.stringify({ error }) };
  }
}

async function serveStatic(dist: string, relative: string, res: ServerResponse): Promise<boolean> {
  const root = resolve(dist);
  const path = resolve(root, `.${relative === "/" ? "/index.html" : relative}`);
  // a path outside dist (../) is not ours to serve
  if (path !== root && !path.startsWith(root + sep)) return false;
  try {
    if (!(await stat(path)).isFile()) return false;
  } catch {
    return false;
  }
  const hashed = relative.startsWith("/assets/");
  send(
    res,
    200,
    CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
    await readFile(path),
    hashed ? "public, max-age=31536000, immutable" : "no-cache",
  );
  return true;
}

/**
 * Serves the decision explorer under `basePath`: `explorer-config.json` (the RPC relay's path and the deployment
 * file), `rpc` (a read-only JSON-RPC relay, see rpcProxy.ts) and, given `dist`, the built page. Used by the Vite
 * dev and preview servers (`npm run explorer`) and by the operator node (`symbiote-oracle start --explorer`).
 */
export function createExplorerHandler(options: ExplorerServerOptions): ExplorerHandler {
  const base = (options.basePath ?? "").replace(/\/$/, "");
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://explorer.local");
    if (base && url.pathname === base) {
      res.writeHead(301, { location: `${base}/${url.search}` });
      res.end();
      return true;
    }
    if (!url.pathname.startsWith(`${base}/`)) return false;
    const relative = url.pathname.slice(base.length);
    if (relative === "/explorer-config.json" && req.method === "GET") {
      const { status, body } = await runtimeConfig(options);
      send(res, status, "application/json", body);
      return true;
    }
    if (relative === "/rpc") {
      if (req.method !== "POST") {
        send(res, 405, "text/plain", "POST JSON-RPC here\n");
        return true;
      }
      const body = await readBody(req);
      if (body === undefined) {
        send(res, 413, "text/plain", `a JSON-RPC body is at most ${MAX_BODY_BYTES} bytes\n`);
        return true;
      }
      const relayed = await relayRpc(body, options.rpcUrl);
      send(res, relayed.status, "application/json", relayed.body);
      return true;
    }
    if (options.dist && req.method === "GET") return serveStatic(options.dist, relative, res);
    return false;
  };
}
