/**
 * The TypeScript fixture: one local chain with the protocol deployed by the project's own deploy path
 * (`deployLocal`: the local mocks, then script/Deploy.s.sol), and its actors driven through the SDK's actions
 * (protocol.ts). Every end-to-end suite starts here, so the wiring they test is the wiring a
 * deployer gets, and a change to an action or to the deployment reaches all of them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Deployment, loadDeployment } from "@symbiote/circuits";
import type { Address } from "viem";
import { type Anvil, rpc, type StartAnvilOptions, startAnvil } from "./anvil.ts";
import { deployProtocol, mocksFileOf, removeDeployment } from "./deployment.ts";
import { protocol } from "./protocol.ts";

export type LocalProtocol = {
  anvil: Anvil;
  /** The deployment file (deployments/<name>-<port>.json) and its parsed addresses. */
  deploymentPath: string;
  deployment: Deployment;
  /** Every contract the deployment file names (epochRandomness, the verifiers …), by name. */
  contracts: Record<string, Address>;
  /** The local VRF coordinator mock that answers the epoch randomness's seed requests. */
  vrf: Address;
  /** A temporary folder for the suite's files (node stores, configs), removed by `stop`. */
  dir: string;
  /** The actors: treasury, operators and requesters, through the SDK's actions. */
  p: ReturnType<typeof protocol>;
  /** Answers every pending round seed request through the VRF mock (the Chainlink node's part). */
  fulfillSeeds(): Promise<void>;
  /** Mines a block every `seconds` from now on, so confirmations accrue without transactions. */
  mineEvery(seconds: number): Promise<void>;
  /** Stops anvil and removes the deployment files and the folder. */
  stop(): Promise<void>;
};

/**
 * Starts anvil and deploys the protocol on it. `name` names the deployment file and the temporary folder, so suites
 * running side by side never share one.
 */
export async function startLocalProtocol(name: string, anvilOptions: StartAnvilOptions = {}): Promise<LocalProtocol> {
  const anvil = await startAnvil(anvilOptions);
  let deploymentPath: string | undefined;
  try {
    deploymentPath = await deployProtocol(anvil, `${name}-${anvil.port}`);
    const path = deploymentPath;
    const deployment = loadDeployment(path, 31337);
    const contracts = (JSON.parse(readFileSync(path, "utf8")) as { contracts: Record<string, Address> }).contracts;
    const vrf = (JSON.parse(readFileSync(mocksFileOf(path), "utf8")) as { vrfCoordinator: Address }).vrfCoordinator;
    const dir = mkdtempSync(join(tmpdir(), `symbiote-${name}-`));
    const p = protocol(anvil.url, deployment);
    return {
      anvil,
      deploymentPath: path,
      deployment,
      contracts,
      vrf,
      dir,
      p,
      fulfillSeeds: () => p.fulfillSeeds(contracts.epochRandomness as Address, vrf),
      mineEvery: async (seconds) => {
        await rpc(anvil.url, "evm_setIntervalMining", [seconds]);
      },
      async stop() {
        await anvil.stop();
        removeDeployment(path);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.stop();
    if (deploymentPath) removeDeployment(deploymentPath);
    throw error;
  }
}
