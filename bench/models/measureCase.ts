/**
 * One case of `npm run bench:models`, run in its own process so its peak RSS is its own: build the model, measure
 * agreement with onnxruntime-node, compile the circuit, make (or reuse) the dev setup, prove once cold and `warm`
 * times warm, verify, and measure the exported verifier on anvil. Every row is appended to `rowsFile` as soon as it
 * is measured, so a case stopped by the time budget still reports how far it got.
 */
import { execFile } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import {
  compileCircuit,
  devPtauPath,
  encodeWtns,
  ensurePtau,
  exportVerifier,
  parseR1cs,
  REPO_ROOT,
  setupCircuit,
  terminateProvers,
  WitnessCalculator,
  type WitnessInput,
} from "@symbiote/circuits";
import {
  importOnnx,
  measureAgreement,
  planBakedCircuit,
  planModel,
  quantizeInputs,
  quantizeTreeFeatures,
  treeScales,
  verifierContractName,
  writeEntry,
} from "@symbiote/compiler";
import { groth16, zKey } from "snarkjs";
import { type BenchCase, buildModel } from "./cases.ts";
import { circomlibMlInput, circomlibMlSource } from "./circomlibMl.ts";
import { pairingFloor, verifierGas } from "./verifierGas.ts";

const run = promisify(execFile);

export type Row = { case: string; metric: string; value: number; unit: string; note?: string };

export interface CaseOptions {
  /** Where dev Powers of Tau files are read and generated (pot<k>_dev.ptau). */
  ptauDir: string;
  /** The largest ptau power the bench generates when none is present (2^17 and up take many minutes). */
  maxPtauPower: number;
  warmRuns: number;
  anvilUrl: string;
  rowsFile: string;
  /** Build the network from the circomlib-ml templates instead of ours. */
  circomlibMl: boolean;
}

const OUT = resolve(REPO_ROOT, "compiler/out/bench-models");
/** The owner's weights salt in every case (a baked circuit pins the commitment under it). */
const BAKED_SALT = 11n;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function peakRssMb(): number {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0);
  return kb / 1024;
}

/** The smallest dev ptau of at least `power` in `dir`, or a new one of `power` when allowed; null otherwise. */
async function findPtau(power: number, options: CaseOptions): Promise<string | null> {
  const present = existsSync(options.ptauDir)
    ? readdirSync(options.ptauDir)
        .map((f) => /^pot(\d+)_dev\.ptau$/.exec(f)?.[1])
        .filter((p): p is string => p !== undefined)
        .map(Number)
        .filter((p) => p >= power)
        .sort((a, b) => a - b)
    : [];
  if (present[0] !== undefined) return devPtauPath(present[0], options.ptauDir);
  if (power > options.maxPtauPower) return null;
  return ensurePtau((m) => console.error(m), power, options.ptauDir);
}

/** circom2 without the inspector: third-party templates warn (unused outputs, under-constrained helpers). */
async function compilePlain(entry: string, dir: string): Promise<{ r1cs: string; wasm: string }> {
  const circom = resolve(REPO_ROOT, "node_modules/.bin/circom2");
  const args = [entry, "--O2", "--r1cs", "--wasm", "-l", resolve(REPO_ROOT, "node_modules"), "-o", dir];
  await run(circom, args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const name = "circuit";
  return { r1cs: resolve(dir, `${name}.r1cs`), wasm: resolve(dir, `${name}_js`, `${name}.wasm`) };
}

/** A case built, compiled and set up: its key, its witness calculator and the inputs of its cold and warm proofs. */
export type PreparedCase = {
  name: string;
  id: string;
  zkeyPath: string;
  zkey: Uint8Array;
  calculator: WitnessCalculator;
  witnessInputs: WitnessInput[];
  publicCount: number;
  /** Appends a row of this case to the rows file. */
  emit: (metric: string, value: number, unit: string, note?: string) => void;
};

/**
 * Builds the model, measures agreement, compiles the circuit and makes (or reuses) its dev setup, emitting those
 * rows; undefined when no dev ptau covers the circuit (a `not_proven` row says so).
 */
export async function prepareCase(c: BenchCase, options: CaseOptions): Promise<PreparedCase | undefined> {
  const name = options.circomlibMl ? `circomlibml-${c.name}` : c.name;
  const emit = (metric: string, value: number, unit: string, note?: string) => {
    const row: Row = { case: name, metric, value, unit, ...(note ? { note } : {}) };
    appendFileSync(options.rowsFile, `${JSON.stringify(row)}\n`);
    console.error(`${name}: ${metric} ${value} ${unit}${note ? ` (${note})` : ""}`);
  };
  const model = buildModel(c);
  let id: string;
  let compiled: { r1cs: string; wasm: string };
  let witnessInputs: WitnessInput[];
  let publicCount: number;

  if (options.circomlibMl) {
    if (!model.layers) throw new Error(`${c.name}: circomlib-ml rows exist only for dense networks`);
    id = `circomlibml-${c.shape.join("x")}`;
    const dir = resolve(OUT, id);
    mkdirSync(dir, { recursive: true });
    const entry = resolve(dir, "circuit.circom");
    writeFileSync(entry, circomlibMlSource(c.shape));
    const t0 = performance.now();
    compiled = await compilePlain(entry, dir);
    emit("compile_s", (performance.now() - t0) / 1000, "s");
    const layers = model.layers;
    witnessInputs = model.rows.slice(0, options.warmRuns + 1).map((x) => circomlibMlInput(layers, x));
    publicCount = (c.shape.at(-1) as number) + 1;
  } else {
    const ir = importOnnx(model.onnx);
    const planned = planModel(ir, "committed");
    const { predict } = planned;
    const plan = !c.baked
      ? planned.plan
      : c.attribution && planned.quantized
        ? planBakedCircuit(planned.quantized, "committed", BAKED_SALT, { attribution: true })
        : planned.baked(BAKED_SALT);
    id = plan.id;
    const agreement = await measureAgreement(model.onnx, predict, model.rows, 0);
    emit("agreement", agreement.agreement, `fraction of ${agreement.rows} rows (arg-max vs onnxruntime-node)`);
    emit("max_score_error", agreement.maxScoreError, "model output units");
    const dir = resolve(OUT, id);
    const entry = writeEntry(dir, id, plan.source(dir));
    const t0 = performance.now();
    compiled = await compileCircuit(entry, dir, "O2");
    emit("compile_s", (performance.now() - t0) / 1000, "s");
    const toRaw = (x: readonly number[]) =>
      ir.kind === "treeEnsemble" ? quantizeTreeFeatures(x, treeScales().featureFracBits) : quantizeInputs(x);
    witnessInputs = model.rows
      .slice(0, options.warmRuns + 1)
      .map((x, i) => plan.call(toRaw(x), { binding: BigInt(i + 1), weightsSalt: BAKED_SALT, inputSalt: 5n }).input);
    publicCount = plan.publicSignals.length;
  }

  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  emit("constraints", r1cs.nConstraints, "r1cs constraints");
  emit("public_signals", publicCount, "count");
  const power = Math.ceil(Math.log2(r1cs.nConstraints + publicCount + 1));
  emit("domain_log2", power, "log2 (Groth16 FFT domain)");

  const ptau = await findPtau(power, options);
  if (ptau === null) {
    emit(
      "not_proven",
      power,
      "log2 (ptau needed)",
      `no dev ptau of 2^${power} or more in ${options.ptauDir} and generating it is above --max-ptau ${options.maxPtauPower}`,
    );
    return undefined;
  }
  const dir = resolve(compiled.r1cs, "..");
  const zkeyPath = resolve(dir, "circuit.zkey");
  if (!existsSync(zkeyPath) || statSync(zkeyPath).mtimeMs < statSync(compiled.r1cs).mtimeMs) {
    const t0 = performance.now();
    await setupCircuit("groth16", compiled.r1cs, ptau, dir, id);
    emit("setup_s", (performance.now() - t0) / 1000, "s (dev zkey)");
  }
  emit("zkey_mb", statSync(zkeyPath).size / 2 ** 20, "MB");

  const zkey = new Uint8Array(readFileSync(zkeyPath));
  const calculator = await WitnessCalculator.create(readFileSync(compiled.wasm));
  return { name, id, zkeyPath, zkey, calculator, witnessInputs, publicCount, emit };
}

/** Prepares a case, proves it once cold and `warmRuns` times warm with snarkjs, and measures its verifier's gas. */
export async function measureCase(c: BenchCase, options: CaseOptions): Promise<void> {
  const prepared = await prepareCase(c, options);
  if (!prepared) return;
  const { name, id, zkeyPath, zkey, calculator, witnessInputs, publicCount, emit } = prepared;
  const times: number[] = [];
  const witnessTimes: number[] = [];
  let first: Awaited<ReturnType<typeof groth16.prove>> | undefined;
  for (const input of witnessInputs) {
    const w0 = performance.now();
    const wtns = encodeWtns(calculator.calculate(input));
    witnessTimes.push(performance.now() - w0);
    const p0 = performance.now();
    const result = await groth16.prove(zkey, wtns);
    times.push(performance.now() - p0);
    if (!first) {
      first = result;
      emit("proof_ms_cold", times[0] as number, "ms");
    }
  }
  emit("witness_ms", median(witnessTimes.slice(1)), "ms (median)");
  emit("proof_ms_warm", median(times.slice(1)), `ms (median of ${times.length - 1})`);
  emit("peak_rss_mb", peakRssMb(), "MB");
  if (!first) return;
  const vkey = await zKey.exportVerificationKey(zkey);
  const verified = await groth16.verify(vkey, first.publicSignals, first.proof);
  emit("verified", verified ? 1 : 0, "bool");
  if (!verified) throw new Error(`${name}: the proof did not verify`);
  await terminateProvers();

  const contract = verifierContractName(id);
  // only verifyProof's gas is measured here: the weights-base entry points would not change it
  const source = await exportVerifier("groth16", zkeyPath, contract, id, { inference: false });
  const gas = await verifierGas(options.anvilUrl, source, contract, first.proof, first.publicSignals);
  const floor = pairingFloor(publicCount);
  emit("verifier_gas", gas, "gas (execution)");
  emit("verifier_gas_over_floor", gas / floor - 1, `fraction above 181,000 + 6,150·${publicCount}`);
}
