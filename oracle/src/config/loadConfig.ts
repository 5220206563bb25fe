import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { FatalError } from "@symbiote/sdk";
import { type Address, type Hex, isHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { z } from "zod";
import { configSchema, type ParsedConfigFile } from "./schema.ts";
import { Secret } from "./secret.ts";

/** The configuration is wrong; the message lists every problem and how to fix it. */
export class ConfigError extends FatalError {
  override name = "ConfigError";
}

/** The validated configuration, paths absolute, the key loaded (and hidden behind {@link Secret}). */
export type Config = Omit<
  ParsedConfigFile,
  "operatorKey" | "deployment" | "dataDir" | "modelStore" | "dataStore" | "explorer"
> & {
  explorer: { enabled: boolean; dist: string; ipfsGateway?: string; cardGateways: string[] };
  configPath: string;
  deployment: string;
  dataDir: string;
  modelStore: { dir: string; gateway?: string };
  dataStore?: { dir: string };
  operatorKey: Secret<Hex>;
  operatorAddress: Address;
};

export type LoadConfigOptions = {
  /** The environment to read `operatorKey.env` from (the CLI passes process.env; tests pass their own). */
  env?: Readonly<Record<string, string | undefined>>;
};

function describeIssues(path: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join(".") : "(top level)";
      if (issue.code === "unrecognized_keys") {
        return `  - ${where}: unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove them or check the spelling against docs/operator.md`;
      }
      if (issue.code === "invalid_type" && issue.input === undefined) {
        return `  - ${where}: missing; add it (see docs/operator.md)`;
      }
      return `  - ${where}: ${issue.message}`;
    })
    .join("\n")
    .replace(/^/, `${path} is not a valid oracle configuration:\n`);
}

function readKey(source: ParsedConfigFile["operatorKey"], base: string, env: LoadConfigOptions["env"]): Hex {
  let raw: string | undefined;
  let where: string;
  if ("file" in source) {
    where = `key file ${resolve(base, source.file)}`;
    try {
      raw = readFileSync(resolve(base, source.file), "utf8");
    } catch (cause) {
      throw new ConfigError(
        `operatorKey.file: cannot read ${where}; create it with \`symbiote-oracle init\` or point operatorKey.file at the key file.`,
        { cause },
      );
    }
  } else {
    where = `environment variable ${source.env}`;
    raw = env?.[source.env];
    if (raw === undefined || raw.trim() === "") {
      throw new ConfigError(
        `operatorKey.env: ${source.env} is not set; export it with the operator's 0x-prefixed key.`,
      );
    }
  }
  const key = raw.trim();
  // never echo the value: a near-miss key is still a key
  if (!isHex(key) || key.length !== 66) {
    throw new ConfigError(
      `operatorKey: the ${where} does not hold a private key; it must contain exactly one 0x-prefixed 32-byte hex string.`,
    );
  }
  return key;
}

/** The configuration without the operator key: what read-only commands (`decision`) need. */
export type ReadOnlyConfig = Omit<Config, "operatorKey" | "operatorAddress">;

/**
 * Reads and validates the configuration file without touching the operator key, for commands that only read the chain
 * (`symbiote-oracle decision`): they work on a machine that holds no key.
 *
 * @example const config = loadReadOnlyConfig("oracle.json");
 * @throws {ConfigError} unreadable file, invalid JSON or invalid fields.
 */
export function loadReadOnlyConfig(path: string): ReadOnlyConfig {
  return parseConfigFile(path).config;
}

function parseConfigFile(path: string): { config: ReadOnlyConfig; file: ParsedConfigFile; base: string } {
  const configPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(configPath, "utf8");
  } catch (cause) {
    throw new ConfigError(
      `cannot read the configuration ${configPath}; create one with \`symbiote-oracle init\` or pass --config <file>.`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${configPath} is not valid JSON; fix the syntax (${(cause as Error).message}).`, { cause });
  }
  const parsed = configSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ConfigError(describeIssues(configPath, parsed.error));
  const file = parsed.data;
  const base = dirname(configPath);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const { operatorKey: _source, ...rest } = file;
  const config: ReadOnlyConfig = {
    ...rest,
    configPath,
    deployment: abs(file.deployment),
    dataDir: abs(file.dataDir),
    modelStore: { ...file.modelStore, dir: abs(file.modelStore.dir) },
    ...(file.dataStore ? { dataStore: { dir: abs(file.dataStore.dir) } } : {}),
    explorer: {
      ...file.explorer,
      dist: file.explorer.dist ? abs(file.explorer.dist) : resolve(REPO_ROOT, "explorer/dist"),
    },
  };
  return { config, file, base };
}

/**
 * Reads and validates the configuration file once, at start. Every problem is reported at once, each with the field
 * and what to change.
 *
 * @example const config = loadConfig("oracle.json", { env: process.env });
 * @throws {ConfigError} unreadable file, invalid JSON, invalid fields, or an unreadable key.
 */
export function loadConfig(path: string, options: LoadConfigOptions = {}): Config {
  const { config, file, base } = parseConfigFile(path);
  const key = readKey(file.operatorKey, base, options.env);
  return { ...config, operatorKey: new Secret(key), operatorAddress: privateKeyToAccount(key).address };
}
