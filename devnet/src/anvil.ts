/**
 * The project's local chain: starts the anvil binary from node_modules on a free port and talks to it. Shared by the
 * demo (`npm run demo`, `npm run devnet`) the end-to-end tests and the benchmarks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";

/** A free TCP port on 127.0.0.1 (the OS picks; a race with another process is possible but harmless here). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be listened on right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

export type Anvil = { url: string; port: number; process: ChildProcess; stop: () => Promise<void> };

export type StartAnvilOptions = {
  /** Listen on this port (default: a free one). */
  port?: number;
  /** More command-line arguments, e.g. `["--accounts", "20"]`. */
  extraArgs?: string[];
};

/**
 * Starts the project's anvil (node_modules/.bin/anvil), mining on every transaction, and waits until it answers.
 * EIP-170's contract size limit stays on, as on a real network. `stop()` ends it and resolves once it exited.
 *
 * @example const anvil = await startAnvil(); … await anvil.stop();
 */
export async function startAnvil(options: StartAnvilOptions | string[] = {}): Promise<Anvil> {
  const { port: wanted, extraArgs = [] } = Array.isArray(options) ? { extraArgs: options } : options;
  // A port free a moment ago may be taken by the time anvil binds it (the OS hands freed ports out again, and other
  // suites on the machine start anvils too): then this anvil exits, while the port answers for someone else's chain.
  // So an anvil counts as started only once it outlived a failed bind; a port lost in the race is retried.
  for (let attempt = 1; ; attempt++) {
    const port = wanted ?? (await freePort());
    const started = await launch(port, extraArgs);
    if (started !== "port taken") return started;
    if (wanted !== undefined || attempt === 5) {
      throw new Error(
        `anvil exited at start on port ${port}: another process holds the port, or its arguments are wrong`,
      );
    }
  }
}

/** How long an anvil that lost its port takes to exit at most, after it was spawned. */
const BIND_FAILURE_WINDOW_MS = 1_500;

/**
 * Starts anvil on `port` and waits until it answers; "port taken" if it exited without ever listening. An anvil that
 * cannot bind exits within moments of its start, but the port answers at once for whoever holds it: so an answer
 * counts only once this anvil has lived past that window. (Its output stays off: nobody may have to read it while a
 * synchronous forge run blocks the event loop, or anvil would block writing it.)
 */
async function launch(port: number, extraArgs: readonly string[]): Promise<Anvil | "port taken"> {
  const spawnedAt = Date.now();
  const child: ChildProcess = spawn(
    resolve(REPO_ROOT, "node_modules/.bin/anvil"),
    ["--port", String(port), "--silent", ...extraArgs],
    { stdio: "ignore" },
  );
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  let answered = false;
  for (;;) {
    if (child.exitCode !== null) {
      // exited early: it never held the port (whatever answered there is another process's chain)
      if (Date.now() - spawnedAt < BIND_FAILURE_WINDOW_MS + 500 || !answered) return "port taken";
      throw new Error(`anvil exited with ${child.exitCode} before answering on port ${port}`);
    }
    if (!answered) {
      try {
        await rpc(url, "eth_chainId");
        answered = true;
      } catch {
        // not listening yet
      }
    }
    if (answered && Date.now() - spawnedAt >= BIND_FAILURE_WINDOW_MS) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error("anvil did not answer within 20 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, process: child, stop };
}

/** Sends one JSON-RPC call (including anvil's test methods: evm_increaseTime, evm_mine, evm_setIntervalMining…). */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
