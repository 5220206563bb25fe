import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

import { REPO_ROOT } from "../manifest.ts";

// one repository root for the package (the manifest's); re-exported for the build scripts that import it from here
export { REPO_ROOT };

const INCLUDE = /^\s*include\s+"([^"]+)"\s*;/gm;

function packageVersion(name: string): string {
  const file = resolve(REPO_ROOT, "node_modules", name, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** The compiler and library versions a circuit's artifacts depend on besides its own sources. */
export function toolchainId(): string {
  return `circom2@${packageVersion("circom2")} circomlib@${packageVersion("circomlib")}`;
}

/**
 * Every file an entry circuit includes, transitively, as repository-relative paths (sorted).
 * Includes resolve against the including file's folder first, then node_modules (circom's `-l node_modules`).
 */
export function circuitSourceFiles(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(INCLUDE)) {
      const name = match[1] as string;
      const local = resolve(dirname(file), name);
      const fromLib = resolve(REPO_ROOT, "node_modules", name);
      const target = existsSync(local) ? local : fromLib;
      if (!existsSync(target)) throw new Error(`${relative(REPO_ROOT, file)} includes ${name}, which does not exist`);
      visit(target);
    }
  };
  visit(resolve(REPO_ROOT, entry));
  return [...seen].map((f) => relative(REPO_ROOT, f)).sort();
}

/** sha256 over the toolchain id and every source file (path and content) of an entry circuit. */
export function sourceHash(entry: string): string {
  const hash = createHash("sha256").update(`${toolchainId()}\n`);
  for (const file of circuitSourceFiles(entry)) {
    hash
      .update(`${file}\n`)
      .update(readFileSync(resolve(REPO_ROOT, file)))
      .update("\n");
  }
  return hash.digest("hex");
}
