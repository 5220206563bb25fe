import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Anvil, deployLocal, startAnvil } from "@symbiote/devnet";
import { auditRegistryAbi } from "@symbiote/sdk";
import {
  type Abi,
  type Address,
  createTestClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  parseAbi,
  parseEther,
  publicActions,
  toHex,
  walletActions,
  zeroHash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { sepolia } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedCircuits } from "../../circuits/src/expectedCircuits.ts";
import { loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { IMPLEMENTATION_SLOT } from "../../script/check/checks.ts";
import { type Deployment, readDeployment } from "../../script/check/deployment.ts";
import { readNetworkConfig } from "../../script/check/networkConfig.ts";

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

function runCheck(rpcUrl: string, chainId = 31_337, deploymentFile = DEPLOYMENT_FILE): CheckRun {
  const result = spawnSync(
    resolve(REPO_ROOT, "node_modules/.bin/tsx"),
    ["script/check/cli.ts", "--chain", String(chainId), "--rpc", rpcUrl, "--deployment", deploymentFile],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("deployment to a local anvil", () => {
  let anvil: Anvil;
  let deployment: Deployment;
  let deployOutput: string;
  const config = readNetworkConfig(resolve(REPO_ROOT, "script/config/local.json"));

  beforeAll(async () => {
    anvil = await startAnvil();
    const started = Date.now();
    deployOutput = await deployLocal({ rpcUrl: anvil.url, quiet: true, demoModels: true });
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
    expect(implementations.size).toBe(9);

    // the audit registry reads the model registry, is governed by the timelock and holds the classifier's audit circuit
    // (id 1) and the compiled tree ensembles' (id 2)
    const audits = { address: deployment.contracts.auditRegistry, abi: auditRegistryAbi } as const;
    expect(await c.readContract({ ...audits, functionName: "modelRegistry" })).toBe(deployment.contracts.modelRegistry);
    expect(
      await c.readContract({ ...audits, functionName: "hasRole", args: [zeroHash, deployment.contracts.timelock] }),
    ).toBe(true);
    expect(await c.readContract({ ...audits, functionName: "hasRole", args: [zeroHash, deployment.deployer] })).toBe(
      false,
    );
    expect(await c.readContract({ ...audits, functionName: "auditCircuitCount" })).toBe(2);
    const shapes = [
      [1, 32, 16],
      [2, 32, 8],
    ] as const;
    for (const [id, rows, features] of shapes) {
      const auditCircuit = await c.readContract({ ...audits, functionName: "auditCircuit", args: [id] });
      expect([auditCircuit.rows, auditCircuit.features, auditCircuit.active]).toEqual([rows, features, true]);
      expect(await c.getCode({ address: auditCircuit.verifier })).toMatch(/^0x[0-9a-f]{100,}$/);
    }

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

  it("deploys the manifest's dev keys to the local chain without the override, and labels them", () => {
    expect(deployment.trustedSetup).toEqual({ kind: "dev", overrideUsed: false });
    expect(deployOutput).toContain(
      "trusted setup DEV keys ('dev', NOT a ceremony): anyone may forge proofs; fine on this local chain, refused on any other",
    );
    expect(deployOutput).not.toContain("WARNING");
  });

  it("passes the post-deploy check", () => {
    const run = runCheck(anvil.url);
    expect(run.output).toContain(
      "✔ trusted setup: DEV keys ('dev', NOT a ceremony: anyone may forge proofs) on the local chain 31337 (local), fine for development only",
    );
    expect(run.output).toContain("All ");
    expect(run.output).toContain("checks passed");
    expect(run.output).toContain("staking.cooldown ≥ requestTimeout + 3600 s");
    expect(run.output).toContain("coordinator.roundBlocks ≤ vrf.requestConfirmations");
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

  it("fails the check, naming each fix, once governance changes the round length and the callback price", async () => {
    const setServiceParams = encodeFunctionData({
      abi: parseAbi([
        "struct ServiceParams { uint32 exclusiveWindow; uint32 requestTimeout; uint32 maxCallbackGas; uint96 slashAmount; uint16 roundBlocks; }",
        "function setServiceParams(ServiceParams params)",
      ]),
      args: [
        {
          exclusiveWindow: config.coordinator.exclusiveWindow,
          requestTimeout: config.coordinator.requestTimeout,
          maxCallbackGas: config.coordinator.maxCallbackGas,
          slashAmount: config.coordinator.slashAmount,
          roundBlocks: config.vrf.requestConfirmations + 2,
        },
      ],
    });
    await sendAs(deployment.contracts.timelock, deployment.contracts.coordinator, setServiceParams);
    const setCallbackFeePerGas = encodeFunctionData({
      abi: parseAbi(["function setCallbackFeePerGas(uint96 feePerGas)"]),
      args: [config.coordinator.callbackFeePerGas * 2n],
    });
    await sendAs(deployment.contracts.timelock, deployment.contracts.coordinator, setCallbackFeePerGas);

    const run = runCheck(anvil.url);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      `coordinator.roundBlocks: is ${config.vrf.requestConfirmations + 2} on chain but ${config.coordinator.roundBlocks} is expected`,
    );
    expect(run.output).toContain(
      `an assignment round stays open ${config.vrf.requestConfirmations + 2} blocks but VRF answers after ${config.vrf.requestConfirmations}`,
    );
    expect(run.output).toContain(
      `coordinator.callbackFeePerGas: is ${config.coordinator.callbackFeePerGas * 2n} on chain but ${config.coordinator.callbackFeePerGas} is expected`,
    );
    expect(run.output).toContain("coordinator.setCallbackFeePerGas");
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

/** anvil's first key: the deployer here as on the local chain, passed explicitly since the chain is not 31337. */
const ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OVERRIDE = "I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS";
const SEPOLIA_ID = 11_155_111;

/** A compiled contract from forge's out/ (built on demand when this suite runs alone). */
function artifact(name: string): { abi: Abi; bytecode: Hex } {
  const path = resolve(REPO_ROOT, `out/${name}.sol/${name}.json`);
  if (!existsSync(path)) {
    spawnSync(resolve(REPO_ROOT, "node_modules/.bin/forge"), ["build"], { cwd: REPO_ROOT, timeout: 900_000 });
  }
  const json = JSON.parse(readFileSync(path, "utf8")) as { abi: Abi; bytecode: { object: Hex } };
  return { abi: json.abi, bytecode: json.bytecode.object };
}

describe("deployment of the dev trusted setup to a non-local chain (anvil --chain-id 11155111)", () => {
  /** script/config/sepolia.json pointed at mocks on the anvil, as someone would for a throwaway testnet. */
  const NAME = `test-sepolia-${process.pid}`;
  const CONFIG = resolve(REPO_ROOT, "script/config", `${NAME}.json`);
  const FILE = `deployments/e2e-sepolia-${process.pid}.json`;
  const EDITED = resolve(REPO_ROOT, `deployments/e2e-sepolia-${process.pid}-edited.json`);
  const deployer = privateKeyToAccount(ANVIL_KEY_0);
  let anvil: Anvil;

  const client = () =>
    createTestClient({ chain: sepolia, mode: "anvil", transport: http(anvil.url) })
      .extend(publicActions)
      .extend(walletActions);

  /** script/Deploy.s.sol against the anvil with `override` as SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP (unset if undefined). */
  function deploy(override: string | undefined): { status: number | null; stdout: string; output: string } {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEPLOY_NETWORK: NAME,
      PRIVATE_KEY: ANVIL_KEY_0,
      DEPLOYMENT_FILE: FILE,
      GIT_COMMIT: "0".repeat(40),
    };
    delete env.SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP;
    if (override !== undefined) env.SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP = override;
    const run = spawnSync(
      resolve(REPO_ROOT, "node_modules/.bin/forge"),
      ["script", "script/Deploy.s.sol", "--rpc-url", anvil.url, "--broadcast", "--slow"],
      { cwd: REPO_ROOT, encoding: "utf8", env, timeout: 900_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
  }

  beforeAll(async () => {
    anvil = await startAnvil(["--chain-id", String(SEPOLIA_ID)]);
    const c = client();
    // createSubscription reads the previous block's hash
    await c.mine({ blocks: 1 });
    const vrfMock = artifact("VRFCoordinatorV2_5Mock");
    const feedMock = artifact("MockV3Aggregator");
    const deployed = async (hash: Hex) =>
      getAddress((await c.waitForTransactionReceipt({ hash })).contractAddress ?? "");
    const vrf = await deployed(
      await c.deployContract({ account: deployer, ...vrfMock, args: [10n ** 17n, 10n ** 9n, 4n * 10n ** 15n] }),
    );
    const feed = await deployed(
      await c.deployContract({ account: deployer, ...feedMock, args: [8, 300_000_000_000n] }),
    );
    await c.waitForTransactionReceipt({
      hash: await c.writeContract({
        account: deployer,
        address: vrf,
        abi: vrfMock.abi,
        functionName: "createSubscription",
      }),
    });
    const [subscriptionId] = (await c.readContract({
      address: vrf,
      abi: vrfMock.abi,
      functionName: "getActiveSubscriptionIds",
      args: [0n, 0n],
    })) as bigint[];

    const config = JSON.parse(readFileSync(resolve(REPO_ROOT, "script/config/sepolia.json"), "utf8"));
    config.token.treasury = privateKeyToAccount(TREASURY_KEY).address;
    config.vrf = { ...config.vrf, coordinator: vrf, subscriptionId: String(subscriptionId), addConsumer: true };
    config.priceFeeds[0].address = feed;
    config.circuits.artifactBaseURI = "https://artifacts.example/circuits/";
    writeFileSync(CONFIG, JSON.stringify(config, null, 2));
  }, 900_000);

  afterAll(async () => {
    await anvil?.stop();
    for (const path of [CONFIG, resolve(REPO_ROOT, FILE), EDITED]) rmSync(path, { force: true });
  });

  it("refuses the dev keys without the override, before sending anything, saying what to do", async () => {
    const nonce = await client().getTransactionCount({ address: deployer.address });
    const run = deploy(undefined);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(`DeployTrustedSetupNotCeremony("dev", ${SEPOLIA_ID}`);
    expect(run.output).toContain("docs/security.md");
    expect(run.output).toContain(`SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=${OVERRIDE}`);
    expect(await client().getTransactionCount({ address: deployer.address })).toBe(nonce);
    expect(existsSync(resolve(REPO_ROOT, FILE))).toBe(false);
  });

  it("refuses an override with any value but the exact one", async () => {
    const nonce = await client().getTransactionCount({ address: deployer.address });
    for (const wrong of ["1", "true", OVERRIDE.toLowerCase()]) {
      const run = deploy(wrong);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain(`DeployTrustedSetupOverrideInvalid("${wrong}"`);
    }
    expect(await client().getTransactionCount({ address: deployer.address })).toBe(nonce);
    expect(existsSync(resolve(REPO_ROOT, FILE))).toBe(false);
  });

  it("deploys with the override, warns loudly and records the setup kind and the override", () => {
    const run = deploy(OVERRIDE);
    expect(run.status, run.output).toBe(0);
    expect(run.stdout).toContain(
      `!! WARNING: DEV TRUSTED SETUP ON CHAIN ${SEPOLIA_ID} (sepolia), allowed by SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP`,
    );
    expect(run.stdout).toContain(
      "trusted setup DEV keys ('dev', NOT a ceremony): deployed under SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP; anyone may forge proofs",
    );
    const deployment = readDeployment(resolve(REPO_ROOT, FILE));
    expect(deployment.chainId).toBe(SEPOLIA_ID);
    expect(deployment.network).toBe("sepolia");
    expect(deployment.trustedSetup).toEqual({ kind: "dev", overrideUsed: true });
  });

  it("passes the post-deploy check with a loud warning when the deployment file records the override", () => {
    const run = runCheck(anvil.url, SEPOLIA_ID, resolve(REPO_ROOT, FILE));
    expect(run.output).not.toContain("✘");
    expect(run.output).toContain(
      `⚠ trusted setup: DEV keys ('dev', NOT a ceremony: anyone may forge proofs) on chain ${SEPOLIA_ID} (sepolia): NOT A CEREMONY`,
    );
    expect(run.output).toContain("checks passed, with 1 WARNING(S):");
    expect(run.status).toBe(0);
  });

  it("fails the post-deploy check when the deployment file does not record the override", () => {
    const recorded = JSON.parse(readFileSync(resolve(REPO_ROOT, FILE), "utf8"));
    const variants: [string, (json: Record<string, unknown>) => void][] = [
      ["not recorded (a file written before the deploy recorded it)", (json) => delete json.trustedSetup],
      ["recorded as not used", (json) => (json.trustedSetup = { kind: "dev", overrideUsed: false })],
    ];
    for (const [what, edit] of variants) {
      const json = structuredClone(recorded);
      edit(json);
      writeFileSync(EDITED, JSON.stringify(json, null, 2));
      const run = runCheck(anvil.url, SEPOLIA_ID, EDITED);
      expect(run.status, what).toBe(1);
      expect(run.output, what).toContain(
        `✘ trusted setup: DEV keys ('dev', NOT a ceremony: anyone may forge proofs) on chain ${SEPOLIA_ID} (sepolia): the registered keys`,
      );
      expect(run.output, what).toContain(`SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=${OVERRIDE}`);
      expect(run.output, what).toMatch(/\n1 of \d+ checks failed/);
    }
  });

  it("fails the post-deploy check when the deployment file claims a ceremony for the manifest's dev keys", () => {
    const json = JSON.parse(readFileSync(resolve(REPO_ROOT, FILE), "utf8"));
    json.trustedSetup = { kind: "ceremony", overrideUsed: false };
    writeFileSync(EDITED, JSON.stringify(json, null, 2));
    const run = runCheck(anvil.url, SEPOLIA_ID, EDITED);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      "records setup kind 'ceremony' but the registry holds the keys of circuits/manifest.json",
    );
  });
});
