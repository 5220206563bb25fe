/**
 * Tree ensemble circuit sizes for the shapes of issue #15 (compile only), and with `--prove` a Groth16 proof of each
 * shape whose dev Powers of Tau is present (circuits/.work/ptau/, made by circuits/src/build/ptau.ts).
 *
 *   npx tsx compiler/bench/treeConstraints.ts [--prove] [--features 32] [--columns 1] [--shapes 10x4,50x6,100x6]
 *
 * Prints a markdown table and writes .bench/tree-constraints.json: [{case, metric, value, unit}], case =
 * `trees-<T>x<D>x<F>x<C>-<mode>`. Generated circuits, keys and witnesses stay in compiler/out/bench/ (git-ignored;
 * dev keys are forgeable and never committed).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import type { TreeEnsembleShape } from "@symbiote/circuits";
import {
  commitTreeEnsemble,
  devPtauPath,
  encodeWtns,
  type IntegerTreeEnsemble,
  type IntegerTreeNode,
  layoutTreeEnsemble,
  REPO_ROOT,
  setupCircuit,
  terminateProvers,
  treeEnsembleCircuitCall,
  treePublicSignalLayout,
  WitnessCalculator,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { treeCircuitId, writeTreeCircuit } from "../src/circuit/treeCircuit.ts";

const run = promisify(execFile);
const WARM_RUNS = 5;
const OUT = resolve(REPO_ROOT, "compiler/out/bench");

type Row = { case: string; metric: string; value: number; unit: string };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function peakRssMb(): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

/** A full-depth ensemble with pseudo-random splits and leaves: every path has real comparisons. */
function sampleEnsemble(shape: TreeEnsembleShape, seed: number): IntegerTreeEnsemble {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const value = () => BigInt(Math.floor((next() * 2 - 1) * 2 ** 20));
  const trees = Array.from({ length: shape.trees }, (_, t) => {
    const nodes = new Map<number, IntegerTreeNode>();
    const inner = 2 ** shape.depth - 1;
    for (let i = 0; i < inner; i++) {
      const feature = Math.floor(next() * shape.features);
      nodes.set(i, {
        kind: "branch",
        id: i,
        feature,
        threshold: value(),
        mode: "BRANCH_LEQ",
        trueId: 2 * i + 1,
        falseId: 2 * i + 2,
      });
    }
    for (let i = 0; i <= inner; i++) {
      nodes.set(inner + i, { kind: "leaf", id: inner + i, values: Array.from({ length: shape.columns }, value) });
    }
    return { id: t, root: 0, nodes };
  });
  return {
    features: shape.features,
    columns: shape.columns,
    trees,
    baseValues: Array.from({ length: shape.columns }, value),
    decisionThreshold: 0n,
  };
}

/** Compiles a generated circuit from the repository root (circom2 reads only files below its working directory). */
async function compile(shape: TreeEnsembleShape, mode: InputMode, wasm: boolean) {
  const id = treeCircuitId(shape, mode);
  const dir = resolve(OUT, id);
  const { entry } = writeTreeCircuit(shape, mode, dir);
  const args = [
    entry,
    "--O2",
    "--r1cs",
    ...(wasm ? ["--wasm"] : []),
    "-l",
    resolve(REPO_ROOT, "node_modules"),
    "-o",
    dir,
  ];
  const t0 = performance.now();
  const { stdout } = await run(resolve(REPO_ROOT, "node_modules/.bin/circom2"), args, {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  // circom colours its output; the numbers survive the escape codes
  const count = (label: string) => Number(new RegExp(`${label}:\\D*(\\d+)`).exec(stdout)?.[1] ?? Number.NaN);
  return {
    id,
    dir,
    constraints: count("non-linear constraints") + count("(?<!non-)linear constraints"),
    seconds,
  };
}

/** Dev setup and Groth16 proofs of one compiled shape: the first proof cold, then the median of warm ones. */
async function prove(
  shape: TreeEnsembleShape,
  mode: InputMode,
  id: string,
  dir: string,
  power: number,
): Promise<Row[]> {
  const ptau = devPtauPath(power);
  const zkeyPath = resolve(dir, "circuit.zkey");
  const t0 = performance.now();
  if (!existsSync(zkeyPath)) await setupCircuit("groth16", resolve(dir, `${id}.r1cs`), ptau, dir, id);
  const setupSeconds = (performance.now() - t0) / 1000;
  const zkey = new Uint8Array(readFileSync(zkeyPath));
  const calculator = await WitnessCalculator.create(readFileSync(resolve(dir, `${id}_js`, `${id}.wasm`)));
  const layout = layoutTreeEnsemble(sampleEnsemble(shape, 7), shape);
  const committed = commitTreeEnsemble(layout, 11n);
  const times: number[] = [];
  const witnessTimes: number[] = [];
  let verified = true;
  for (let i = 0; i <= WARM_RUNS; i++) {
    const x = Array.from({ length: shape.features }, (_, f) => BigInt(((f * 7919 + i * 104_729) % 2 ** 21) - 2 ** 20));
    const call = treeEnsembleCircuitCall(
      mode,
      layout,
      x,
      { binding: BigInt(i + 1), weightsSalt: 11n, inputSalt: 5n },
      committed,
    );
    const w0 = performance.now();
    const witness = calculator.calculate(call.input);
    witnessTimes.push(performance.now() - w0);
    const p0 = performance.now();
    const { proof, publicSignals } = await groth16.prove(zkey, encodeWtns(witness));
    times.push(performance.now() - p0);
    if (i === 0) {
      const { zKey } = await import("snarkjs");
      const vkey = await zKey.exportVerificationKey(zkey);
      verified = await groth16.verify(vkey, publicSignals, proof);
    }
  }
  const name = `trees-${id.slice("trees".length)}`;
  return [
    { case: name, metric: "setup_s", value: setupSeconds, unit: "s (dev zkey)" },
    { case: name, metric: "zkey_mb", value: statSync(zkeyPath).size / 2 ** 20, unit: "MB" },
    { case: name, metric: "witness_ms", value: median(witnessTimes.slice(1)), unit: "ms" },
    { case: name, metric: "proof_ms_cold", value: times[0] as number, unit: "ms" },
    { case: name, metric: "proof_ms_warm", value: median(times.slice(1)), unit: "ms" },
    { case: name, metric: "peak_rss_mb", value: peakRssMb(), unit: "MB" },
    { case: name, metric: "verified", value: verified ? 1 : 0, unit: "bool" },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      prove: { type: "boolean", default: false },
      features: { type: "string", default: "32" },
      columns: { type: "string", default: "1" },
      shapes: { type: "string", default: "10x4,50x6,100x6" },
      modes: { type: "string", default: "committed,public" },
    },
  });
  const features = Number(values.features);
  const columns = Number(values.columns);
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const spec of values.shapes.split(",")) {
    const [trees, depth] = spec.split("x").map(Number) as [number, number];
    for (const mode of values.modes.split(",") as InputMode[]) {
      const shape = { trees, depth, features, columns };
      console.error(`compiling ${treeCircuitId(shape, mode)} …`);
      const compiled = await compile(shape, mode, values.prove);
      const name = `trees-${compiled.id.slice("trees".length)}`;
      const publicSignals = treePublicSignalLayout(shape, mode).length;
      const power = Math.ceil(Math.log2(compiled.constraints + publicSignals + 1));
      rows.push(
        { case: name, metric: "constraints", value: compiled.constraints, unit: "r1cs constraints" },
        { case: name, metric: "public_signals", value: publicSignals, unit: "count" },
        { case: name, metric: "domain_log2", value: power, unit: "log2 (Groth16 FFT domain)" },
        { case: name, metric: "compile_s", value: compiled.seconds, unit: "s" },
      );
      if (!values.prove) continue;
      // any dev ptau of at least the domain's power serves
      const available = Array.from({ length: 28 - power + 1 }, (_, i) => power + i).find((p) =>
        existsSync(devPtauPath(p)),
      );
      if (available === undefined) {
        notes.push(
          `${name}: no dev ptau of 2^${power} or more in circuits/.work/ptau/ (circuits/src/build/ptau.ts); not proven`,
        );
        continue;
      }
      console.error(`proving ${name} with the 2^${available} dev ptau …`);
      rows.push(...(await prove(shape, mode, compiled.id, compiled.dir, available)));
    }
  }
  await terminateProvers();
  mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, ".bench/tree-constraints.json"), `${JSON.stringify(rows, null, 2)}\n`);

  const get = (c: string, m: string) => rows.find((r) => r.case === c && r.metric === m)?.value;
  const fmt = (v: number | undefined, digits = 0) =>
    v === undefined ? "–" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(
    "| case (trees x depth x features x columns) | constraints | per tree | public signals | domain | compile s | zkey MB | proof ms cold | proof ms warm | peak RSS MB |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const c of [...new Set(rows.map((r) => r.case))]) {
    const trees = Number(/trees-(\d+)x/.exec(c)?.[1]);
    const constraints = get(c, "constraints") as number;
    console.log(
      `| ${c} | ${fmt(constraints)} | ${fmt(constraints / trees)} | ${fmt(get(c, "public_signals"))} | 2^${get(c, "domain_log2")} | ${fmt(get(c, "compile_s"), 1)} | ${fmt(get(c, "zkey_mb"), 1)} | ${fmt(get(c, "proof_ms_cold"))} | ${fmt(get(c, "proof_ms_warm"))} | ${fmt(get(c, "peak_rss_mb"))} |`,
    );
  }
  if (rows.some((r) => r.metric === "verified" && r.value !== 1)) throw new Error("a benchmark proof did not verify");
  for (const note of notes) console.log(`\n${note}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await terminateProvers();
  process.exit(1);
});
