/**
 * The prepaid balance through `symbiote-oracle` against a deployed protocol: `deposit` moves tokens into the
 * coordinator, `request` is then paid from it (no token transfer), `withdraw-deposit` pays it back, and the
 * coordinator's refusals (a zero amount, more than the balance) come back as clear errors.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import {
  type Anvil,
  KEYS,
  type LocalProtocol,
  type NodeSetup,
  prepareNode,
  startLocalProtocol,
} from "@symbiote/devnet";
import { coordinatorAbi, tokenAbi } from "@symbiote/sdk";
import { parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const REQUESTER = KEYS[2];
const requester = privateKeyToAccount(REQUESTER).address;
const RECEIVER = privateKeyToAccount(KEYS[7]).address;
/** The deploy's public-input classifier demo model (fee 1 SYM). */
const PUBLIC_CLASSIFIER = "2";

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

const depositOf = (account: `0x${string}`) =>
  p.publicClient.readContract({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "depositOf",
    args: [account],
  });
const balanceOf = (account: `0x${string}`) =>
  p.publicClient.readContract({ address: deployment.token, abi: tokenAbi, functionName: "balanceOf", args: [account] });

beforeAll(async () => {
  chain = await startLocalProtocol("deposit");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.fundRequester(REQUESTER);
  // the CLI acts with the config's key: here the requester's
  setup = await prepareNode(join(dir, "requester"), { rpc: [anvil.url], deployment: deploymentPath, key: REQUESTER });
}, 600_000);

afterAll(async () => {
  await chain?.stop();
});

describe("the prepaid balance through the CLI", () => {
  it("deposits, pays a request from the deposit, withdraws, and explains the coordinator's refusals", async () => {
    const zero = cli("deposit", "0");
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain("deposit needs an amount above zero");

    const before = await balanceOf(requester);
    const deposited = cli("deposit", "5");
    expect(deposited.status, deposited.stderr).toBe(0);
    expect(deposited.stdout).toContain("prepaid balance: 5 tokens");
    expect(await depositOf(requester)).toBe(parseEther("5"));
    expect(await balanceOf(requester)).toBe(before - parseEther("5"));

    // the request's escrow (the 1 SYM fee, no callback) comes out of the deposit, not the wallet
    const features = Array.from({ length: 16 }, (_, i) => ((i % 5) - 2) / 4).join(",");
    const requested = cli("request", PUBLIC_CLASSIFIER, "--features", features, "--max-fee", "2");
    expect(requested.status, requested.stderr).toBe(0);
    expect(requested.stdout).toMatch(/^request \d+;/);
    expect(await depositOf(requester)).toBe(parseEther("4"));
    expect(await balanceOf(requester)).toBe(before - parseEther("5"));

    const tooMuch = cli("withdraw-deposit", "100");
    expect(tooMuch.status).toBe(1);
    expect(tooMuch.stderr).toContain("the prepaid balance is 4 tokens, less than the 100 asked for");
    const badReceiver = cli("withdraw-deposit", "1", "--to", "0x1234");
    expect(badReceiver.status).toBe(2);
    expect(badReceiver.stderr).toContain('--to "0x1234" is not an address');

    const receiverBefore = await balanceOf(RECEIVER);
    const withdrawn = cli("withdraw-deposit", "4", "--to", RECEIVER);
    expect(withdrawn.status, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toContain("prepaid balance: 0 tokens");
    expect(await depositOf(requester)).toBe(0n);
    expect(await balanceOf(RECEIVER)).toBe(receiverBefore + parseEther("4"));
  }, 300_000);
});
