/**
 * An operator node's folder on the devnet: its config, model store (circuits, weights, cards) and data store, and
 * the declaration of what the store can prove.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  commitmentOf,
  findBackend,
  findCircuit,
  loadDeployment,
  loadManifest,
  ModelStore,
  REPO_ROOT,
} from "@symbiote/circuits";
import {
  CardStore,
  createClients,
  type DeclarationsResult,
  importCircuitArtifacts,
  loadConfig,
  syncDeclarations,
} from "@symbiote/oracle";
import type { Hex } from "viem";
import { demoModel } from "./demoModels.ts";

export type NodeSetup = { dir: string; configPath: string; env: Record<string, string> };

/** Weights for the model store: a trainer artifact under the registry's commitment. */
export type StoredModel = { commitment: bigint; artifact: unknown; name: string };

export type PrepareNodeOptions = {
  rpc: string[];
  deployment: string;
  key: Hex;
  confirmations?: number;
  /** Manifest ids of the circuits whose Groth16 artifacts the store holds (default: the two classifier circuits). */
  circuits?: readonly string[];
  /** Weights besides the deploy's classifier demo models (e.g. models a test registered itself). */
  models?: readonly StoredModel[];
  /** Model cards the store holds (and the node serves at /cards/<sha256>), as published bytes. */
  cards?: readonly Uint8Array[];
  extra?: Record<string, unknown>;
};

/** The deploy's classifier demo models as model store entries. */
export function demoClassifierModels(): StoredModel[] {
  return (["classifier16-committed", "classifier16-public"] as const).map((id) => {
    const demo = demoModel(id);
    const commitment = commitmentOf({ family: demo.family, model: demo.model, weightsSalt: demo.weightsSalt } as never);
    return { commitment, artifact: demo.artifact, name: id };
  });
}

/** Writes an operator's config, model store (circuits and weights) and data store folder. */
export async function prepareNode(dir: string, options: PrepareNodeOptions): Promise<NodeSetup> {
  mkdirSync(dir, { recursive: true });
  const manifest = loadManifest();
  const store = new ModelStore(join(dir, "models"));
  for (const id of options.circuits ?? ["classifier16-committed", "classifier16-public"]) {
    await importCircuitArtifacts(store, findBackend(findCircuit(manifest, id), "groth16"), REPO_ROOT);
  }
  for (const { commitment, artifact, name } of [...demoClassifierModels(), ...(options.models ?? [])]) {
    store.putModel(commitment, artifact, name);
  }
  for (const card of options.cards ?? []) new CardStore(store.dir).put(card);
  mkdirSync(join(dir, "data"), { recursive: true });
  const config = {
    chainId: 31337,
    rpc: { http: options.rpc },
    deployment: options.deployment,
    operatorKey: { env: "SYMBIOTE_OPERATOR_KEY" },
    dataDir: "state",
    modelStore: { dir: "models" },
    dataStore: { dir: "data" },
    proving: { concurrency: 1 },
    confirmations: options.confirmations ?? 1,
    watcher: { pollIntervalMs: 250, maxLogRange: 500 },
    gas: { stuckAfterMs: 5000 },
    metrics: { port: 0 },
    log: { level: "warn" },
    ...options.extra,
  };
  const configPath = join(dir, "oracle.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, env: { SYMBIOTE_OPERATOR_KEY: options.key } };
}

/**
 * Declares on chain exactly the versions the node's store can prove, as `symbiote-oracle models sync` ends: the real
 * declaration path, from the node's own config and key.
 */
export async function declareFromStore(setup: NodeSetup): Promise<DeclarationsResult> {
  const config = loadConfig(setup.configPath, { env: setup.env });
  const clients = createClients(config);
  const deployment = loadDeployment(config.deployment, config.chainId);
  return syncDeclarations(clients, deployment, loadManifest(), new ModelStore(config.modelStore.dir));
}
