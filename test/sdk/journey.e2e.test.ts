/**
 * The TypeScript integrator's journey, as a stranger to the repository walks it: pack @symbiote/sdk, install the
 * tarball and the repository's viem in an empty folder outside the checkout (nothing else), and run the README's
 * example, copied from README.md so the two cannot drift, against a devnet where an operator node serves the model.
 * It must print the decoded explanation: one contribution per feature, and the score with the decision.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  type Anvil,
  demoModel,
  deployProtocol,
  KEYS,
  mocksFileOf,
  prepareNode,
  protocol,
  removeDeployment,
  rpc,
  startAnvil,
} from "@symbiote/devnet";
import { type Deployment, parseDeployment, quantize, tokenAbi } from "@symbiote/sdk";
import { type Address, createWalletClient, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "../oracle/helpers/node.ts";

const run = promisify(execFile);
const OPERATOR = KEYS[5];
const INTEGRATOR = KEYS[6];

/** The README's integrator example: the `js` block of the "TypeScript integrators" section. */
function readmeExample(): string {
  const readme = readFileSync(resolve(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### TypeScript integrators");
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(start));
  if (start < 0 || !block?.[1]) throw new Error('README.md has no js example under "### TypeScript integrators"');
  return block[1];
}

/** The viem version the repository pins, so the journey installs exactly what the SDK is tested with. */
const VIEM = (
  JSON.parse(readFileSync(resolve(REPO_ROOT, "package.json"), "utf8")) as { dependencies: { viem: string } }
).dependencies.viem;

let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let work: string;
let node: OperatorNode | undefined;
let seeds: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "symbiote-journey-"));
  // packing builds the SDK (its prepack script): the tarball holds a fresh dist/
  await run("npm", ["pack", "--workspace", "@symbiote/sdk", "--pack-destination", work], { cwd: REPO_ROOT });
  const app = join(work, "app");
  await run("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "journey", private: true, type: "module" }));
  await run(
    "npm",
    ["install", join(work, "symbiote-sdk-0.1.0.tgz"), `viem@${VIEM}`, "--prefer-offline", "--no-audit", "--no-fund"],
    { cwd: app },
  );

  anvil = await startAnvil();
  deploymentPath = await deployProtocol(anvil, `e2e-sdk-journey-${anvil.port}`);
  deployment = parseDeployment(JSON.parse(readFileSync(deploymentPath, "utf8")), 31337, deploymentPath);
  const p = protocol(anvil.url, deployment);
  await p.registerOperator(OPERATOR);
  // the integrator holds SYM and nothing else: the SDK approves the fee itself
  const treasury = createWalletClient({
    account: privateKeyToAccount(KEYS[1]),
    chain: foundry,
    transport: http(anvil.url),
  });
  await p.publicClient.waitForTransactionReceipt({
    hash: await treasury.writeContract({
      address: deployment.token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [privateKeyToAccount(INTEGRATOR).address, parseEther("100")],
    }),
  });
  node = await startNode(
    await prepareNode(join(work, "op"), { rpc: [anvil.url], deployment: deploymentPath, key: OPERATOR }),
  );
  await rpc(anvil.url, "evm_setIntervalMining", [1]);
  // the Chainlink node's part: answer each round's seed request through the local VRF mock
  const raw = JSON.parse(readFileSync(deploymentPath, "utf8")) as { contracts: Record<string, Address> };
  const vrf = JSON.parse(readFileSync(mocksFileOf(deploymentPath), "utf8")).vrfCoordinator as Address;
  seeds = setInterval(() => void p.fulfillSeeds(raw.contracts.epochRandomness as Address, vrf).catch(() => {}), 1_000);
}, 600_000);

afterAll(async () => {
  if (seeds) clearInterval(seeds);
  await node?.stop();
  await anvil?.stop();
  if (deploymentPath) removeDeployment(deploymentPath);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("TypeScript integrator journey", () => {
  it("runs the README's example from an empty folder with only the packed SDK and viem, printing the explanation", async () => {
    const example = readmeExample();
    expect(example.trim().split("\n").length).toBeLessThan(20);
    const app = join(work, "app");
    writeFileSync(join(app, "example.mjs"), example);
    const { stdout } = await run(process.execPath, ["example.mjs"], {
      cwd: app,
      env: { PATH: process.env.PATH, PRIVATE_KEY: INTEGRATOR, RPC_URL: anvil.url, DEPLOYMENT: deploymentPath },
      timeout: 240_000,
    });

    // the same features through the deploy's model, computed here: the printed explanation is the proven one
    const features = /const features = \[([^\]]+)\]/.exec(example)?.[1]?.split(",").map(Number) ?? [];
    const reference = inferClassifier(
      demoModel("classifier16-public").model as ClassifierModel,
      features.map((x, i) => quantize(x, `feature ${i}`)),
    );
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(17);
    reference.contributions.forEach((c, i) => {
      expect(lines[i]).toBe(`feature ${i}: ${(Number(c) / 2 ** 32).toFixed(4)}`);
    });
    expect(lines[16]).toBe(
      `score ${(Number(reference.score) / 2 ** 32).toFixed(4)}: ${reference.decision ? "approved" : "declined"}`,
    );
  }, 300_000);
});
