/**
 * Every process the demo starts (anvil, the operator nodes) and every file it leaves while running, so that success,
 * failure and Ctrl-C all end the same way: children stopped, temporary files removed, nothing left behind.
 */
import type { ChildProcess } from "node:child_process";

const STOP_GRACE_MS = 10_000;

type Cleanup = { what: string; run: () => Promise<void> | void; beforeChildren: boolean };

/** Resolves when the child has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly cleanups: Cleanup[] = [];
  private stopping: Promise<void> | undefined;

  /** Adds a child: stopped (SIGTERM, then SIGKILL after a grace period) by {@link stopAll}. */
  track(child: ChildProcess): ChildProcess {
    this.children.add(child);
    child.once("exit", () => this.children.delete(child));
    return child;
  }

  /**
   * Runs `run` during {@link stopAll}, in reverse order of registration: after every child stopped (files, folders),
   * or before (`beforeChildren`: loops that still talk to a child, such as one polling the chain).
   */
  onCleanup(what: string, run: () => Promise<void> | void, options: { beforeChildren?: boolean } = {}): void {
    this.cleanups.push({ what, run, beforeChildren: options.beforeChildren ?? false });
  }

  /** The children still running (their pids), e.g. for the summary. */
  runningPids(): number[] {
    return [...this.children].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
  }

  /**
   * Stops every child and runs every cleanup, once (later calls wait for the first). The nodes get SIGTERM and stop
   * their own prover processes; anything still running after the grace period is killed.
   */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      await this.runCleanups(true);
      const children = [...this.children];
      for (const child of children) child.kill("SIGTERM");
      const timer = setTimeout(() => {
        for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }, STOP_GRACE_MS);
      await Promise.all(children.map(exited));
      clearTimeout(timer);
      await this.runCleanups(false);
    })();
    return this.stopping;
  }

  private async runCleanups(beforeChildren: boolean): Promise<void> {
    for (const cleanup of [...this.cleanups].reverse()) {
      if (cleanup.beforeChildren !== beforeChildren) continue;
      try {
        await cleanup.run();
      } catch (error) {
        process.stderr.write(`cleanup "${cleanup.what}" failed: ${(error as Error).message}\n`);
      }
    }
  }

  /**
   * Ctrl-C (SIGINT) and SIGTERM stop everything and exit with 130 / 143, an unexpected exception with 1; a closed
   * stdout (EPIPE) is ignored. Whatever ends the process, the children are killed synchronously on the way out, the
   * last chance to leave nothing behind.
   */
  installSignalHandlers(onSignal: (signal: NodeJS.Signals) => void = () => {}): void {
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      process.once(signal, () => {
        onSignal(signal);
        void this.stopAll().finally(() => process.exit(code));
      });
    }
    // a reader that went away (`npm run demo | head`) must not end the demo before it cleaned up
    for (const stream of [process.stdout, process.stderr]) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
      });
    }
    process.once("uncaughtException", (error) => {
      process.stderr.write(`unexpected error: ${error.stack ?? error.message}\n`);
      void this.stopAll().finally(() => process.exit(1));
    });
    process.once("exit", () => {
      for (const child of this.children) if (child.exitCode === null) child.kill("SIGKILL");
    });
  }
}
