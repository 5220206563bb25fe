/**
 * Linear and dense circuit sizes for the shapes of issue #15 (compile only), and with `--prove` the median warm
 * Groth16 proof of each shape that fits the shared dev Powers of Tau (circuits/.work/ptau/pot15_dev.ptau).
 *
 *   npx tsx compiler/bench/denseConstraints.ts [--prove] [--mode committed|public]
 *
 * Prints one line per shape and writes .bench/dense-constraints.json: [{case, metric, value, unit}], case =
 * `logistic-<n>` or `mlp-<widths>`. Generated circuits and dev keys stay in compiler/out/bench/ (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  compileCircuit,
  devPtauPath,
  encodeWtns,
  PTAU_POWER,
  parseR1cs,
  REPO_ROOT,
  setupCircuit,
  terminateProvers,
  WitnessCalculator,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { type CircuitPlan, planCircuit } from "../src/compile/plan.ts";
import type { QuantizedModel } from "../src/quantize/quantizeModel.ts";

const OUT = resolve(REPO_ROOT, "compiler/out/bench");
const WARM_RUNS = 5;
type Row = { case: string; metric: string; value: number; unit: string };

/** A deterministic model of a shape with small trained-like parameters (sizes do not depend on the values). */
function sampleModel(kind: "logistic" | "mlp", widths: number[]): QuantizedModel {
  let s = widths.reduce((a, b) => a * 31 + b, 7);
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return BigInt(Math.floor((s / 2 ** 32) * 2000) - 1000);
  };
  if (kind === "logistic") {
    const n = widths[0] as number;
    return {
      kind: "linear",
      layout: "mirrored",
      model: { weights: Array.from({ length: n }, next), bias: next(), threshold: 0n },
      task: { type: "classifier", classes: [0, 1] },
      postTransform: "LOGISTIC",
    };
  }
  return {
    kind: "dense",
    model: {
      inputs: widths[0] as number,
      layers: widths.slice(1).map((out, l) => ({
        weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, next)),
        bias: Array.from({ length: out }, next),
        relu: l < widths.length - 2,
      })),
    },
    task: { type: "classifier", classes: Array.from({ length: widths.at(-1) as number }, (_, i) => i) },
    postTransform: "SOFTMAX",
  };
}

async function measure(name: string, plan: CircuitPlan, inputs: number, prove: boolean): Promise<Row[]> {
  const dir = resolve(OUT, plan.id);
  const entry = writeEntry(dir, plan.id, plan.source(dir));
  const compiled = await compileCircuit(entry, dir, "O2");
  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  const rows: Row[] = [{ case: name, metric: "constraints", value: r1cs.nConstraints, unit: "count" }];
  const ptau = devPtauPath();
  if (prove && r1cs.nConstraints + plan.publicSignals.length < 2 ** PTAU_POWER && existsSync(ptau)) {
    const { zkey } = await setupCircuit("groth16", compiled.r1cs, ptau, dir, plan.id);
    const call = plan.call(
      Array.from({ length: inputs }, (_, i) => BigInt((i % 7) * 9000 - 27000)),
      { binding: 1n, weightsSalt: 2n, inputSalt: 3n },
    );
    const calculator = await WitnessCalculator.create(readFileSync(compiled.wasm));
    const wtns = encodeWtns(calculator.calculate(call.input));
    await groth16.prove(zkey, { type: "mem", data: wtns });
    const times: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const t = performance.now();
      await groth16.prove(zkey, { type: "mem", data: wtns });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    rows.push({ case: name, metric: "warm_proof_ms", value: Math.round(times[2] as number), unit: "ms" });
  }
  return rows;
}

const { values } = parseArgs({ options: { prove: { type: "boolean" }, mode: { type: "string" } } });
const mode = (values.mode ?? "committed") as InputMode;
const GRID: ["logistic" | "mlp", number[]][] = [
  ["logistic", [16]],
  ["logistic", [32]],
  ["logistic", [64]],
  ["mlp", [16, 32, 4]],
  ["mlp", [32, 64, 8]],
  ["mlp", [64, 128, 10]],
];
const rows: Row[] = [];
for (const [kind, widths] of GRID) {
  const name = `${kind}-${widths.join("x")}`;
  const measured = await measure(
    name,
    planCircuit(sampleModel(kind, widths), mode),
    widths[0] as number,
    !!values.prove,
  );
  for (const row of measured) console.log(`${row.case} ${mode}: ${row.metric} ${row.value} ${row.unit}`);
  rows.push(...measured);
}
mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
writeFileSync(resolve(REPO_ROOT, ".bench/dense-constraints.json"), `${JSON.stringify(rows, null, 2)}\n`);
await terminateProvers();
