import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../../../circuits/src/manifest.ts";

const CLI = resolve(REPO_ROOT, "trainer/src/cli/trainer.ts");
// The child may run in a temporary folder, so the TypeScript loader is named by path rather than resolved from cwd.
const TSX_LOADER = pathToFileURL(resolve(REPO_ROOT, "node_modules/tsx/dist/loader.mjs")).href;

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs the trainer CLI in a child process, as `npm run trainer -- <command>` does, with `env` added to a copy of the
 * environment from which any signing key or RPC URL the caller's shell holds is removed.
 */
export function trainerCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PRIVATE_KEY;
  delete env.RPC_URL;
  return new Promise<CliResult>((done, fail) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...env, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
