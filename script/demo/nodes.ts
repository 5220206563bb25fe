/**
 * The operator nodes: each gets its own folder (config, SQLite job store, model store, private data store, log) and
 * runs as a real child process, `symbiote-oracle start --config <folder>/oracle.json`, exactly as an operator runs it.
 */
import { execFile, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { findBackend, findCircuit, loadDeployment, loadManifest, ModelStore, REPO_ROOT } from "@symbiote/circuits";
import { createClients, DataStore, importCircuitArtifacts, loadConfig, syncDeclarations } from "@symbiote/oracle";
import type { Actor } from "./actors.ts";
import { DemoError } from "./errors.ts";
import type { ProcessGroup } from "./processes.ts";

/** The circuits the demo's models are served on (Groth16): every node can prove every model. */
export const SERVED_CIRCUITS = [
  "classifier16-committed",
  "classifier16-public",
  "mlp16x32x4-public",
  "recommender16x32-public",
] as const;

/** Weights for a node's model store: a trainer artifact under its registered weights commitment. */
export type NodeModel = { commitment: bigint; artifact: unknown; source: string };

/** A data owner's private input, kept only in its own node's data store. */
export type PrivateInput = { commitment: bigint; inputs: readonly bigint[]; salt: bigint };

export type NodeSetup = {
  name: string;
  operator: Actor;
  dir: string;
  configPath: string;
  logPath: string;
  metricsPort: number;
};

export type RunningNode = NodeSetup & { pid: number; stop: () => Promise<void> };

/** Writes a node's folder: model store (circuit artifacts checked against the manifest, weights), data store, config. */
export async function prepareNode(options: {
  name: string;
  operator: Actor;
  dir: string;
  rpcUrl: string;
  deploymentPath: string;
  metricsPort: number;
  models: readonly NodeModel[];
}): Promise<NodeSetup> {
  const { dir } = options;
  mkdirSync(join(dir, "data"), { recursive: true });
  const manifest = loadManifest();
  const store = new ModelStore(join(dir, "models"));
  for (const id of SERVED_CIRCUITS) {
    await importCircuitArtifacts(store, findBackend(findCircuit(manifest, id), "groth16"), REPO_ROOT);
  }
  for (const model of options.models) store.putModel(model.commitment, model.artifact, model.source);
  const config = {
    chainId: 31337,
    rpc: { http: [options.rpcUrl] },
    deployment: resolve(options.deploymentPath),
    operatorKey: { env: "SYMBIOTE_OPERATOR_KEY" },
    dataDir: "state",
    modelStore: { dir: "models" },
    dataStore: { dir: "data" },
    proving: { concurrency: 1 },
    confirmations: 1,
    watcher: { pollIntervalMs: 250, maxLogRange: 500 },
    gas: { stuckAfterMs: 5000 },
    metrics: { port: options.metricsPort },
    log: { level: "info" },
  };
  const configPath = join(dir, "oracle.json");
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return {
    name: options.name,
    operator: options.operator,
    dir,
    configPath,
    logPath: join(dir, "node.log"),
    metricsPort: options.metricsPort,
  };
}

/** Puts weights into a prepared node's store (a version published after the node started). */
export function addModel(node: NodeSetup, model: NodeModel): void {
  new ModelStore(join(node.dir, "models")).putModel(model.commitment, model.artifact, model.source);
}

/**
 * Writes a private input into a node's data store, where the node opens it to prove a committed-input request.
 * Returns the file's path: it lives under the work folder, which every exit of the demo removes.
 */
export function addPrivateInput(node: NodeSetup, input: PrivateInput): string {
  const path = new DataStore(join(node.dir, "data")).pathOf(input.commitment);
  writeFileSync(path, JSON.stringify({ inputs: input.inputs.map(String), salt: input.salt.toString() }));
  return path;
}

/** The environment a node and the `symbiote-oracle` commands run with: the operator's key, nothing else added. */
export function nodeEnv(node: NodeSetup): NodeJS.ProcessEnv {
  return { ...process.env, SYMBIOTE_OPERATOR_KEY: node.operator.key };
}

/** `symbiote-oracle <args>` as a command line: the CLI's own entry, run by node with tsx as its shebang does. */
export function oracleCommand(args: readonly string[]): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ["--import", "tsx", resolve(REPO_ROOT, "oracle/src/cli/oracle.ts"), ...args],
  };
}

const execFileAsync = promisify(execFile);

/**
 * Runs `symbiote-oracle <args> --config <node's config>` with the node's key, as its operator would, and returns what
 * it printed.
 *
 * @throws {DemoError} the command failed; the message quotes its error output.
 */
export async function runOracle(node: NodeSetup, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const { command, args: argv } = oracleCommand([...args, "--config", node.configPath]);
  try {
    return await execFileAsync(command, argv, { cwd: REPO_ROOT, env: nodeEnv(node), maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new DemoError(
      `symbiote-oracle ${args.join(" ")} failed for ${node.name}: ${stderr?.trim() ?? String(error)}`,
    );
  }
}

/**
 * What `symbiote-oracle models sync` ends with, run on the node's own config and key: the store is checked against the
 * registry and the operator declares on chain exactly the versions it can prove (withdrawing any it no longer can), so
 * it is drawn for those. (The demo's stores hold only the Groth16 builds, so the full `models sync`, which fetches every
 * registered circuit's artifacts, would look for the PLONK builds too.) Returns the declared versions as
 * `model:version`.
 */
export async function declareServedVersions(node: NodeSetup): Promise<string[]> {
  const config = loadConfig(node.configPath, { env: nodeEnv(node) });
  const result = await syncDeclarations(
    createClients(config),
    loadDeployment(config.deployment, config.chainId),
    loadManifest(),
    new ModelStore(config.modelStore.dir),
  );
  return [...result.kept, ...result.declared].map((v) => `${v.modelId}:${v.version}`);
}

/** `symbiote-oracle data-node accept <owner>`: the node takes up the data-node role `owner` proposed. */
export async function acceptDataOwner(node: NodeSetup, owner: Actor): Promise<void> {
  await runOracle(node, ["data-node", "accept", owner.address]);
}

/** The last lines of a node's log, for an error message. */
export function logTail(node: NodeSetup, lines = 20): string {
  try {
    return readFileSync(node.logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts `symbiote-oracle start --config <dir>/oracle.json` as a child process of `group` (output to the node's
 * log) and waits until its /healthz answers 200.
 *
 * @throws {DemoError} the node exits or stays unhealthy for a minute; the message quotes its log.
 */
export async function startNode(group: ProcessGroup, node: NodeSetup): Promise<RunningNode> {
  const log = createWriteStream(node.logPath, { flags: "a" });
  const { command, args } = oracleCommand(["start", "--config", node.configPath]);
  const child = group.track(
    spawn(command, args, { cwd: REPO_ROOT, env: nodeEnv(node), stdio: ["ignore", "pipe", "pipe"] }),
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new DemoError(`${node.name} exited with ${child.exitCode} at start; its log:\n${logTail(node)}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${node.metricsPort}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new DemoError(`${node.name} did not become healthy within a minute; its log:\n${logTail(node)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    ...node,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
