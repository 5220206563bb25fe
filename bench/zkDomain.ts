/**
 * `npm run bench:zk-domain`: what crossing the 2^11 proving domain costs the classifier16-committed proof.
 *
 * The committed classifier has 2,025 constraints: with its 7 public signals it just fits snarkjs's 2^11 Groth16
 * domain (constraints + public signals + 1 <= 2,048). Any change that adds constraints past that boundary (for
 * instance rounding the 16 contributions so the explanation fits fewer public words, which is what a lower fulfill gas
 * needs) moves it to a 2^12 domain. This benchmark measures that step on the real circuit: it pads a copy of the entry
 * circuit with extra range checks (on its own features and weights, so nothing else changes), sets up a dev zkey for
 * it, and times warm proofs of the shipped circuit and of the padded copies alternately, in one process, on the same
 * inputs. Prints a markdown table and writes .bench/zk-domain.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  compileCircuit,
  ensurePtau,
  findBackend,
  findCircuit,
  loadManifest,
  REPO_ROOT,
  sampleCall,
  WORK_DIR,
} from "@symbiote/circuits";
import * as snarkjs from "snarkjs";

type Row = { case: string; metric: string; value: number; unit: string };

const ID = "classifier16-committed";
const ROUNDS = 13;
const WARM_UP = 2;
/** Extra 24-bit range checks per padded variant: one just crosses the boundary; 36 is about a rounded explanation. */
const PADDINGS = [1, 36];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Groth16 domain of snarkjs: the smallest power of two above constraints + public signals. */
function domainBits(constraints: number, publicSignals: number): number {
  return Math.ceil(Math.log2(constraints + publicSignals + 1));
}

/** The entry circuit with `checks` more range checks on its own (already range-checked) features and weights. */
function paddedSource(entry: string, checks: number): string {
  const source = readFileSync(resolve(REPO_ROOT, entry), "utf8")
    .replaceAll('include "../lib/', 'include "../../../circuits/lib/')
    .replace(
      "BindingCheck()(binding);",
      [
        "BindingCheck()(binding);",
        `    // domain probe: ${checks} redundant 24-bit range checks`,
        `    for (var p = 0; p < ${checks}; p++) {`,
        "        RangeCheck(VALUE_BITS())((p < N ? features[p % N] : weights[p % N]) + (1 << (VALUE_BITS() - 1)));",
        "    }",
      ].join("\n"),
    );
  if (!source.includes("domain probe")) throw new Error(`${entry} no longer ends with BindingCheck; update the probe`);
  return `${source.replace('include "../../../circuits/lib/binding.circom";', 'include "../../../circuits/lib/binding.circom";\ninclude "../../../circuits/lib/range_check.circom";')}`;
}

async function main(): Promise<void> {
  const manifest = loadManifest();
  const circuit = findCircuit(manifest, ID);
  const shipped = findBackend(circuit, "groth16");
  const publicSignals = circuit.publicSignals.length;
  const ptau = await ensurePtau((msg) => console.error(msg));

  const variants: { name: string; wasm: Buffer; zkey: Buffer; constraints: number }[] = [
    {
      name: ID,
      wasm: readFileSync(resolve(REPO_ROOT, shipped.wasm.path)),
      zkey: readFileSync(resolve(REPO_ROOT, shipped.zkey.path)),
      constraints: shipped.constraints,
    },
  ];
  const workDir = resolve(WORK_DIR, "domain-probe");
  mkdirSync(workDir, { recursive: true });
  for (const checks of PADDINGS) {
    const name = `pad${checks}`;
    const entry = resolve(workDir, `${name}.circom`);
    writeFileSync(entry, paddedSource(circuit.entry, checks));
    console.error(`compiling and setting up ${ID} + ${checks} range checks …`);
    const compiled = await compileCircuit(entry.slice(REPO_ROOT.length + 1), resolve(workDir, name), "O2");
    const info = await snarkjs.r1cs.info(compiled.r1cs);
    const zkey = resolve(workDir, `${name}.zkey`);
    // No contribution: the proving key's shape, and so the proving time, is that of any ceremony's output.
    await snarkjs.zKey.newZKey(compiled.r1cs, ptau, zkey);
    variants.push({
      name: `${ID}-padded-${checks}`,
      wasm: readFileSync(compiled.wasm),
      zkey: readFileSync(zkey),
      constraints: info.nConstraints,
    });
  }

  const call = sampleCall(circuit.shape, circuit.inputMode, `${ID}/domain-probe`);
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS + WARM_UP; round++) {
    for (const variant of variants) {
      const witness: { type: "mem"; data?: Uint8Array } = { type: "mem" };
      await snarkjs.wtns.calculate(call.input as Record<string, unknown>, variant.wasm, witness);
      const start = performance.now();
      await snarkjs.groth16.prove(variant.zkey, witness);
      if (round >= WARM_UP) times.get(variant.name)?.push(performance.now() - start);
    }
  }

  const rows: Row[] = [];
  console.log("| case | constraints | domain | proof ms (warm, median) | vs shipped |\n|---|---:|---:|---:|---:|");
  const base = median(times.get(ID) as number[]);
  for (const variant of variants) {
    const ms = median(times.get(variant.name) as number[]);
    const bits = domainBits(variant.constraints, publicSignals);
    rows.push(
      { case: variant.name, metric: "constraints", value: variant.constraints, unit: "r1cs constraints" },
      { case: variant.name, metric: "domain_log2", value: bits, unit: "log2" },
      { case: variant.name, metric: "proof_ms_warm", value: ms, unit: "ms" },
    );
    console.log(
      `| ${variant.name} | ${variant.constraints} | 2^${bits} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)}× |`,
    );
  }
  mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, ".bench/zk-domain.json"), `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`\nmedian of ${ROUNDS} warm proofs each, alternating; wrote .bench/zk-domain.json`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
