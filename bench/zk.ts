/**
 * npm run bench:zk — proving and verification costs of every circuit build.
 *
 * Each case `<circuit>-<backend>` runs in its own process (so `proof_ms_cold` includes loading the curve, the
 * wasm and the zkey, and `peak_rss_mb` is that process's high-water mark), then forge measures the verifier call
 * on the pipeline's fixture. Prints a markdown table and writes .bench/zk.json: [{case, metric, value, unit}].
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import {
  type Backend,
  CIRCUITS,
  CircuitProver,
  findBackend,
  findCircuit,
  loadManifest,
  REPO_ROOT,
  sampleCall,
  terminateProvers,
} from "@symbiote/circuits";

const run = promisify(execFile);
const RUNS = 7;

type Row = { case: string; metric: string; value: number; unit: string };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function peakRssMb(): number {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Child mode: one case, results as JSON on stdout. */
async function measureCase(id: string, backend: Backend): Promise<Row[]> {
  const manifest = loadManifest();
  const circuit = findCircuit(manifest, id);
  const artifacts = findBackend(circuit, backend);
  const name = `${id}-${backend}`;
  const calls = Array.from({ length: RUNS + 1 }, (_, i) =>
    sampleCall(circuit.shape, circuit.inputMode, `${id}/bench/${i}`),
  );

  const cold0 = performance.now();
  const prover = await CircuitProver.load(id, backend);
  await prover.prove(calls[0] as (typeof calls)[number]);
  const cold = performance.now() - cold0;

  const witness: number[] = [];
  const proof: number[] = [];
  for (const call of calls.slice(1)) {
    const t0 = performance.now();
    prover.computeWitness(call);
    witness.push(performance.now() - t0);
    const result = await prover.prove(call);
    proof.push(result.proofMs);
  }
  await terminateProvers();
  return [
    {
      case: name,
      metric: "constraints",
      value: artifacts.plonkGates ?? artifacts.constraints,
      unit: backend === "plonk" ? "plonk gates" : "r1cs constraints",
    },
    { case: name, metric: "public_signals", value: circuit.publicSignals.length, unit: "count" },
    { case: name, metric: "witness_ms", value: median(witness), unit: "ms" },
    { case: name, metric: "proof_ms_cold", value: cold, unit: "ms" },
    { case: name, metric: "proof_ms_warm", value: median(proof), unit: "ms" },
    { case: name, metric: "peak_rss_mb", value: peakRssMb(), unit: "MB" },
  ];
}

async function verifierGas(): Promise<Map<string, number>> {
  const { stdout } = await run(
    resolve(REPO_ROOT, "node_modules/.bin/forge"),
    ["test", "--match-path", "test/contracts/unit/verifiers/*", "--match-test", "test_verifyProof_reportsGas", "-vv"],
    { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const gas = new Map<string, number>();
  for (const match of stdout.matchAll(/verifier_gas (\S+)\.json: (\d+)/g))
    gas.set(match[1] as string, Number(match[2]));
  return gas;
}

const TARGET_WARM_MS: Record<string, number> = { classifier: 250, mlp: 1000, recommender: 1000 };

async function main(): Promise<void> {
  const [flag, id, backend] = process.argv.slice(2);
  if (flag === "--case") {
    process.stdout.write(`${JSON.stringify(await measureCase(id as string, backend as Backend))}\n`);
    return;
  }
  const manifest = loadManifest();
  const rows: Row[] = [];
  const skipped: string[] = [];
  for (const spec of CIRCUITS) {
    for (const b of spec.backends) {
      const artifacts = findBackend(findCircuit(manifest, spec.id), b);
      if (!existsSync(resolve(REPO_ROOT, artifacts.zkey.path))) {
        skipped.push(`${spec.id}-${b} (zkey not committed; run npm run circuits:build)`);
        continue;
      }
      console.error(`measuring ${spec.id}-${b} …`);
      const { stdout } = await run(
        process.execPath,
        ["--import", "tsx", resolve(REPO_ROOT, "bench/zk.ts"), "--case", spec.id, b],
        {
          cwd: REPO_ROOT,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      rows.push(...(JSON.parse(stdout.trim().split("\n").pop() as string) as Row[]));
    }
  }
  console.error("measuring verifier gas with forge …");
  const gas = await verifierGas();
  for (const [fixture, value] of gas) rows.push({ case: fixture, metric: "verifier_gas", value, unit: "gas" });

  mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, ".bench/zk.json"), `${JSON.stringify(rows, null, 2)}\n`);

  const cases = [...new Set(rows.map((r) => r.case))];
  const get = (c: string, m: string) => rows.find((r) => r.case === c && r.metric === m)?.value;
  const fmt = (v: number | undefined, digits = 0) => (v === undefined ? "–" : v.toFixed(digits));
  console.log(
    "| case | constraints | public signals | witness ms | proof ms (cold) | proof ms (warm, median) | target warm | peak RSS MB | verifier gas | gas target (181,000 + 6,150·n) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const c of cases) {
    const n = get(c, "public_signals");
    const family = c.split(/\d/)[0] as string;
    const gasTarget = n === undefined ? undefined : 181_000 + 6_150 * n;
    const gasValue = get(c, "verifier_gas");
    const deviation =
      gasValue !== undefined && gasTarget !== undefined
        ? ` (${(((gasValue - gasTarget) / gasTarget) * 100).toFixed(1)}%)`
        : "";
    console.log(
      `| ${c} | ${fmt(get(c, "constraints"))} | ${fmt(n)} | ${fmt(get(c, "witness_ms"), 1)} | ${fmt(get(c, "proof_ms_cold"))} | ${fmt(get(c, "proof_ms_warm"))} | ${TARGET_WARM_MS[family] ?? "–"} | ${fmt(get(c, "peak_rss_mb"))} | ${fmt(gasValue)}${deviation} | ${c.endsWith("groth16") ? fmt(gasTarget) : "–"} |`,
    );
  }
  if (skipped.length) console.log(`\nSkipped: ${skipped.join("; ")}`);
  console.log(`\nWarm proofs: median of ${RUNS}. Raw figures: .bench/zk.json`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await terminateProvers();
  process.exit(1);
});
