/**
 * `npm run bench:gas-docs`: rewrites the gas and cost tables of docs/oracle.md (between their `<!-- gas:… -->`
 * markers) from .bench/gas.json, which `npm run bench:gas` writes. `--check` rewrites nothing and exits 1 if the
 * document differs from what the measured rows give.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type GasRow, renderTables, replaceBetweenMarkers } from "./gasDocs/tables.ts";

const root = resolve(import.meta.dirname, "..");
const benchFile = resolve(root, ".bench/gas.json");
const docFile = resolve(root, "docs/oracle.md");

let rows: GasRow[];
try {
  rows = JSON.parse(readFileSync(benchFile, "utf8")) as GasRow[];
} catch (cause) {
  throw new Error(`cannot read ${benchFile}: run \`npm run bench:gas\` first`, { cause });
}

const current = readFileSync(docFile, "utf8");
const next = replaceBetweenMarkers(current, renderTables(rows));
if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("docs/oracle.md's gas tables differ from .bench/gas.json: run `npm run bench:gas-docs`");
    process.exit(1);
  }
  console.log("docs/oracle.md's gas tables match .bench/gas.json");
} else {
  writeFileSync(docFile, next);
  console.log(next === current ? "docs/oracle.md already up to date" : "rewrote the gas tables of docs/oracle.md");
}
