/**
 * Deploys the protocol to an already running anvil (it starts nothing) in two phases:
 * script/deploy/LocalMocks.s.sol (VRF coordinator mock with a subscription, price-feed mocks), then script/Deploy.s.sol.
 * Writes deployments/31337.json unless told another file. The circuit keys of a dev trusted setup are fine here: the chain is local (31337 with
 * script/config/local.json's network "local"); any other chain refuses them (script/deploy/TrustedSetup.sol).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { createTestClient, http, publicActions } from "viem";

export type DeployLocalOptions = {
  rpcUrl: string;
  /** 0x-prefixed deployer key; anvil's first key when absent. */
  privateKey?: string;
  /** Deployment file to write (default deployments/31337.json). */
  deploymentFile?: string;
  /** Register the demo models (default: the config's demoModels.enabled). */
  demoModels?: boolean;
  /** Inherit stdio (the CLI) or capture it (tests). */
  quiet?: boolean;
};

const FORGE = resolve(REPO_ROOT, "node_modules/.bin/forge");

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** Runs one phase; returns its output when captured (`quiet`), else "". */
function forgeScript(script: string, options: DeployLocalOptions): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_COMMIT: gitCommit(), DEPLOY_NETWORK: "local" };
  if (options.privateKey) env.PRIVATE_KEY = options.privateKey;
  if (options.deploymentFile) env.DEPLOYMENT_FILE = options.deploymentFile;
  if (options.demoModels !== undefined) env.DEMO_MODELS = String(options.demoModels);
  // --slow: one transaction at a time, each after the previous receipt. anvil's automine mines what is pending when a
  // transaction arrives, up to the block gas limit; a burst of large deployments can leave one pending with nothing
  // left to trigger the next block, and forge then waits for its receipt forever.
  const args = ["script", script, "--rpc-url", options.rpcUrl, "--broadcast", "--slow"];
  const result = spawnSync(FORGE, args, {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    stdio: options.quiet ? "pipe" : "inherit",
    maxBuffer: 64 * 1024 * 1024,
    // a first run compiles the project (minutes on two cores); a stuck broadcast must not hang forever
    timeout: 15 * 60_000,
  });
  if (result.status !== 0) {
    const output = options.quiet ? `\n${result.stdout}\n${result.stderr}` : "";
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(`forge script ${script} failed (${why})${output}`);
  }
  return options.quiet ? result.stdout : "";
}

/**
 * Deploys mocks and protocol to a running local chain. Returns the protocol phase's output when `quiet` (its summary
 * names every contract and the trusted setup), else "".
 *
 * @example await deployLocal({ rpcUrl: "http://127.0.0.1:8545" });
 */
export async function deployLocal(options: DeployLocalOptions): Promise<string> {
  const client = createTestClient({ mode: "anvil", transport: http(options.rpcUrl) }).extend(publicActions);
  const chainId = await client.getChainId();
  if (chainId !== 31_337) {
    throw new Error(
      `${options.rpcUrl} serves chain ${chainId}; deploy:local is for anvil (31337): see docs/deployment.md`,
    );
  }
  // The VRF mock's createSubscription reads the previous block's hash, which a fresh chain does not have yet.
  if ((await client.getBlockNumber()) === 0n) await client.mine({ blocks: 1 });
  forgeScript("script/deploy/LocalMocks.s.sol", options);
  return forgeScript("script/Deploy.s.sol", options);
}
