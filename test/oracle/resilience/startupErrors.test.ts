import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type Anvil,
  demoModel,
  deployProtocol,
  freePort,
  KEYS,
  type NodeSetup,
  prepareNode,
  removeDeployment,
  startAnvil,
} from "@symbiote/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBackend, findCircuit, loadManifest, REPO_ROOT } from "../../../circuits/src/manifest.ts";
import { patchConfig } from "./helpers/fixture.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const KEY = KEYS[5];

/** Runs the CLI as an operator would; a `start` that does not exit within a minute counts as running (status null). */
function cli(setup: NodeSetup, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args, "--config", setup.configPath], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...setup.env },
    timeout: 60_000,
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-startup-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A deployment file naming contracts at made-up addresses: enough for checks that come before any RPC call. */
function fakeDeployment(): string {
  const address = (n: number) => `0x${(n + 1).toString(16).padStart(40, "0")}`;
  const path = join(dir, "deployment.json");
  const names = [
    "InferenceCoordinator",
    "ModelRegistry",
    "StakingVault",
    "SymbioteToken",
    "DataRegistry",
    "DataRewards",
  ];
  writeFileSync(
    path,
    JSON.stringify({ chainId: 31337, contracts: Object.fromEntries(names.map((n, i) => [n, address(i)])) }),
  );
  return path;
}

describe("symbiote-oracle start refuses a damaged model store before it serves anything", () => {
  let setup: NodeSetup;
  beforeAll(async () => {
    // nothing listens on this port: a check that needed the chain would fail on the RPC instead
    setup = await prepareNode(join(dir, "store"), {
      rpc: [`http://127.0.0.1:${await freePort()}`],
      deployment: fakeDeployment(),
      key: KEY,
    });
  });

  it("a tampered zkey: exit 1, naming the file and `models sync`", () => {
    const zkey = findBackend(findCircuit(loadManifest(), "classifier16-public"), "groth16").zkey.sha256;
    const path = join(setup.dir, "models", "blobs", zkey);
    const original = readFileSync(path);
    const tampered = Buffer.from(original);
    tampered[tampered.length >> 1] = (tampered[tampered.length >> 1] as number) ^ 0xff;
    writeFileSync(path, tampered);
    try {
      const result = cli(setup, "start");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(path);
      expect(result.stderr).toContain("was altered");
      expect(result.stderr).toContain("symbiote-oracle models sync");
      expect(result.stderr).not.toContain(KEY.slice(2));
    } finally {
      writeFileSync(path, original);
    }
  });

  it("tampered model weights: exit 1, saying they do not open the registry's commitment", () => {
    const models = join(setup.dir, "models", "models");
    const demo = demoModel("classifier16-public");
    const file = readdirSync(models).find(
      (f) => JSON.parse(readFileSync(join(models, f), "utf8")).name === demo.artifact.name,
    );
    const path = join(models, file as string);
    const original = readFileSync(path, "utf8");
    const artifact = JSON.parse(original);
    artifact.quantized.weights[0] = (BigInt(artifact.quantized.weights[0]) + 1n).toString();
    writeFileSync(path, JSON.stringify(artifact));
    try {
      const result = cli(setup, "start");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(path);
      expect(result.stderr).toContain("do not open the registry's commitment");
    } finally {
      writeFileSync(path, original);
    }
  });

  it("an unreachable RPC endpoint: exit 3 (try again later), naming the endpoint to fix (the store itself is sound)", () => {
    const result = cli(setup, "start");
    expect(result.status).toBe(3);
    const url = (JSON.parse(readFileSync(setup.configPath, "utf8")) as { rpc: { http: string[] } }).rpc.http[0];
    expect(result.stderr).toContain(url);
    expect(result.stderr).toContain("rpc.http");
    expect(result.stderr).not.toContain("retrying");
  });

  it("a malformed fault-injection setting: exit 1, naming the field", () => {
    patchConfig(setup, { faultInjection: { proofDelayMs: -5 } });
    try {
      const result = cli(setup, "start");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("faultInjection.proofDelayMs: must be 0 or more milliseconds");
    } finally {
      patchConfig(setup, { faultInjection: undefined });
    }
  });
});

describe("missing artifacts, against a deployed registry", () => {
  let anvil: Anvil;
  let deployment: string;
  let setup: NodeSetup;
  beforeAll(async () => {
    anvil = await startAnvil();
    deployment = await deployProtocol(anvil, `startup-${anvil.port}`);
    setup = await prepareNode(join(dir, "chain"), { rpc: [anvil.url], deployment, key: KEY });
  }, 600_000);
  afterAll(async () => {
    await anvil?.stop();
    if (deployment) removeDeployment(deployment);
  });

  it("start with a model store holding none of the registry's circuits (a mistyped modelStore.dir): exit 1", () => {
    patchConfig(setup, { modelStore: { dir: "modles" } });
    try {
      const result = cli(setup, "start");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(join(setup.dir, "modles"));
      expect(result.stderr).toContain("modelStore.dir");
      expect(result.stderr).toContain("symbiote-oracle models sync");
    } finally {
      patchConfig(setup, { modelStore: { dir: "models" } });
    }
  });

  it("models sync with no circuit build and no gateway: exit 1, saying where it looked and what to do", () => {
    const nowhere = join(dir, "no-build");
    mkdirSync(nowhere, { recursive: true });
    patchConfig(setup, { modelStore: { dir: "fresh-models" } });
    try {
      const result = cli(setup, "models", "sync", "--artifacts", nowhere);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(nowhere);
      expect(result.stderr).toContain("npm run circuits:build");
      expect(result.stderr).toContain("modelStore.gateway");
    } finally {
      patchConfig(setup, { modelStore: { dir: "models" } });
    }
  });
});
