/**
 * npm run bench:models — what a compiled model costs, for the grid of issue #15: constraints, dev setup, zkey size,
 * warm Groth16 proof (median), verifier gas on anvil, and agreement of the quantised circuit with the original ONNX
 * model in onnxruntime-node (seeded random weights of each exact shape). Beside the MLPs, the same network built from
 * the npm circomlib-ml templates, measured in the same run; every warm proof is also reported as a ratio to the
 * circomlib-ml MLP 16-32-4 proof (the yardstick), so the timing targets read the same on a loaded or a quiet machine.
 *
 *   npm run bench:models [-- --cases mlp-16x32x4,trees-10x4x32] [--warm 5] [--max-ptau 18] [--timeout 900]
 *   SYMBIOTE_PTAU_DIR=/path/to/ptau npm run bench:models     # default circuits/.work/ptau
 *
 * Each case runs in its own process (its peak RSS is its own) within --timeout seconds; a case over its budget, or
 * whose Powers of Tau is missing and above --max-ptau, is reported with what was measured and why it stopped.
 * `--merge` keeps the previous .bench/models.json's other cases (ratios then span runs: re-measure the yardstick).
 * Writes .bench/models.json: [{case, metric, value, unit, note?}]. Circuits and DEV-ONLY keys stay in
 * compiler/out/bench-models/ (git-ignored).
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { REPO_ROOT } from "@symbiote/circuits";
import { type CircuitCost, chooseWeights } from "@symbiote/compiler";
import { startAnvil } from "@symbiote/devnet";
import { type BenchCase, GRID } from "./models/cases.ts";
import { measureCase, type Row } from "./models/measureCase.ts";
import { TARGETS, VERIFIER_FLOOR_MARGIN, YARDSTICK } from "./models/targets.ts";

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    case: { type: "string" },
    "circomlib-ml": { type: "boolean", default: false },
    cases: { type: "string" },
    warm: { type: "string", default: "5" },
    "max-ptau": { type: "string", default: "18" },
    timeout: { type: "string", default: "900" },
    "anvil-url": { type: "string" },
    "rows-file": { type: "string" },
    "no-circomlib-ml": { type: "boolean", default: false },
    merge: { type: "boolean", default: false },
  },
});
const ptauDir = process.env.SYMBIOTE_PTAU_DIR ?? resolve(REPO_ROOT, "circuits/.work/ptau");
const findCase = (name: string): BenchCase => {
  const c = GRID.find((g) => g.name === name);
  if (!c) throw new Error(`unknown case ${name}; the grid is ${GRID.map((g) => g.name).join(", ")}`);
  return c;
};

/** The runs in order: the yardstick first, then every case of ours, then circomlib-ml's other MLPs. */
function schedule(cases: BenchCase[]): { c: BenchCase; circomlibMl: boolean }[] {
  const mlps = values["no-circomlib-ml"] ? [] : cases.filter((c) => c.kind === "mlp" && !c.baked);
  const yardstick = GRID.find((g) => g.name === YARDSTICK.case) as BenchCase;
  return [
    ...(values["no-circomlib-ml"] ? [] : [{ c: yardstick, circomlibMl: true }]),
    ...cases.map((c) => ({ c, circomlibMl: false })),
    ...mlps.filter((c) => c !== yardstick).map((c) => ({ c, circomlibMl: true })),
  ];
}

async function runChild(c: BenchCase, circomlibMl: boolean, anvilUrl: string, rowsFile: string): Promise<void> {
  const args = [
    "--import",
    "tsx",
    resolve(REPO_ROOT, "bench/models.ts"),
    "--case",
    c.name,
    "--warm",
    values.warm,
    "--max-ptau",
    values["max-ptau"],
    "--anvil-url",
    anvilUrl,
    "--rows-file",
    rowsFile,
    ...(circomlibMl ? ["--circomlib-ml"] : []),
  ];
  const seconds = Number(values.timeout);
  const name = circomlibMl ? `circomlibml-${c.name}` : c.name;
  const child = run(process.execPath, args, { cwd: REPO_ROOT, timeout: seconds * 1000, maxBuffer: 64 << 20 });
  child.child.stderr?.pipe(process.stderr);
  try {
    await child;
  } catch (error) {
    const e = error as { killed?: boolean; signal?: string; code?: number; stderr?: string };
    const rows = readRows(rowsFile).filter((r) => r.case === name);
    const last = rows.at(-1)?.metric ?? "start";
    const note = e.killed
      ? `stopped after ${seconds} s (the --timeout budget) after measuring ${last}`
      : `failed after ${last}: ${errorLine(e.stderr ?? String(error))}`;
    const row: Row = { case: name, metric: "not_proven", value: seconds, unit: "s budget", note };
    writeFileSync(rowsFile, `${JSON.stringify(row)}\n`, { flag: "a" });
    console.error(`${name}: ${note}`);
  }
}

/** The thrown error's message from a child's stderr (its stack trace follows it). */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  return [...lines].reverse().find((l) => /^\w*Error\b/.test(l.trim())) ?? lines.at(-1) ?? "no output";
}

function readRows(file: string): Row[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
  } catch {
    return [];
  }
}

const DERIVED = new Set([
  "proof_warm_vs_yardstick",
  "constraints_vs_circomlibml",
  "proof_ms_warm_vs_circomlibml",
  "verifier_target_met",
  "weights_choice_baked",
  "target_met",
]);

/** The measured rows of the last .bench/models.json, minus the cases in `replaced`. */
function previousRows(replaced: Set<string>): Row[] {
  try {
    const rows = JSON.parse(readFileSync(resolve(REPO_ROOT, ".bench/models.json"), "utf8")) as Row[];
    return rows.filter((r) => !DERIVED.has(r.metric) && !replaced.has(r.case));
  } catch {
    return [];
  }
}

/** Ratios to the yardstick and to circomlib-ml's same network, and the targets' verdicts. */
function derived(rows: Row[]): Row[] {
  const get = (c: string, m: string) => rows.find((r) => r.case === c && r.metric === m)?.value;
  const out: Row[] = [];
  const yardstick = get(`circomlibml-${YARDSTICK.case}`, "proof_ms_warm");
  for (const c of new Set(rows.map((r) => r.case))) {
    const warm = get(c, "proof_ms_warm");
    if (warm !== undefined && yardstick !== undefined) {
      out.push({ case: c, metric: "proof_warm_vs_yardstick", value: warm / yardstick, unit: YARDSTICK.unit });
    }
    const theirs = `circomlibml-${c}`;
    for (const metric of ["constraints", "proof_ms_warm"]) {
      const ours = get(c, metric);
      const other = get(theirs, metric);
      if (ours !== undefined && other !== undefined) {
        out.push({ case: c, metric: `${metric}_vs_circomlibml`, value: ours / other, unit: "ours / circomlib-ml" });
      }
    }
  }
  for (const c of new Set(rows.map((r) => r.case))) {
    const over = get(c, "verifier_gas_over_floor");
    if (over === undefined || c.startsWith("circomlibml-")) continue;
    out.push({
      case: c,
      metric: "verifier_target_met",
      value: over <= VERIFIER_FLOOR_MARGIN ? 1 : 0,
      unit: "bool",
      note: `verifier ${(over * 100).toFixed(1)} % above the pairing floor (target ≤ ${VERIFIER_FLOOR_MARGIN * 100} %)`,
    });
  }
  for (const c of new Set(rows.map((r) => r.case))) {
    if (!c.endsWith("-baked")) continue;
    const base = c.slice(0, -"-baked".length);
    const cost = (k: string) => ({ constraints: get(k, "constraints"), publicSignals: get(k, "public_signals") });
    const committed = cost(base);
    const baked = cost(c);
    if (committed.constraints === undefined || baked.constraints === undefined) continue;
    const choice = chooseWeights(committed as CircuitCost, baked as CircuitCost);
    out.push({
      case: base,
      metric: "weights_choice_baked",
      value: choice.mode === "baked" ? 1 : 0,
      unit: "bool",
      note: choice.reason,
    });
  }
  for (const t of TARGETS) {
    // read against the circuit `compile --weights auto` keeps: the baked one where chooseWeights takes it
    const bakedChosen = out.some((r) => r.case === t.case && r.metric === "weights_choice_baked" && r.value === 1);
    const chosen = bakedChosen ? `${t.case}-baked` : t.case;
    const warm = get(chosen, "proof_ms_warm");
    if (warm === undefined || yardstick === undefined) continue;
    const committed = get(t.case, "proof_ms_warm");
    const alsoCommitted =
      bakedChosen && committed !== undefined ? `; committed weights ${Math.round(committed)} ms` : "";
    out.push({
      case: t.case,
      metric: "target_met",
      value: warm <= t.ms ? 1 : 0,
      unit: "bool",
      note: `${t.what}: ≤ ${t.ms} ms on an idle 2-core machine; --weights auto takes ${chosen}: ${Math.round(warm)} ms = ${(warm / yardstick).toFixed(2)} × yardstick (${Math.round(yardstick)} ms)${alsoCommitted}`,
    });
  }
  return out;
}

function printTable(rows: Row[]): void {
  const get = (c: string, m: string) => rows.find((r) => r.case === c && r.metric === m)?.value;
  const fmt = (v: number | undefined, digits = 0) =>
    v === undefined ? "–" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(
    "| case | constraints | public | domain | zkey MB | proof ms cold | proof ms warm | × yardstick | verifier gas | over floor | agreement | max score error | peak RSS MB |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const notes: string[] = [];
  for (const c of new Set(rows.map((r) => r.case))) {
    const over = get(c, "verifier_gas_over_floor");
    const agreement = get(c, "agreement");
    console.log(
      `| ${c} | ${fmt(get(c, "constraints"))} | ${fmt(get(c, "public_signals"))} | 2^${get(c, "domain_log2") ?? "?"} | ${fmt(get(c, "zkey_mb"), 1)} | ${fmt(get(c, "proof_ms_cold"))} | ${fmt(get(c, "proof_ms_warm"))} | ${fmt(get(c, "proof_warm_vs_yardstick"), 2)} | ${fmt(get(c, "verifier_gas"))} | ${over === undefined ? "–" : `${(over * 100).toFixed(1)} %`} | ${agreement === undefined ? "–" : `${(agreement * 100).toFixed(1)} %`} | ${get(c, "max_score_error")?.toExponential(1) ?? "–"} | ${fmt(get(c, "peak_rss_mb"))} |`,
    );
    for (const r of rows.filter((x) => x.case === c && x.note)) notes.push(`- ${c} ${r.metric}: ${r.note}`);
  }
  if (notes.length) console.log(`\n${notes.join("\n")}`);
}

async function main(): Promise<void> {
  if (values.case) {
    await measureCase(findCase(values.case), {
      ptauDir,
      maxPtauPower: Number(values["max-ptau"]),
      warmRuns: Number(values.warm),
      anvilUrl: values["anvil-url"] as string,
      rowsFile: values["rows-file"] as string,
      circomlibMl: values["circomlib-ml"],
    });
    // snarkjs's curve keeps worker threads alive: a finished case ends its process
    process.exit(0);
  }
  const cases = values.cases ? values.cases.split(",").map(findCase) : GRID;
  mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
  const rowsFile = resolve(REPO_ROOT, ".bench/models.rows.jsonl");
  rmSync(rowsFile, { force: true });
  const anvil = await startAnvil();
  try {
    for (const { c, circomlibMl } of schedule(cases)) await runChild(c, circomlibMl, anvil.url, rowsFile);
  } finally {
    await anvil.stop();
  }
  const fresh = readRows(rowsFile);
  // --merge keeps the cases of the previous .bench/models.json that this run did not measure
  const previous = values.merge ? previousRows(new Set(fresh.map((r) => r.case))) : [];
  const measured = [...previous, ...fresh];
  const rows = [...measured, ...derived(measured)];
  writeFileSync(resolve(REPO_ROOT, ".bench/models.json"), `${JSON.stringify(rows, null, 2)}\n`);
  rmSync(rowsFile, { force: true });
  printTable(rows);
  console.log(`\nptau directory: ${ptauDir}. Warm proofs: median of ${values.warm}. Raw figures: .bench/models.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
