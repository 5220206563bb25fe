/**
 * The operator's declarations through `symbiote-oracle` against a deployed protocol: `register` declares exactly the
 * versions the store can prove, `models declare` refuses one it cannot (naming the version and what is missing),
 * `models undeclare` withdraws, `status` lists them, the sync withdraws a version whose weights left the store, and
 * `data-node accept` takes up the role a data owner proposed, and only that.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type Anvil,
  declareFromStore,
  demoClassifierModels,
  KEYS,
  type LocalProtocol,
  type NodeSetup,
  prepareNode,
  startLocalProtocol,
} from "@symbiote/devnet";
import { dataRegistryAbi, stakingVaultAbi } from "@symbiote/sdk";
import { type Address, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const OPERATOR = KEYS[5];
const OWNER = KEYS[2];
const operator = privateKeyToAccount(OPERATOR).address;
const owner = privateKeyToAccount(OWNER).address;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let setup: NodeSetup;
let p: LocalProtocol["p"];

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args, "--config", setup.configPath], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...setup.env },
  });
}

function serves(modelId: bigint, version: number): Promise<boolean> {
  return p.publicClient.readContract({
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "servesVersion",
    args: [operator, modelId, version],
  });
}

beforeAll(async () => {
  chain = await startLocalProtocol("declarations");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.fundAndStake(OPERATOR);
  // the store holds the two classifier circuits and their demo weights: models 1 and 2, not the MLP (model 3)
  setup = await prepareNode(join(dir, "op"), { rpc: [anvil.url], deployment: deploymentPath, key: OPERATOR });
}, 600_000);

afterAll(async () => {
  await chain?.stop();
});

describe("declared versions through the operator's CLI", () => {
  it("refuses to declare a version the store cannot prove, naming it and what is missing", async () => {
    const result = cli("models", "declare", "3:1");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("refusing to declare what this node cannot prove");
    expect(result.stderr).toContain("model 3 version 1: circuit");
    expect(result.stderr).toContain("mlp16x32x4-public");
    expect(result.stderr).toContain("not in the store");
    expect(result.stderr).toContain("models sync --from");
    expect(await serves(3n, 1)).toBe(false);
    const unknown = cli("models", "declare", "9:1");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("the registry has no model 9 version 1");
  });

  it("register declares exactly the versions the store proves", async () => {
    const result = cli("register", "--endpoint", "http://127.0.0.1:9464");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("declared versions: 1:1, 2:1");
    expect(result.stderr).toContain("not declared model 3 version 1");
    expect([await serves(1n, 1), await serves(2n, 1), await serves(3n, 1)]).toEqual([true, true, false]);
  });

  it("undeclare withdraws, status lists what is declared, declare puts it back", async () => {
    expect(cli("models", "undeclare", "2:1").status).toBe(0);
    expect(await serves(2n, 1)).toBe(false);
    const status = cli("status");
    expect(status.status, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as { declaredVersions: string[]; notDeclared: string[] };
    expect(shown.declaredVersions).toEqual(["1:1"]);
    expect(shown.notDeclared).toContain("2:1 (provable: `models sync` declares it)");
    expect(shown.notDeclared).toContain("3:1");
    expect(cli("models", "declare", "2:1").status).toBe(0);
    expect(await serves(2n, 1)).toBe(true);
  });

  it("the sync withdraws a declared version whose weights left the store", async () => {
    // model 1 is the committed-input classifier
    const { commitment } = demoClassifierModels()[0] as { commitment: bigint };
    const store = new ModelStore(join(setup.dir, "models"));
    rmSync(join(store.dir, "models", `${commitment.toString(16).padStart(64, "0")}.json`));
    const result = await declareFromStore(setup);
    expect(result.withdrawn).toEqual([{ modelId: 1n, version: 1 }]);
    expect(result.unprovable.find((v) => v.modelId === 1n)?.missing).toContain("weights opening commitment");
    expect([await serves(1n, 1), await serves(2n, 1)]).toEqual([false, true]);
    const status = JSON.parse(cli("status").stdout) as { declaredVersions: string[] };
    expect(status.declaredVersions).toEqual(["2:1"]);
  });

  it("data-node accept takes up only a role the owner proposed", async () => {
    const dataNodeOf = (who: Address) =>
      p.publicClient.readContract({
        address: deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "dataNodeOf",
        args: [who],
      });
    const early = cli("data-node", "accept", owner);
    expect(early.status).toBe(1);
    expect(early.stderr).toContain(`${owner} has not proposed this node`);
    const proposal = await p.wallet(OWNER).writeContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "setDataNode",
      args: [operator],
    } as never);
    await p.publicClient.waitForTransactionReceipt({ hash: proposal });
    // proposed, not yet accepted: the owner still serves itself
    expect(await dataNodeOf(owner)).toBe(owner);
    const accepted = cli("data-node", "accept", owner);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(await dataNodeOf(owner)).toBe(operator);
    expect(cli("data-node", "resign", owner).status).toBe(0);
    expect([owner, zeroAddress]).toContain(await dataNodeOf(owner));
  });
});
