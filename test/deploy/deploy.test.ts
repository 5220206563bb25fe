import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import {
  type Address,
  createTestClient,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  parseAbi,
  parseEther,
  publicActions,
  toHex,
  walletActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadManifest, REPO_ROOT } from "../../oracle/src/zk/manifest.ts";
import { IMPLEMENTATION_SLOT } from "../../script/check/checks.ts";
import { type Deployment, readDeployment } from "../../script/check/deployment.ts";
import { expectedCircuits } from "../../script/check/expectedCircuits.ts";
import { readNetworkConfig } from "../../script/check/networkConfig.ts";
import { deployLocal } from "../../script/deploy/local.ts";
import { type Anvil, startAnvil } from "../helpers/anvil.ts";

const DEPLOYMENT_FILE = resolve(REPO_ROOT, "deployments/31337.json");
const ANVIL_DEPLOYER = getAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
/** anvil's second key: the treasury of script/config/local.json, which holds the initial supply. */
const TREASURY_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const governorAbi = parseAbi([
  "function castVote(uint256 proposalId, uint8 support) returns (uint256)",
  "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
  "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)",
]);

type CheckRun = { status: number | null; output: string };

function runCheck(rpcUrl: string): CheckRun {
  const result = spawnSync(
    resolve(REPO_ROOT, "node_modules/.bin/tsx"),
    ["script/check/cli.ts", "--chain", "31337", "--rpc", rpcUrl, "--deployment", DEPLOYMENT_FILE],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("deployment to a local anvil", () => {
  let anvil: Anvil;
  let deployment: Deployment;
  const config = readNetworkConfig(resolve(REPO_ROOT, "script/config/local.json"));

  beforeAll(async () => {
    anvil = await startAnvil();
    const started = Date.now();
    await deployLocal({ rpcUrl: anvil.url, quiet: true, demoModels: true });
    console.log(`deploy:local took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    deployment = readDeployment(DEPLOYMENT_FILE);
  }, 600_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  function client() {
    return createTestClient({ mode: "anvil", transport: http(anvil.url) })
      .extend(publicActions)
      .extend(walletActions);
  }

  async function advance(seconds: number): Promise<void> {
    const c = client();
    await c.increaseTime({ seconds });
    await c.mine({ blocks: 1 });
  }

  /** Sends `data` to `to` as `from` through anvil's impersonation (the way a compromised or careless admin would). */
  async function sendAs(from: Address, to: Address, data: `0x${string}`): Promise<void> {
    const c = client();
    await c.impersonateAccount({ address: from });
    await c.setBalance({ address: from, value: parseEther("10") });
    const hash = await c.sendTransaction({ account: from, chain: null, to, data });
    const receipt = await c.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    await c.stopImpersonatingAccount({ address: from });
  }

  it("writes a deployment file that names every proxy, implementation, circuit and demo model", async () => {
    const c = client();
    expect(deployment.chainId).toBe(31_337);
    expect(deployment.network).toBe("local");
    expect(deployment.config).toBe("script/config/local.json");
    expect(deployment.deployer).toBe(ANVIL_DEPLOYER);
    expect(deployment.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(deployment.vrf.mock).toBe(true);

    // every proxy's ERC-1967 slot holds the implementation the file names, and no two share one
    const implementations = new Set<string>();
    for (const [name, proxy] of Object.entries(deployment.implementations)) {
      const slot = await c.getStorageAt({
        address: deployment.contracts[name as keyof Deployment["implementations"]],
        slot: IMPLEMENTATION_SLOT,
      });
      expect(getAddress(`0x${slot?.slice(-40)}`)).toBe(proxy);
      implementations.add(proxy);
    }
    expect(implementations.size).toBe(8);

    // the deployment began at the recorded block: the timelock did not exist there yet
    const before = await c.getCode({
      address: deployment.contracts.timelock,
      blockNumber: BigInt(deployment.blockNumber),
    });
    expect(before ?? "0x").toBe("0x");

    const expected = expectedCircuits(loadManifest(), config.circuits.artifactBaseURI);
    expect(deployment.circuits.map((x) => x.key)).toEqual(expected.map((x) => x.key));
    expect(deployment.circuits.map((x) => x.id)).toEqual(expected.map((_, i) => i + 1));
    expect(deployment.circuits.map((x) => x.verifierContract)).toEqual(expected.map((x) => x.verifierContract));
    expect(new Set(deployment.circuits.map((x) => x.verifier)).size).toBe(expected.length);
    expect(deployment.demoModels.map((m) => m.name)).toEqual([
      "sample-classifier-committed",
      "sample-classifier-public",
      "sample-mlp-public",
    ]);
    expect(Object.keys(deployment.priceFeeds)).toEqual(["ETH/USD"]);
  });

  it("passes the post-deploy check", () => {
    const run = runCheck(anvil.url);
    expect(run.output).toContain("All ");
    expect(run.output).toContain("checks passed");
    expect(run.output).not.toContain("✘");
    expect(run.status).toBe(0);
  });

  it("fails the check, naming the role and the fix, once the deployer holds a role again", async () => {
    const slasher = keccak256(toHex("SLASHER_ROLE"));
    const grant = encodeFunctionData({
      abi: parseAbi(["function grantRole(bytes32 role, address account)"]),
      args: [slasher, ANVIL_DEPLOYER],
    });
    await sendAs(deployment.contracts.timelock, deployment.contracts.stakingVault, grant);

    const run = runCheck(anvil.url);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`the deployer ${ANVIL_DEPLOYER} holds SLASHER_ROLE on stakingVault`);
    expect(run.output).toContain("renounceRole(bytes32,address)");
    expect(run.output).toContain("1 of ");

    // the deployer gives it back: the check passes again
    const renounce = encodeFunctionData({
      abi: parseAbi(["function renounceRole(bytes32 role, address account)"]),
      args: [slasher, ANVIL_DEPLOYER],
    });
    await sendAs(ANVIL_DEPLOYER, deployment.contracts.stakingVault, renounce);
    expect(runCheck(anvil.url).status).toBe(0);
  });

  it("fails the check, naming the parameter, once a parameter differs from the configuration", async () => {
    const setCooldown = encodeFunctionData({
      abi: parseAbi(["function setCooldown(uint64 cooldown)"]),
      args: [BigInt(config.staking.cooldown) * 2n],
    });
    await sendAs(deployment.contracts.timelock, deployment.contracts.stakingVault, setCooldown);

    const run = runCheck(anvil.url);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      `staking.cooldown: is ${config.staking.cooldown * 2} on chain but ${config.staking.cooldown} is expected`,
    );
    expect(run.output).toContain("stakingVault.setCooldown");
  });

  it("fails the check when an unexpected account holds a role", async () => {
    const stranger = getAddress("0x00000000000000000000000000000000000Bad01");
    const grant = encodeFunctionData({
      abi: parseAbi(["function grantRole(bytes32 role, address account)"]),
      args: [`0x${"00".repeat(32)}`, stranger],
    });
    await sendAs(deployment.contracts.timelock, deployment.contracts.coordinator, grant);

    const run = runCheck(anvil.url);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`rights: unexpected holders on coordinator: ${stranger} holds DEFAULT_ADMIN_ROLE`);
  });

  it("upgrades a proxy through a governance proposal that Upgrade.s.sol submits, and the check sees it", async () => {
    const c = client();
    const staker = privateKeyToAccount(TREASURY_KEY);
    expect(staker.address).toBe(config.token.treasury);
    const stake = config.governance.proposalThreshold * 2n;
    const approve = await c.writeContract({
      account: staker,
      chain: null,
      address: deployment.contracts.token,
      abi: parseAbi(["function approve(address spender, uint256 amount) returns (bool)"]),
      functionName: "approve",
      args: [deployment.contracts.stakingVault, stake],
    });
    await c.waitForTransactionReceipt({ hash: approve });
    const staked = await c.writeContract({
      account: staker,
      chain: null,
      address: deployment.contracts.stakingVault,
      abi: parseAbi(["function stake(uint256 amount)"]),
      functionName: "stake",
      args: [stake],
    });
    await c.waitForTransactionReceipt({ hash: staked });
    await advance(1);

    const script = spawnSync(
      resolve(REPO_ROOT, "node_modules/.bin/forge"),
      ["script", "script/Upgrade.s.sol", "--rpc-url", anvil.url, "--broadcast", "--slow"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, CONTRACT: "modelRegistry", PROPOSE: "true", STAKER_KEY: TREASURY_KEY },
        timeout: 600_000,
      },
    );
    expect(script.status, script.stdout + script.stderr).toBe(0);
    const implementation = getAddress(/new implementation:\s+(0x[0-9a-fA-F]{40})/.exec(script.stdout)?.[1] ?? "");
    const proposalId = BigInt(/proposed: (\d+)/.exec(script.stdout)?.[1] ?? "0");
    expect(script.stdout).toContain("cast send");

    const governor = {
      address: deployment.contracts.governor,
      abi: governorAbi,
      account: staker,
      chain: null,
    } as const;
    const targets = [deployment.contracts.modelRegistry] as const;
    const calldatas = [
      encodeFunctionData({
        abi: parseAbi(["function upgradeToAndCall(address implementation, bytes data)"]),
        args: [implementation, "0x"],
      }),
    ] as const;
    const descriptionHash = keccak256(toHex(`Upgrade modelRegistry to ${implementation}`));
    await advance(config.governance.votingDelay + 1);
    await c.waitForTransactionReceipt({
      hash: await c.writeContract({ ...governor, functionName: "castVote", args: [proposalId, 1] }),
    });
    await advance(config.governance.votingPeriod + 1);
    await c.waitForTransactionReceipt({
      hash: await c.writeContract({
        ...governor,
        functionName: "queue",
        args: [targets, [0n], calldatas, descriptionHash],
      }),
    });
    await advance(config.governance.timelockDelay + 1);
    await c.waitForTransactionReceipt({
      hash: await c.writeContract({
        ...governor,
        functionName: "execute",
        args: [targets, [0n], calldatas, descriptionHash],
      }),
    });

    const slot = await c.getStorageAt({ address: deployment.contracts.modelRegistry, slot: IMPLEMENTATION_SLOT });
    expect(getAddress(`0x${slot?.slice(-40)}`)).toBe(implementation);
    const run = runCheck(anvil.url);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      `proxy modelRegistry implementation: is ${implementation} on chain but ${deployment.implementations.modelRegistry} is expected`,
    );
  });

  it("exits with 2 and says why when the RPC cannot be reached", () => {
    const run = spawnSync(
      resolve(REPO_ROOT, "node_modules/.bin/tsx"),
      ["script/check/cli.ts", "--chain", "31337", "--rpc", "http://127.0.0.1:1", "--deployment", DEPLOYMENT_FILE],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(`${run.stdout}${run.stderr}`).toMatch(/127\.0\.0\.1:1/);
  });
});
