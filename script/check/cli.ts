/**
 * Post-deploy check: `npm run deploy:check -- --chain <id> [--rpc <url>] [--deployment <file>] [--config <file>]`.
 *
 * Reads deployments/<chainId>.json and the chain, and checks code, ERC-1967 implementations, every role and owner,
 * every parameter against the network configuration and every registered circuit against circuits/manifest.json, and
 * reports the trusted setup the circuit keys come from (dev keys off the local chain fail unless the deployment file
 * records the explicit override, and then warn). Prints a checklist; exits 1 if anything is wrong (each failure says
 * what and how to fix it), 2 on bad usage.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadManifest, REPO_ROOT } from "@symbiote/circuits";
import { BaseError } from "@symbiote/sdk";
import { createPublicClient, http } from "viem";
import { runChecks } from "./checks.ts";
import { readDeployment } from "./deployment.ts";
import { readDemoModels, readNetworkConfig } from "./networkConfig.ts";

const USAGE = "usage: npm run deploy:check -- --chain <id> [--rpc <url>] [--deployment <file>] [--config <file>]";

async function main(argv: string[]): Promise<number> {
  let values: { chain?: string; rpc?: string; deployment?: string; config?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        chain: { type: "string" },
        rpc: { type: "string" },
        deployment: { type: "string" },
        config: { type: "string" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.chain || !/^\d+$/.test(values.chain)) {
    console.error(`--chain <id> is required (e.g. --chain 31337)\n${USAGE}`);
    return 2;
  }
  const chainId = Number(values.chain);
  const rpc = values.rpc ?? process.env.RPC_URL ?? (chainId === 31_337 ? "http://127.0.0.1:8545" : undefined);
  if (!rpc) {
    console.error(`--rpc <url> (or RPC_URL) is required for chain ${chainId}\n${USAGE}`);
    return 2;
  }

  const deploymentPath = resolve(values.deployment ?? resolve(REPO_ROOT, "deployments", `${chainId}.json`));
  const deployment = readDeployment(deploymentPath);
  const configPath = resolve(values.config ?? resolve(REPO_ROOT, deployment.config));
  const config = readNetworkConfig(configPath);
  const demoModels = readDemoModels(resolve(REPO_ROOT, "script/config/demo-models.json"));
  const client = createPublicClient({ transport: http(rpc, { retryCount: 2 }) });

  console.log(`Checking ${deploymentPath} against ${rpc} and ${configPath}`);
  const results = await runChecks({
    client,
    deployment,
    config,
    configPath: values.config ?? deployment.config,
    manifest: loadManifest(),
    demoModels,
  });
  for (const result of results) {
    if (!result.ok) console.log(`  ✘ ${result.name}: ${result.message}`);
    else if (result.warning) console.log(`  ⚠ ${result.name}: ${result.warning}`);
    else console.log(`  ✔ ${result.name}`);
  }
  const failed = results.filter((r) => !r.ok);
  const warned = results.filter((r) => r.ok && r.warning);
  if (failed.length > 0) {
    console.log(`\n${failed.length} of ${results.length} checks failed.`);
    return 1;
  }
  console.log(
    `\nAll ${results.length} checks passed${warned.length > 0 ? `, with ${warned.length} WARNING(S):` : "."}`,
  );
  for (const result of warned) console.log(`  ⚠ WARNING: ${result.name}: ${result.warning}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof BaseError ? error.message : error);
    process.exit(2);
  },
);
