/**
 * The demo's compile step. The deploy's forge script compiles the project before it broadcasts, but it runs
 * synchronously, so a cold compile (minutes on two cores with solc-js) would leave the terminal silent. Compiling
 * first, in a tracked child process, lets the step's heartbeat and forge's own progress lines show, lets Ctrl-C stop
 * it, and leaves the deploy's compile a no-op.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { DemoError } from "./errors.ts";
import type { ProcessGroup } from "./processes.ts";

const FORGE = resolve(REPO_ROOT, "node_modules/.bin/forge");

/** forge's lines worth showing: what it compiles, and what it found up to date. */
const PROGRESS_LINE = /^(Compiling|Compiler run|No files changed|Solc)/;

/**
 * Runs `forge build`; `report` receives forge's progress lines as they come. Resolves when forge succeeds and
 * throws a {@link DemoError} with forge's output when it fails.
 */
export async function compileContracts(group: ProcessGroup, report: (line: string) => void): Promise<void> {
  const child = group.track(spawn(FORGE, ["build"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split("\n")) if (PROGRESS_LINE.test(line.trim())) report(line.trim());
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("exit", (exitCode) => done(exitCode));
  });
  if (code !== 0) {
    throw new DemoError(`forge build failed (exit ${code ?? "by signal"}); its output:\n${output.slice(-4000)}`);
  }
}
