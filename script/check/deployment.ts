import { readFileSync } from "node:fs";
import { FatalError } from "@symbiote/sdk";
import { getAddress, isAddress } from "viem";
import { z } from "zod";

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { error: "must be a 0x-prefixed 20-byte address" })
  .transform((value) => getAddress(value));

/** Proxied contracts of a deployment, by the names the deployment file uses. */
export const PROXIES = [
  "timelock",
  "token",
  "stakingVault",
  "governor",
  "modelRegistry",
  "dataRegistry",
  "dataRewards",
  "coordinator",
  "auditRegistry",
] as const;
export type ProxyName = (typeof PROXIES)[number];

const proxyAddresses = z.strictObject(
  Object.fromEntries(PROXIES.map((name) => [name, address])) as Record<ProxyName, typeof address>,
);

/**
 * `deployments/<chainId>.json`, written by script/Deploy.s.sol (format 1): what the oracle node, the explorer and
 * `npm run deploy:check` read. script/deploy/DeploymentFile.sol renders it.
 */
export const deploymentSchema = z.object({
  format: z.literal(1, { error: "is not 1: this reader knows format 1 only; redeploy or update script/check" }),
  network: z.string(),
  config: z.string(),
  chainId: z.number().int().positive(),
  deployer: address,
  /** The chain head when the deployment began: every deployment transaction is in a later block. */
  blockNumber: z.number().int().min(0),
  gitCommit: z.string(),
  timestamp: z.number().int(),
  contracts: proxyAddresses.extend({ epochRandomness: address, expiryKeeper: address }),
  implementations: proxyAddresses,
  vrf: z.object({
    coordinator: address,
    /** Decimal string: VRF v2.5 subscription ids are 256-bit. */
    subscriptionId: z.string().regex(/^\d+$/),
    mock: z.boolean(),
  }),
  priceFeeds: z.record(z.string(), address),
  circuits: z.array(
    z.object({
      id: z.number().int().positive(),
      /** "<manifest id>/<backend>", e.g. "classifier16-public/groth16". */
      key: z.string(),
      verifier: address,
      verifierContract: z.string(),
    }),
  ),
  /**
   * The trusted setup behind the registered keys (circuits/manifest.json's `setup.kind`), and whether non-ceremony
   * keys reached a non-local chain under SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP. Absent in files written before the deploy
   * recorded it.
   */
  trustedSetup: z.object({ kind: z.string(), overrideUsed: z.boolean() }).optional(),
  demoModels: z.array(z.object({ id: z.number().int().positive(), name: z.string() })),
});

export type Deployment = z.output<typeof deploymentSchema>;

/**
 * Reads and validates a deployment file.
 *
 * @example const deployment = readDeployment("deployments/31337.json");
 * @throws {FatalError} the file is missing, not JSON, or not a format-1 deployment file.
 */
export function readDeployment(path: string): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new FatalError(`cannot read the deployment file ${path}; deploy first (npm run deploy:local).`, { cause });
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new FatalError(`${path} is not a valid deployment file:\n${issues.join("\n")}`);
  }
  return parsed.data;
}
