import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../oracle/src/config/loadConfig.ts";

// anvil's first dev key: public knowledge, never a real operator's
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const valid = () => ({
  chainId: 31337,
  rpc: { http: ["http://127.0.0.1:8545", "http://127.0.0.1:8546"], ws: ["ws://127.0.0.1:8545"] },
  deployment: "deployments/31337.json",
  operatorKey: { env: "SYMBIOTE_OPERATOR_KEY" },
  dataDir: "state",
  modelStore: { dir: "models" },
});

function write(value: unknown): string {
  const path = join(dir, "oracle.json");
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("resolves paths against the config file, fills defaults and derives the operator address", () => {
    const config = loadConfig(write(valid()), { env: { SYMBIOTE_OPERATOR_KEY: KEY } });
    expect(config.dataDir).toBe(join(dir, "state"));
    expect(config.deployment).toBe(join(dir, "deployments/31337.json"));
    expect(config.confirmations).toBe(2);
    expect(config.gas.bumpPercent).toBeGreaterThanOrEqual(10);
    expect(config.operatorAddress).toBe(ADDRESS);
  });

  it("withdraws declared-but-unprovable versions at start unless declarations.withdrawUnservable is false", () => {
    const env = { SYMBIOTE_OPERATOR_KEY: KEY };
    expect(loadConfig(write(valid()), { env }).declarations.withdrawUnservable).toBe(true);
    const off = { ...valid(), declarations: { withdrawUnservable: false } };
    expect(loadConfig(write(off), { env }).declarations.withdrawUnservable).toBe(false);
    const bad = { ...valid(), declarations: { withdrawUnservable: "no" } };
    expect(errorOf(() => loadConfig(write(bad), { env })).message).toContain(
      "declarations.withdrawUnservable: must be true or false",
    );
  });

  it("never prints the operator key, whether logged, inspected or serialised", () => {
    const config = loadConfig(write(valid()), { env: { SYMBIOTE_OPERATOR_KEY: KEY } });
    const key = KEY.slice(2);
    expect(JSON.stringify(config)).not.toContain(key);
    expect(inspect(config, { depth: 10 })).not.toContain(key);
    expect(String(config.operatorKey)).not.toContain(key);
    expect(config.operatorKey.reveal()).toBe(KEY);
  });

  it("reads the key from a file", () => {
    writeFileSync(join(dir, "operator.key"), `${KEY}\n`);
    const config = loadConfig(write({ ...valid(), operatorKey: { file: "operator.key" } }));
    expect(config.operatorAddress).toBe(ADDRESS);
  });

  it("lists every invalid field with what to change", () => {
    const bad = {
      ...valid(),
      chainId: "31337",
      rpc: { http: ["ftp://x"], ws: ["http://127.0.0.1:8545"] },
      gas: { bumpPercent: 5 },
      metrics: { port: 70_000 },
      extra: true,
    };
    const error = errorOf(() => loadConfig(write(bad), { env: { SYMBIOTE_OPERATOR_KEY: KEY } }));
    expect(error.message).toContain("chainId: must be a number");
    expect(error.message).toContain("rpc.http.0: must be a HTTP(S) URL");
    expect(error.message).toContain("rpc.ws.0: must be a WebSocket URL");
    expect(error.message).toContain("gas.bumpPercent: must be at least 10");
    expect(error.message).toContain("metrics.port: must be a TCP port");
    expect(error.message).toContain('unknown field(s) "extra"');
  });

  it("names a missing required field", () => {
    const { deployment: _, ...rest } = valid();
    expect(errorOf(() => loadConfig(write(rest))).message).toContain("deployment: missing; add it");
  });

  it("says how to fix a missing file, broken JSON, an unset variable and a malformed key", () => {
    expect(errorOf(() => loadConfig(join(dir, "nope.json"))).message).toContain("symbiote-oracle init");
    expect(errorOf(() => loadConfig(write("{ not json"))).message).toContain("is not valid JSON");
    expect(errorOf(() => loadConfig(write(valid()), { env: {} })).message).toContain(
      "SYMBIOTE_OPERATOR_KEY is not set",
    );
    const malformed = errorOf(() => loadConfig(write(valid()), { env: { SYMBIOTE_OPERATOR_KEY: `${KEY}00` } }));
    expect(malformed.message).toContain("does not hold a private key");
    expect(malformed.message).not.toContain(KEY.slice(2));
  });
});
