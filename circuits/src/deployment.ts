import { readFileSync } from "node:fs";
import { type Deployment, FatalError, parseDeployment } from "@symbiote/sdk";

export type { Deployment };

/**
 * Reads `deployments/<chainId>.json` as the deploy script writes it (see {@link parseDeployment}).
 *
 * @throws {FatalError} unreadable file, another chain, or a missing address — naming what to do.
 */
export function loadDeployment(path: string, chainId: number): Deployment {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (cause) {
    throw new FatalError(
      `cannot read the deployment file ${path}; deploy the contracts first (script/Deploy.s.sol) or fix "deployment" in the config.`,
      { cause },
    );
  }
  return parseDeployment(json, chainId, path);
}
