import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./sourceHash.ts";

const run = promisify(execFile);

export type Compiled = { r1cs: string; wasm: string; sym: string; log: string };

/**
 * Compiles an entry circuit with circom 2 (the circom2 npm package) into `outDir`, with `--inspect`, and fails
 * when the compiler reports any warning: the project keeps the inspector clean (docs/circuits.md).
 */
export async function compileCircuit(entry: string, outDir: string, optimization: "O1" | "O2"): Promise<Compiled> {
  mkdirSync(outDir, { recursive: true });
  const circom = resolve(REPO_ROOT, "node_modules/.bin/circom2");
  const args = [
    resolve(REPO_ROOT, entry),
    `--${optimization}`,
    "--inspect",
    "--r1cs",
    "--wasm",
    "--sym",
    "-l",
    resolve(REPO_ROOT, "node_modules"),
    "-o",
    outDir,
  ];
  const { stdout, stderr } = await run(circom, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const log = `${stdout}\n${stderr}`;
  // circom colours its output; the words survive the escape codes
  if (/warning|error/i.test(log)) {
    throw new Error(`circom reported problems for ${entry} (the inspector must run clean):\n${log}`);
  }
  const name = basename(entry, ".circom");
  return {
    r1cs: resolve(outDir, `${name}.r1cs`),
    wasm: resolve(outDir, `${name}_js`, `${name}.wasm`),
    sym: resolve(outDir, `${name}.sym`),
    log,
  };
}
