/**
 * An operator node run as its own process (`symbiote-oracle start`), as an operator runs it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import type { NodeSetup } from "./node.ts";

export type NodeProcess = {
  process: ChildProcess;
  /** The node's JSON log lines (stdout and stderr), written to `<dir>/node.log`. */
  logPath: string;
  /** SIGTERM: the node finishes its round, closes its provers and database, and exits. */
  stop: () => Promise<number | null>;
  /** SIGKILL. */
  kill: () => Promise<void>;
};

/**
 * Runs `symbiote-oracle start --config <setup>` as its own process, as an operator would, and waits until its
 * `/healthz` answers 200. `metricsPort` must be the port in the setup's config (prepareNode's `extra.metrics`). `root`
 * is the checkout whose CLI runs (default this repository; the operator journey runs a fresh clone's).
 */
export async function startNodeProcess(
  setup: NodeSetup,
  metricsPort: number,
  timeoutMs = 60_000,
  root = REPO_ROOT,
): Promise<NodeProcess> {
  const logPath = join(setup.dir, "node.log");
  const log = createWriteStream(logPath, { flags: "a" });
  const cli = resolve(root, "oracle/src/cli/oracle.ts");
  const child = spawn(process.execPath, ["--import", "tsx", cli, "start", "--config", setup.configPath], {
    // from the checkout's root, where tsx resolves, as `npm run oracle` runs it
    cwd: root,
    env: { ...process.env, ...setup.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `the node exited with ${child.exitCode} before it was healthy:\n${readFileSync(logPath, "utf8")}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`the node did not become healthy within ${timeoutMs} ms; see ${logPath}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    process: child,
    logPath,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
