/**
 * The devnet's accounts and deployment files: anvil's dev keys, a deploy by the project's own path, and the files
 * it leaves in deployments/.
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import type { Anvil } from "./anvil.ts";
import { deployLocal } from "./deployLocal.ts";

/** anvil's dev keys (public knowledge): 0 deploys, 1 is the treasury holding the initial supply. */
export const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
] as const;

/**
 * Deploys with the project's deploy path (`deployLocal`: the local mocks phase, then script/Deploy.s.sol), writing the
 * deployment file to deployments/<name>.json (the only folder the scripts may write). Returns its absolute path.
 */
export async function deployProtocol(anvil: Anvil, name: string): Promise<string> {
  const file = `deployments/${name}.json`;
  await deployLocal({ rpcUrl: anvil.url, deploymentFile: file, quiet: true });
  return resolve(REPO_ROOT, file);
}

/** The local mocks file written beside a deployment file (script/deploy/DeployEnv.sol, mocksPath). */
export function mocksFileOf(deploymentPath: string): string {
  return deploymentPath.replace(/\.json$/, ".mocks.json");
}

/** Removes a deployment file and the local mocks file beside it. */
export function removeDeployment(path: string): void {
  rmSync(path, { force: true });
  rmSync(mocksFileOf(path), { force: true });
}
