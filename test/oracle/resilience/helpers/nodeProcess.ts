import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "../../../../circuits/src/manifest.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");

/** One pino line of the node's output. */
export type LogLine = { level: number; time: number; msg: string; [field: string]: unknown };

export const LEVEL = { info: 30, warn: 40, error: 50 } as const;

export type NodeProcess = {
  child: ChildProcess;
  pid: number;
  /** Every JSON log line so far, oldest first. */
  logs: LogLine[];
  /** Whatever the process wrote to stderr (the CLI's error message when it exits). */
  stderr: () => string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a log line matching `match`; fails if the process exits first or the time runs out. */
  waitForLog: (match: (line: LogLine) => boolean, what: string, timeoutMs?: number) => Promise<LogLine>;
  /** The port of /metrics and /healthz, from the "operator node started" line. */
  metricsPort: () => Promise<number>;
  /** The node's direct children (its prover processes). */
  children: () => number[];
  /** `kill -9`: no handler runs, nothing is flushed or closed. */
  kill9: () => Promise<void>;
  /** SIGTERM and wait: the orderly stop. */
  stop: () => Promise<void>;
};

/** Process ids whose parent is `pid`, from /proc. */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name in field 2 may hold spaces and parentheses: the parent pid follows the last ")"
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Whether a process is still running (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * Runs `symbiote-oracle start --config <file>` as its own process, as an operator would (node with tsx, from the
 * repository root, as `npm run oracle` does), and collects its JSON logs.
 */
export function startNodeProcess(configPath: string, env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "start", "--config", configPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: LEVEL.info, time: Date.now(), msg: line });
      }
      if (process.env.ORACLE_TEST_LOG) process.stderr.write(`[node ${child.pid}] ${line}\n`);
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once("exit", (code, signal) => {
      for (const wake of waiters) wake();
      done({ code, signal });
    });
  });

  const waitForLog = (match: (line: LogLine) => boolean, what: string, timeoutMs = 90_000) =>
    new Promise<LogLine>((ok, fail) => {
      const check = () => {
        const found = logs.find(match);
        if (found) return finish(() => ok(found));
        if (child.exitCode !== null || child.signalCode !== null) {
          return finish(() => fail(new Error(`the node exited before logging ${what}; stderr: ${stderr}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => fail(new Error(`timed out waiting for the node to log ${what}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });

  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };

  return {
    child,
    pid: child.pid as number,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog,
    metricsPort: async () =>
      (await waitForLog((l) => l.msg === "operator node started", "its start")).metricsPort as number,
    children: () => childrenOf(child.pid as number),
    kill9: () => signalAndWait("SIGKILL"),
    stop: () => signalAndWait("SIGTERM"),
  };
}

/** GET /healthz of a running node: the HTTP status and the JSON details. */
export async function healthz(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
