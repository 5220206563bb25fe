import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { configSchema } from "../../config/schema.ts";
import { UsageError } from "../operatorErrors.ts";
import { operatorHome } from "./context.ts";

/** The operator folder's own ignore file: nothing in it (key, config, job database, model blobs) belongs in git. */
const GITIGNORE =
  "# written by symbiote-oracle init: the operator key, its config and the node's state stay out of git\n*\n";

export type InitResult = { folder: string; configPath: string; keyPath: string };

/** The folder `init` writes to: `--dir`, else the folder of `--config`, else the operator home. */
function folderOf(named: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>): string {
  const dir = named.get("dir");
  const config = named.get("config");
  if (dir !== undefined && config !== undefined) {
    throw new UsageError("init takes --dir <folder> or --config <folder>/oracle.json, not both.");
  }
  if (dir !== undefined) return resolve(dir);
  if (config !== undefined) return dirname(resolve(config));
  return operatorHome(env);
}

/**
 * `init [--dir <folder>] [--rpc http://…] [--chain-id 31337] [--deployment <file>]`: writes a fresh operator key (mode
 * 0600), a config that reads it and a `.gitignore` of `*` into one folder, named in the output: `--dir`, or
 * `$SYMBIOTE_ORACLE_HOME`, or `~/.symbiote-oracle` — outside the repository, so a key is never written into a
 * checkout unless asked, and then git ignores it. The folder must be new or empty: nothing is overwritten.
 */
export function init(
  named: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): InitResult {
  const folder = folderOf(named, env);
  const configPath = named.has("config") ? resolve(named.get("config") as string) : join(folder, "oracle.json");
  const keyPath = join(folder, "operator.key");
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) throw new UsageError(`${folder} is a file; name a new folder with --dir.`);
    if (readdirSync(folder).length > 0) {
      throw new UsageError(
        `${folder} already exists and is not empty; name a new folder with --dir <folder> (init writes the key, the config and the node's state there and overwrites nothing).`,
      );
    }
  }
  const chainIdText = named.get("chain-id") ?? "31337";
  if (!/^[1-9]\d*$/.test(chainIdText))
    throw new UsageError(`--chain-id "${chainIdText}" is not a chain id (e.g. 31337).`);
  const chainId = Number(chainIdText);
  const deployment = resolve(named.get("deployment") ?? join(REPO_ROOT, "deployments", `${chainId}.json`));
  const config = {
    chainId,
    rpc: { http: [named.get("rpc") ?? "http://127.0.0.1:8545"], ws: [] },
    deployment,
    operatorKey: { file: "operator.key" },
    dataDir: "oracle-data",
    modelStore: { dir: "oracle-models" },
    proving: { concurrency: 1 },
    confirmations: 2,
    metrics: { port: 9464 },
  };
  const checked = configSchema.safeParse(config);
  if (!checked.success) {
    throw new UsageError(
      `init cannot write a valid config: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}; fix --rpc or --chain-id.`,
    );
  }
  mkdirSync(folder, { recursive: true });
  // the ignore file first: should anything below fail, git already ignores what is left
  writeFileSync(join(folder, ".gitignore"), GITIGNORE);
  const key = generatePrivateKey();
  writeFileSync(keyPath, `${key}\n`, { mode: 0o600 });
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  const operator = privateKeyToAccount(key).address;
  // how the next commands find this config: nothing for the operator home, else the flag init was given
  const flag = named.has("config") ? ` --config ${configPath}` : folder === operatorHome(env) ? "" : ` --dir ${folder}`;
  console.log(
    `wrote ${folder}: oracle.json, operator.key (mode 0600) and a .gitignore that keeps the folder out of git`,
  );
  console.log(`operator ${operator}; deployment file ${deployment}`);
  console.log(
    `next: fund ${operator} with ETH for gas and with SYM, then \`symbiote-oracle stake <amount>${flag}\`, \`symbiote-oracle models sync --from <folder of model artifacts>${flag}\` (it declares the model versions the store can prove) and \`symbiote-oracle register --endpoint <url>${flag}\``,
  );
  return { folder, configPath, keyPath };
}
