import { readFileSync } from "node:fs";
import { type Deployment, loadDeployment } from "@symbiote/circuits";
import { type Address, getAddress } from "viem";
import { DemoError } from "./errors.ts";

/** What the demo reads from a local deployment file beyond the node's addresses: governance and the local mocks. */
export type LocalDeployment = {
  path: string;
  deployment: Deployment;
  governor: Address;
  timelock: Address;
  epochRandomness: Address;
  /** The VRF v2.5 coordinator mock the demo answers seed requests through (the Chainlink node's part). */
  vrfCoordinator: Address;
  /** The ETH/USD price-feed mock (MockV3Aggregator). */
  priceFeed: Address;
  /** The deploy's sample models (script/config/demo-models.json), by name. */
  sampleModels: { id: bigint; name: string }[];
};

/**
 * Reads `deployments/<name>.json` as `deployLocal` wrote it.
 *
 * @throws {DemoError} a field is missing: the file is not a local deployment with mocks.
 */
export function readLocalDeployment(path: string): LocalDeployment {
  const deployment = loadDeployment(path, 31_337);
  const json = JSON.parse(readFileSync(path, "utf8")) as {
    contracts: Record<string, string>;
    vrf?: { coordinator?: string; mock?: boolean };
    priceFeeds?: Record<string, string>;
    demoModels?: { id: number; name: string }[];
  };
  const need = (value: string | undefined, what: string): Address => {
    if (!value) throw new DemoError(`${path} has no ${what}; redeploy with \`npm run deploy:local\`.`);
    return getAddress(value);
  };
  return {
    path,
    deployment,
    governor: need(json.contracts.governor, "governor"),
    timelock: need(json.contracts.timelock, "timelock"),
    epochRandomness: need(json.contracts.epochRandomness, "epochRandomness"),
    vrfCoordinator: need(json.vrf?.mock ? json.vrf.coordinator : undefined, "VRF coordinator mock"),
    priceFeed: need(json.priceFeeds?.["ETH/USD"], "ETH/USD price feed"),
    sampleModels: (json.demoModels ?? []).map((m) => ({ id: BigInt(m.id), name: m.name })),
  };
}
