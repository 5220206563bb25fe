/**
 * `npm run bench:gas`: gas of the InferenceCoordinator's entry points with real proofs, measured by forge in isolated
 * mode (each top-level call is a transaction; the figure is its receipt gas). Prints a markdown table and writes
 * .bench/gas.json. Gas is deterministic, so one run is the median of any number of runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

type Row = { case: string; metric: string; value: number; unit: string };

const root = resolve(import.meta.dirname, "..");
const forge = resolve(root, "node_modules/.bin/forge");
const result = spawnSync(forge, ["test", "--isolate", "-vv", "--match-contract", "GasBench"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, FOUNDRY_TEST: "bench/contracts" },
  maxBuffer: 64 * 1024 * 1024,
});
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  throw new Error("forge gas benchmark failed; see the output above");
}

/** Most rows are gas; calldata sizes are bytes and the signal count is a count. */
function unitOf(metric: string): string {
  if (metric.endsWith("_bytes") || metric.endsWith("_bytes_per_inference")) return "bytes";
  if (metric === "public_signals") return "signals";
  return "gas";
}

const rows: Row[] = [];
for (const line of result.stdout.split("\n")) {
  const match = /BENCH (\S+) (\S+) (\d+)/.exec(line);
  if (match) {
    const metric = match[2] as string;
    rows.push({ case: match[1] as string, metric, value: Number(match[3]), unit: unitOf(metric) });
  }
}
rows.sort((a, b) => a.case.localeCompare(b.case) || a.metric.localeCompare(b.metric));
if (rows.length === 0) throw new Error("the forge benchmark printed no BENCH lines");

console.log("| case | metric | value | unit |\n| --- | --- | ---: | --- |");
for (const row of rows) {
  console.log(`| ${row.case} | ${row.metric} | ${row.value.toLocaleString("en-US")} | ${row.unit} |`);
}

mkdirSync(resolve(root, ".bench"), { recursive: true });
writeFileSync(resolve(root, ".bench/gas.json"), `${JSON.stringify(rows, null, 2)}\n`);
console.log("\nwrote .bench/gas.json");
