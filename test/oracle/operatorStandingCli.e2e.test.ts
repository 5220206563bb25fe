/**
 * An operator's standing through `symbiote-oracle` against a deployed protocol: `status` shows the draw weight and says
 * when the operator is dormant (registered at weight 0, never drawn) and what to do; `sync` re-arms a dormant operator
 * whose stake is back above the minimum (the vault raises a zero weight only on the operator's own act, so a stranger's
 * `stakeFor` leaves it dormant), and refuses, saying how much to stake, while the stake is below it; `deregister`
 * leaves the set, and both refuse an operator that is not registered.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { KEYS, type LocalProtocol, type NodeSetup, prepareNode, startLocalProtocol } from "@symbiote/devnet";
import { stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import { maxUint256, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const OPERATOR = KEYS[5];
const STRANGER = KEYS[6];
const operator = privateKeyToAccount(OPERATOR).address;

let chain: LocalProtocol;
let deployment: Deployment;
let p: LocalProtocol["p"];
let setup: NodeSetup;

type Status = {
  registered: boolean;
  drawWeight: string;
  minOperatorStake: string;
  dormant: boolean;
  action?: string;
  eligible: boolean;
};

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args, "--config", setup.configPath], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...setup.env },
  });
}

function status(): Status {
  const result = cli("status");
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Status;
}

function weight(): Promise<bigint> {
  return p.publicClient.readContract({
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "operatorWeight",
    args: [operator],
  });
}

/** A stranger's `stakeFor(operator, amount)`: stake paid in for the operator by someone else. */
async function stakeForOperator(amount: bigint): Promise<void> {
  const wallet = p.wallet(STRANGER);
  const treasury = p.wallet(KEYS[1]);
  const send = async (w: typeof wallet, call: Parameters<typeof w.writeContract>[0]) => {
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash: await w.writeContract(call) });
    if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted`);
  };
  const stranger = privateKeyToAccount(STRANGER).address;
  await send(treasury, {
    address: deployment.token,
    abi: tokenAbi,
    functionName: "transfer",
    args: [stranger, amount],
  } as never);
  await send(wallet, {
    address: deployment.token,
    abi: tokenAbi,
    functionName: "approve",
    args: [deployment.vault, maxUint256],
  } as never);
  await send(wallet, {
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "stakeFor",
    args: [operator, amount],
  } as never);
}

beforeAll(async () => {
  chain = await startLocalProtocol("operator-standing");
  ({ deployment, p } = chain);
  // the minimum is 1,000; the operator stakes 2,000
  await p.fundAndStake(OPERATOR);
  setup = await prepareNode(join(chain.dir, "op"), {
    rpc: [chain.anvil.url],
    deployment: chain.deploymentPath,
    key: OPERATOR,
  });
}, 600_000);

afterAll(async () => {
  await chain?.stop();
});

describe("the operator's standing through the CLI", () => {
  it("sync and deregister refuse an operator that is not registered; status says to register", () => {
    const shown = status();
    expect(shown).toMatchObject({ registered: false, drawWeight: "0", dormant: false });
    expect(shown.action).toContain("not registered: run `symbiote-oracle register --endpoint <url>`");
    const sync = cli("sync");
    expect(sync.status).toBe(1);
    expect(sync.stderr).toContain(`${operator} is not a registered operator`);
    expect(sync.stderr).toContain("register first: `symbiote-oracle register --endpoint <url>`");
    const deregister = cli("deregister");
    expect(deregister.status).toBe(1);
    expect(deregister.stderr).toContain("nothing to deregister");
    expect(deregister.stderr).toContain("symbiote-oracle unstake <amount>");
  });

  it("a registered operator has its stake as draw weight; sync then has nothing to do", async () => {
    expect(cli("register", "--endpoint", "http://127.0.0.1:9464").status).toBe(0);
    const shown = status();
    expect(shown).toMatchObject({ registered: true, drawWeight: "2000", minOperatorStake: "1000", dormant: false });
    expect(shown.action).toBeUndefined();
    const sync = cli("sync");
    expect(sync.status, sync.stderr).toBe(0);
    expect(sync.stdout).toContain("draw weight 2000 already matches the active stake: nothing to sync");
  });

  it("below the minimum the operator is dormant: status says how much to stake, sync refuses saying the same", async () => {
    expect(cli("unstake", "1001").status).toBe(0);
    expect(await weight()).toBe(0n);
    const shown = status();
    expect(shown).toMatchObject({ registered: true, drawWeight: "0", dormant: true, eligible: false });
    expect(shown.action).toContain("dormant: registered, but the active stake 999 is below the minimum 1000");
    expect(shown.action).toContain("`symbiote-oracle stake 1`");
    const sync = cli("sync");
    expect(sync.status).toBe(1);
    expect(sync.stderr).toContain("active stake 999 is below the minimum operator stake 1000");
    expect(sync.stderr).toContain("`symbiote-oracle stake 1`");
    expect(await weight()).toBe(0n);
  });

  it("a stranger's stake lifts the stake but not the weight; the operator's own sync re-arms it", async () => {
    await stakeForOperator(parseEther("1"));
    expect(await weight()).toBe(0n);
    const dormant = status();
    expect(dormant).toMatchObject({ dormant: true, eligible: true, drawWeight: "0" });
    expect(dormant.action).toContain("draw weight 0");
    expect(dormant.action).toContain("run `symbiote-oracle sync`");
    const sync = cli("sync");
    expect(sync.status, sync.stderr).toBe(0);
    expect(sync.stdout).toContain("draw weight 0 -> 1000: drawable again");
    expect(await weight()).toBe(parseEther("1000"));
    const armed = status();
    expect(armed).toMatchObject({ dormant: false, drawWeight: "1000" });
    expect(armed.action).toBeUndefined();
  });

  it("deregister leaves the set, keeping the stake, and says requests already drawn stay the operator's", async () => {
    const result = cli("deregister");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`deregistered ${operator}: no request is drawn for it from now on`);
    expect(result.stdout).toContain("requests already drawn for it are still its own");
    expect(result.stdout).toContain("`symbiote-oracle unstake 1000`");
    const info = await p.publicClient.readContract({
      address: deployment.vault,
      abi: stakingVaultAbi,
      functionName: "operatorInfo",
      args: [operator],
    });
    expect(info.registered).toBe(false);
    expect(status()).toMatchObject({ registered: false, drawWeight: "0", dormant: false });
    const again = cli("deregister");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("nothing to deregister");
  });
});
