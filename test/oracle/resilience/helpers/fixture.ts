import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEYS, type NodeSetup, prepareNode, rpc, startLocalProtocol } from "@symbiote/devnet";
import { packFeatures } from "@symbiote/sdk";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SeededRandom } from "../../../../circuits/src/randomModels.ts";

export const OPERATOR_KEY = KEYS[5];
export const OPERATOR = privateKeyToAccount(OPERATOR_KEY).address;
export const REQUESTER_KEY = KEYS[2];
export const SECOND_REQUESTER_KEY = KEYS[3];
/** The deploy's public-input classifier (script/config/demo-models.json, second model). */
export const PUBLIC_CLASSIFIER = 2n;

/**
 * One anvil with the protocol deployed through the project's deploy path, an operator registered with stake and two
 * funded requesters; blocks every second from then on. Everything lives in a temporary folder that `close` removes.
 */
export async function resilienceChain(name: string) {
  const chain = await startLocalProtocol(name);
  const { anvil, deploymentPath, deployment, dir, p } = chain;
  await p.registerOperator(OPERATOR_KEY);
  await p.fundRequester(REQUESTER_KEY);
  await p.fundRequester(SECOND_REQUESTER_KEY);
  await chain.mineEvery(1);
  const rng = new SeededRandom(7n);

  return {
    anvil,
    deployment,
    deploymentPath,
    dir,
    p,
    /** Fresh features for a public-input classifier request, packed as a raw request's input words. */
    nextInputWords: (): bigint[] => packFeatures(rng.vector(16)),
    /** A public-input classifier request, mined, its round's seed answered; returns the request id. */
    async request(key: Hex = REQUESTER_KEY, features: bigint[] = rng.vector(16)): Promise<bigint> {
      const id = await p.request(key, { modelId: PUBLIC_CLASSIFIER, features });
      await chain.fulfillSeeds();
      return id;
    },
    /** Answers pending round seed requests (the Chainlink node's part). */
    fulfillSeeds: () => chain.fulfillSeeds(),
    /** Stops block production: transactions wait in the pool until `mine` or `resumeMining`. */
    async pauseMining() {
      await rpc(anvil.url, "evm_setIntervalMining", [0]);
      await rpc(anvil.url, "evm_setAutomine", [false]);
    },
    resumeMining: () => rpc(anvil.url, "evm_setIntervalMining", [1]),
    mine: (blocks = 1) => rpc(anvil.url, "anvil_mine", [blocks]),
    /** The operator's transactions waiting in the pool, keyed by nonce. */
    async pendingFromOperator(): Promise<
      Map<number, { hash: Hex; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }>
    > {
      const content = (await rpc(anvil.url, "txpool_content")) as {
        pending: Record<string, Record<string, { hash: Hex; maxFeePerGas: Hex; maxPriorityFeePerGas: Hex }>>;
      };
      const mine = Object.entries(content.pending).find(([from]) => from.toLowerCase() === OPERATOR.toLowerCase());
      return new Map(
        Object.entries(mine?.[1] ?? {}).map(([nonce, tx]) => [
          Number(nonce),
          {
            hash: tx.hash,
            maxFeePerGas: BigInt(tx.maxFeePerGas),
            maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas),
          },
        ]),
      );
    },
    /** Writes an operator's folder (config, model store, data store) for `symbiote-oracle start`. */
    prepare(sub: string, options: { rpc?: string[]; confirmations?: number; extra?: Record<string, unknown> } = {}) {
      return prepareNode(join(dir, sub), {
        rpc: options.rpc ?? [anvil.url],
        deployment: deploymentPath,
        key: OPERATOR_KEY,
        confirmations: options.confirmations ?? 1,
        extra: { log: { level: "info" }, ...options.extra },
      });
    },
    close: () => chain.stop(),
  };
}

export type ResilienceChain = Awaited<ReturnType<typeof resilienceChain>>;

/** Rewrites fields of a node's config file between runs (the same folder and job database). */
export function patchConfig(setup: NodeSetup, patch: Record<string, unknown>): void {
  const config = JSON.parse(readFileSync(setup.configPath, "utf8")) as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  writeFileSync(setup.configPath, JSON.stringify(config, null, 2));
}

/** The job database of a prepared node (config `dataDir: "state"`). */
export const jobsFile = (setup: NodeSetup) => join(setup.dir, "state", "jobs.sqlite");

/** Polls `fn` until it returns a value other than undefined. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 90_000,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}
