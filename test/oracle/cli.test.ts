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

/**
 * Points a written config's deployment at a file that does not exist: the repository's deployments/31337.json may be
 * written meanwhile by another test file (test/deploy), and the commands must stop at the missing file, not go on to
 * the chain. Returns the path the commands must name.
 */
function missingDeployment(configPath: string): string {
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { deployment: string };
  const expectedDefault = resolve(import.meta.dirname, "../../deployments/31337.json");
  expect(resolve(import.meta.dirname, "../..", config.deployment)).toBe(expectedDefault);
  config.deployment = join(dir, "no-deployment", "31337.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return config.deployment;
}

function cli(...args: string[]) {
  // from the repository root, where tsx resolves, as `npm run oracle` runs it; the operator home is the test's folder
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
    env: { ...process.env, SYMBIOTE_OPERATOR_KEY: "", SYMBIOTE_ORACLE_HOME: join(dir, "home") },
  });
}

const git = (cwd: string, ...args: string[]) => spawnSync("git", args, { cwd, encoding: "utf8" });

describe("symbiote-oracle", () => {
  it("init writes a private key file and a config that start accepts as far as the deployment", () => {
    const result = cli("init", "--config", join(dir, "oracle.json"));
    expect(result.status).toBe(0);
    expect(statSync(join(dir, "operator.key")).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(dir, "operator.key"), "utf8").trim();
    expect(result.stdout).not.toContain(key.slice(2));
    // the config is valid; what is missing is the deployment, and the message says so
    const deployment = missingDeployment(join(dir, "oracle.json"));
    const start = cli("start", "--config", join(dir, "oracle.json"));
    expect(start.status, start.stderr).toBe(1);
    expect(start.stderr).toContain(`cannot read the deployment file ${deployment}`);
    expect(start.stderr).not.toContain(key.slice(2));
    // init refuses to overwrite
    const again = cli("init", "--config", join(dir, "oracle.json"));
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists and is not empty; name a new folder with --dir");
  });

  it("init writes to the operator home by default, names it, and every command reads the config there", () => {
    const home = join(dir, "home");
    const result = cli("init");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${home}: oracle.json, operator.key (mode 0600)`);
    expect(readFileSync(join(home, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    // no --config: status reads the home's config and gets as far as the deployment file it names
    const deployment = missingDeployment(join(home, "oracle.json"));
    const status = cli("status");
    expect(status.status, status.stderr).toBe(1);
    expect(status.stderr).toContain(`cannot read the deployment file ${deployment}`);
  });

  it("a key that init writes inside a git checkout is ignored by git", () => {
    const repo = join(dir, "checkout");
    expect(git(dir, "init", "-q", repo).status).toBe(0);
    const result = cli("init", "--dir", join(repo, "operator"));
    expect(result.status, result.stderr).toBe(0);
    expect(git(repo, "check-ignore", "-q", "operator/operator.key").status).toBe(0);
    expect(git(repo, "check-ignore", "-q", "operator/oracle.json").status).toBe(0);
    expect(git(repo, "status", "--porcelain", "--untracked-files=all").stdout).toBe("");
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

  it("exits with status 2 on an unknown command, an unknown flag or a missing argument, saying what to type", () => {
    const unknown = cli("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("symbiote-oracle help");
    const flag = cli("stake", "5", "--amount", "3");
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("stake does not take --amount");
    const leave = cli("deregister", "--now", "1");
    expect(leave.status).toBe(2);
    expect(leave.stderr).toContain("deregister does not take --now");
    const missing = cli("decision");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("decision needs a request id: `symbiote-oracle decision 12`");
    const chainId = cli("init", "--dir", join(dir, "op"), "--chain-id", "mainnet");
    expect(chainId.status).toBe(2);
    expect(chainId.stderr).toContain('--chain-id "mainnet" is not a chain id');
    for (const r of [unknown, flag, leave, missing, chainId]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
