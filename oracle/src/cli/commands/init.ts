import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { FatalError } from "../../errors.ts";

/**
 * `init [--config oracle.json] [--rpc http://…] [--chain-id 31337]`: writes a fresh operator key (mode 0600) and a
 * config that reads it. Refuses to overwrite either.
 */
export function init(named: Map<string, string>): void {
  const configPath = resolve(named.get("config") ?? "oracle.json");
  const keyPath = resolve(dirname(configPath), "operator.key");
  for (const path of [configPath, keyPath]) {
    if (existsSync(path)) throw new FatalError(`${path} already exists; move it away or pass --config <new file>.`);
  }
  mkdirSync(dirname(configPath), { recursive: true });
  const key = generatePrivateKey();
  writeFileSync(keyPath, `${key}\n`, { mode: 0o600 });
  const chainId = Number(named.get("chain-id") ?? 31337);
  const config = {
    chainId,
    rpc: { http: [named.get("rpc") ?? "http://127.0.0.1:8545"], ws: [] },
    deployment: `deployments/${chainId}.json`,
    operatorKey: { file: "operator.key" },
    dataDir: "oracle-data",
    modelStore: { dir: "oracle-models" },
    proving: { concurrency: 1 },
    confirmations: 2,
    metrics: { port: 9464 },
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`wrote ${configPath} and ${keyPath} (operator ${privateKeyToAccount(key).address})`);
  console.log(
    "next: fund the operator, then `symbiote-oracle stake <amount>`, `symbiote-oracle models sync --from <folder>` (it declares the model versions the store can prove) and `symbiote-oracle register --endpoint <url>`",
  );
}
