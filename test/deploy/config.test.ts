import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

/** A throwaway configuration next to the real ones (the deploy script may only read script/config/). */
const NAME = `test-invalid-${process.pid}`;
const PATH = resolve(REPO_ROOT, "script/config", `${NAME}.json`);

type Json = Record<string, unknown>;

/** Runs the deploy script's simulation (no RPC, no broadcast) with local.json changed by `edit`. */
function simulateWith(edit: (config: Json) => void): { status: number | null; output: string } {
  const config = JSON.parse(readFileSync(resolve(REPO_ROOT, "script/config/local.json"), "utf8")) as Json;
  edit(config);
  writeFileSync(PATH, JSON.stringify(config, null, 2));
  const run = spawnSync(resolve(REPO_ROOT, "node_modules/.bin/forge"), ["script", "script/Deploy.s.sol"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    // an override in the caller's shell must not change what these tests see ("" counts as unset)
    env: { ...process.env, DEPLOY_NETWORK: NAME, SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP: "" },
    timeout: 600_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("deploy configuration validation", () => {
  afterEach(() => rmSync(PATH, { force: true }));

  it("refuses fee shares that do not sum to 10,000 basis points, naming the field", () => {
    const run = simulateWith((c) => {
      ((c.coordinator as Json).feeShares as Json).treasuryBps = 499;
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(
      `script/config/${NAME}.json: coordinator.feeShares must sum to exactly 10000 basis points`,
    );
  });

  it("refuses a missing field, naming it", () => {
    const run = simulateWith((c) => {
      delete (c.staking as Json).cooldown;
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(`script/config/${NAME}.json: missing .staking.cooldown`);
  });

  it("refuses a configuration written for another chain", () => {
    const run = simulateWith((c) => {
      c.chainId = 11_155_111;
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("chainId is 11155111 but the RPC serves chain 31337");
  });

  it("refuses the dev trusted setup on chain 31337 when the configuration does not name the local network", () => {
    const run = simulateWith((c) => {
      c.network = "staging";
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('DeployTrustedSetupNotCeremony("dev", 31337');
    expect(run.output).toContain("SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS");
  });
});
