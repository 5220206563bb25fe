/**
 * npm run bench:served-trees | bench:served-dense -- <compile folder> [--warm 5] — what an operator node pays to serve
 * one compiled tree ensemble or dense network: the folder `npm run model -- compile --out` wrote (with its dev setup).
 * The model is read as the node reads it (parseServedModel: the layout or the layers re-committed against model.json's
 * commitment), every request's witness is
 * built by the prover process's own builder (servedCircuitCall) and proven with the folder's Groth16 key, one cold
 * proof then `--warm` warm ones. Each warm proof alternates with one of the built-in classifier16-public circuit, the
 * yardstick measured in the same run, so the ratio holds on a loaded machine where absolute times do not.
 *
 * Rows (.bench/served-trees.json or .bench/served-dense.json, {case, metric, value, unit}; case = the circuit id, and
 * classifier16-public):
 * constraints, commit_ms (parse and commit model.json, what the node's store does on its first read of the file),
 * witness_ms and proof_ms (medians of the warm runs), proof_ratio (proof_ms / classifier16-public's proof_ms).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import {
  CircuitProver,
  classifierCircuitCall,
  parseServedModel,
  REPO_ROOT,
  randomClassifier,
  SeededRandom,
  type ServedModel,
  terminateProvers,
} from "@symbiote/circuits";
import { servedCircuitCall } from "@symbiote/oracle";
import { FRAC_BITS, type ManifestCircuit } from "@symbiote/sdk";

type Row = { case: string; metric: string; value: number; unit: string };
type Family = "trees" | "dense";

const REFERENCE = "classifier16-public";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The family comes first, from the npm script (`bench:served-trees` or `bench:served-dense`). */
function parseArgs(argv: readonly string[]): { family: Family; folder: string; warm: number } {
  const [family, ...rest] = argv;
  const warmAt = rest.indexOf("--warm");
  const warm = warmAt >= 0 ? Number(rest[warmAt + 1]) : 5;
  const folder = rest.find((a, i) => !a.startsWith("--") && rest[i - 1] !== "--warm");
  if ((family !== "trees" && family !== "dense") || !folder || !Number.isInteger(warm) || warm < 1) {
    process.stderr.write(
      "usage: npm run bench:served-trees | bench:served-dense -- <compile folder> [--warm <n ≥ 1>]\n",
    );
    process.exit(2);
  }
  return { family, folder: resolve(folder), warm };
}

/** Random raw features for one request: within ±4 (standardised inputs), at the model's feature scale. */
function featuresFor(served: ServedModel, rng: SeededRandom): bigint[] {
  if (served.family === "trees") {
    const { features } = served.model.layout.shape;
    return Array.from({ length: features }, () => rng.signed(4n << BigInt(served.model.scales.featureFracBits)));
  }
  if (served.family === "dense") {
    return Array.from({ length: served.model.inputs }, () => rng.signed(4n << BigInt(FRAC_BITS)));
  }
  throw new Error(`a ${served.family} model is served by the built-in circuits: bench:zk measures them`);
}

async function main(): Promise<void> {
  const { family, folder, warm } = parseArgs(process.argv.slice(2));
  const suite = `served-${family}`;
  const entry = JSON.parse(readFileSync(join(folder, "manifest-entry.json"), "utf8")) as ManifestCircuit;
  if ((entry.shape as { family: string }).family !== family) {
    throw new Error(`${folder} holds circuit ${entry.id}, not a ${family} circuit: compile a ${family} model into it`);
  }
  const json = JSON.parse(readFileSync(join(folder, "model.json"), "utf8"));
  const t0 = performance.now();
  const served = parseServedModel(json, BigInt(json.weightsCommitment), join(folder, "model.json"));
  const commitMs = performance.now() - t0;
  if (served.family !== family) throw new Error(`${folder}/model.json is not a ${family} model`);

  // manifest-entry.json names its artifacts relative to the repository, as the compile wrote them
  const compiled = await CircuitProver.load(entry.id, "groth16", { manifest: { circuits: [entry] } as never });
  const reference = await CircuitProver.load(REFERENCE, "groth16");
  const rng = new SeededRandom(20261204n);
  const classifier = randomClassifier(rng, 16);
  const circuit = { inputMode: entry.inputMode, shape: entry.shape };

  const runs: { witness: number; proof: number; reference: number }[] = [];
  for (let i = 0; i <= warm; i++) {
    const x = featuresFor(served, rng);
    const call = servedCircuitCall(served, circuit, x, { binding: BigInt(i + 1), inputSalt: BigInt(i + 7) });
    const proven = await compiled.prove(call);
    if (!(await compiled.verify(proven, proven.publicSignals))) throw new Error(`${entry.id}: a proof does not verify`);
    const base = await reference.prove(
      classifierCircuitCall("public", classifier, rng.vector(16), { binding: 1n, weightsSalt: 5n }),
    );
    const label = i === 0 ? "cold" : `warm ${i}`;
    process.stderr.write(
      `[bench:${suite}] ${label}: ${entry.id} ${proven.proofMs.toFixed(0)} ms, ${REFERENCE} ${base.proofMs.toFixed(0)} ms\n`,
    );
    if (i > 0) runs.push({ witness: proven.witnessMs, proof: proven.proofMs, reference: base.proofMs });
  }
  await terminateProvers();

  const proofMs = median(runs.map((r) => r.proof));
  const referenceMs = median(runs.map((r) => r.reference));
  const constraints = entry.backends.find((b) => b.backend === "groth16")?.constraints ?? 0;
  const rows: Row[] = [
    { case: entry.id, metric: "constraints", value: constraints, unit: "constraints" },
    { case: entry.id, metric: "commit_ms", value: commitMs, unit: "ms" },
    { case: entry.id, metric: "witness_ms", value: median(runs.map((r) => r.witness)), unit: "ms" },
    { case: entry.id, metric: "proof_ms", value: proofMs, unit: "ms" },
    { case: entry.id, metric: "proof_ratio", value: proofMs / referenceMs, unit: `x ${REFERENCE}` },
    { case: REFERENCE, metric: "proof_ms", value: referenceMs, unit: "ms" },
  ];
  const out = resolve(REPO_ROOT, ".bench");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`);
  const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString("en") : v.toFixed(2));
  console.log(
    `\nmedian of ${warm} warm proofs; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  console.log("| case | metric | value | unit |\n| --- | --- | ---: | --- |");
  for (const r of rows) console.log(`| ${r.case} | ${r.metric} | ${fmt(r.value)} | ${r.unit} |`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
