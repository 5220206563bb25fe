import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Writes a generated main component to `<outDir>/<id>.circom` and returns its path. */
export function writeEntry(outDir: string, id: string, source: string): string {
  const entry = resolve(outDir, `${id}.circom`);
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(entry, source);
  return entry;
}
