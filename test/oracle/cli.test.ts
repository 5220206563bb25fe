import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const CLI = resolve(import.meta.dirname, "../../oracle/src/cli/oracle.ts");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]) {
  // from the repository root, where tsx resolves, as `npm run oracle` runs it
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
    env: { ...process.env, SYMBIOTE_OPERATOR_KEY: "" },
  });
}

describe("symbiote-oracle", () => {
  it("init writes a private key file and a config that start accepts as far as the deployment", () => {
    const result = cli("init", "--config", join(dir, "oracle.json"));
    expect(result.status).toBe(0);
    expect(statSync(join(dir, "operator.key")).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(dir, "operator.key"), "utf8").trim();
    expect(result.stdout).not.toContain(key.slice(2));
    // the config is valid; what is missing is the deployment, and the message says so
    const start = cli("start", "--config", join(dir, "oracle.json"));
    expect(start.status).toBe(1);
    expect(start.stderr).toContain("cannot read the deployment file");
    expect(start.stderr).not.toContain(key.slice(2));
    // init refuses to overwrite
    expect(cli("init", "--config", join(dir, "oracle.json")).status).toBe(1);
  });

  it("exits non-zero on a malformed config, naming each field to fix", () => {
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ chainId: -1, rpc: { http: [] } }));
    const result = cli("start", "--config", join(dir, "bad.json"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("chainId: must be a positive chain id");
    expect(result.stderr).toContain("rpc.http: list at least one HTTP RPC URL");
    expect(result.stderr).toContain('operatorKey: must be { "file"');
    expect(result.stderr).toContain("dataDir: missing; add it");
  });

  it("exits non-zero on an unknown command with a pointer to help", () => {
    const result = cli("frobnicate");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("symbiote-oracle help");
  });
});
