/**
 * Vite configuration of the decision explorer. `npm run explorer` (explorer/serve.ts) builds it from parsed options;
 * `vite --config explorer/vite.config.ts` and `npm run explorer:build` read the same options from the environment:
 * EXPLORER_RPC_URL (or RPC_URL), DEPLOYMENT_FILE (relative to the working folder), EXPLORER_CARD_GATEWAYS (URL
 * templates with {hash} or {cid}, separated by spaces), EXPLORER_IPFS_GATEWAY.
 */
import { existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createExplorerHandler, type ExplorerServerOptions, ipfsGatewayTemplate } from "@symbiote/oracle";
import { FatalError } from "@symbiote/sdk";
import react from "@vitejs/plugin-react";
import { defineConfig, type InlineConfig, type Plugin } from "vite";

/** The folder of index.html and src/. */
export const EXPLORER_ROOT = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(EXPLORER_ROOT, "..");

/** Where the page reads from; the dev and preview servers answer explorer-config.json and the RPC relay with it. */
export type ExplorerSource = Omit<ExplorerServerOptions, "basePath" | "dist">;

/** The deployment files a local chain leaves: `npm run devnet`'s and `npm run deploy:local`'s. */
const LOCAL_DEPLOYMENTS = ["deployments/devnet.json", "deployments/31337.json"];

/** The newer of the local deployment files (the chain on 8545 was deployed last), or deploy:local's name. */
export function defaultDeploymentFile(): string {
  const present = LOCAL_DEPLOYMENTS.map((file) => resolve(REPO_ROOT, file)).filter((path) => existsSync(path));
  present.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return present[0] ?? resolve(REPO_ROOT, "deployments/31337.json");
}

/** A card gateway that is not a URL template naming the card. */
export class CardGatewayError extends FatalError {
  override name = "CardGatewayError";
}

/** Devnet defaults: anvil on 8545 and the newest local deployment file. */
export function sourceFromEnv(env: NodeJS.ProcessEnv): ExplorerSource {
  const cardGateways = (env.EXPLORER_CARD_GATEWAYS ?? "").split(/\s+/).filter(Boolean);
  for (const template of cardGateways) {
    if (!template.includes("{hash}") && !template.includes("{cid}")) {
      throw new CardGatewayError(
        `card gateway ${template} names no card: put {hash} (the card's sha256) or {cid} (its CIDv1) where the card goes, e.g. http://operator:9464/cards/{hash}`,
      );
    }
  }
  if (env.EXPLORER_IPFS_GATEWAY) cardGateways.push(ipfsGatewayTemplate(env.EXPLORER_IPFS_GATEWAY));
  return {
    rpcUrl: env.EXPLORER_RPC_URL ?? env.RPC_URL ?? "http://127.0.0.1:8545",
    deploymentFile: env.DEPLOYMENT_FILE ? resolve(env.DEPLOYMENT_FILE) : defaultDeploymentFile(),
    cardGateways,
  };
}

/** Mounts the explorer's runtime config and read-only RPC relay on Vite's dev and preview servers. */
export function explorerBackend(source: ExplorerSource): Plugin {
  const handle = createExplorerHandler({ ...source, basePath: "" });
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    handle(req, res).then((answered) => answered || next(), next);
  };
  // both hooks return nothing: a function returned from them would be run as a late hook
  return {
    name: "symbiote-explorer-backend",
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

/** The explorer's Vite configuration for a source; `outDir` defaults to explorer/dist. */
export function explorerViteConfig(source: ExplorerSource, options: { outDir?: string } = {}): InlineConfig {
  return {
    root: EXPLORER_ROOT,
    // relative asset URLs: the same build serves at / (npm run explorer) and at /explorer/ (the operator node)
    base: "./",
    publicDir: false,
    configFile: false,
    clearScreen: false,
    plugins: [react(), explorerBackend(source)],
    // the workspace's SDK from its sources, as tsconfig.json's paths resolve it for tsc and tsx
    resolve: { alias: { "@symbiote/sdk": resolve(REPO_ROOT, "sdk/src/index.ts") } },
    build: {
      outDir: options.outDir ?? resolve(EXPLORER_ROOT, "dist"),
      emptyOutDir: true,
      reportCompressedSize: false,
      // one chunk by design: viem, the contract ABIs and circuits/manifest.json (≈ 180 kB gzipped) replace a backend
      chunkSizeWarningLimit: 1024,
    },
    server: { host: "127.0.0.1", port: 5173, strictPort: false },
    preview: { host: "127.0.0.1", port: 4173, strictPort: false },
  };
}

export default defineConfig(() => explorerViteConfig(sourceFromEnv(process.env)));
