/**
 * `npm run explorer [-- --rpc <url>] [--deployment <file>] [--port <n>] [--host <h>] [--dev] [--card-gateway <template>]…
 * [--ipfs-gateway <url>]`: builds the decision explorer and serves it (Vite preview), or with --dev runs Vite's dev
 * server with hot reload. `--card-gateway` may be repeated: URL templates with {hash} or {cid} the page fetches model
 * cards from, e.g. an operator node's http://127.0.0.1:9464/cards/{hash}.
 * Defaults read a local devnet: $EXPLORER_RPC_URL / $RPC_URL or http://127.0.0.1:8545, and $DEPLOYMENT_FILE or
 * deployments/31337.json.
 */
import { build, createServer, preview } from "vite";
import { type ExplorerSource, explorerViteConfig, sourceFromEnv } from "./vite.config.ts";

export type ServeOptions = {
  source: ExplorerSource;
  dev?: boolean;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Build output (default explorer/dist). */
  outDir?: string;
  /** Serve an existing build without rebuilding. */
  skipBuild?: boolean;
  quiet?: boolean;
};

export type RunningExplorer = { url: string; close: () => Promise<void> };

/**
 * Serves the explorer and resolves once it listens.
 *
 * @example const { url, close } = await serveExplorer({ source: sourceFromEnv(process.env) });
 */
export async function serveExplorer(options: ServeOptions): Promise<RunningExplorer> {
  const base = explorerViteConfig(options.source, options.outDir ? { outDir: options.outDir } : {});
  const logLevel = options.quiet ? "warn" : "info";
  const listen = { host: options.host ?? "127.0.0.1", ...(options.port !== undefined ? { port: options.port } : {}) };
  if (options.dev) {
    const server = await createServer({ ...base, logLevel, server: { ...base.server, ...listen } });
    await server.listen();
    const url = server.resolvedUrls?.local[0] ?? `http://${listen.host}:${server.config.server.port}/`;
    return { url, close: () => server.close() };
  }
  if (!options.skipBuild) await build({ ...base, logLevel });
  const server = await preview({ ...base, logLevel, preview: { ...base.preview, ...listen } });
  const url = server.resolvedUrls?.local[0] ?? `http://${listen.host}:${listen.port}/`;
  return { url, close: () => server.close() };
}

function parseArgs(argv: string[]): ServeOptions {
  const named = new Map<string, string>();
  const cardGateways: string[] = [];
  let dev = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--dev") dev = true;
    else if (arg === "--card-gateway" && argv[i + 1] !== undefined) cardGateways.push(argv[++i] as string);
    else if (arg.startsWith("--") && argv[i + 1] !== undefined) named.set(arg.slice(2), argv[++i] as string);
    else
      throw new Error(`unknown argument "${arg}"; see the usage at the top of explorer/serve.ts or docs/explorer.md`);
  }
  const env = { ...process.env };
  if (named.has("rpc")) env.EXPLORER_RPC_URL = named.get("rpc");
  if (named.has("deployment")) env.DEPLOYMENT_FILE = named.get("deployment");
  if (named.has("ipfs-gateway")) env.EXPLORER_IPFS_GATEWAY = named.get("ipfs-gateway");
  if (cardGateways.length > 0) env.EXPLORER_CARD_GATEWAYS = cardGateways.join(" ");
  const port = named.get("port") ?? env.EXPLORER_PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error(`--port ${port} is not a TCP port number`);
  return {
    source: sourceFromEnv(env),
    dev,
    ...(named.has("host") ? { host: named.get("host") as string } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const { url } = await serveExplorer(options);
    console.log(
      `decision explorer: ${url}\n  reading ${options.source.rpcUrl} (relayed, read-only) and ${options.source.deploymentFile}`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
