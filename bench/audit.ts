/**
 * npm run bench:audit [-- --ptau-dir <dir>] [--model classifier|trees] — costs of the fairness audits (docs/audit.md)
 * of the classifier over 16 features and of a tree ensemble (4 trees of depth 3 over 8 features, one score column):
 * constraints at 32, 64, 256 and 1,024 rows; warm proof time where a proving key can be made: 32 rows with the
 * committed dev key (`npm run circuits:audit`), the larger sets only when the dev ptau of their domain is in
 * circuits/.work/ptau/ or --ptau-dir (the files `ensurePtau` writes; an unkeyed zkey built into the git-ignored
 * circuits/.work/bench-audit/ cache, the proving cost of any ceremony's key); and the verifiers' gas and
 * AuditRegistry.submitAudit's gas measured by forge on the 32-row proof fixtures (Groth16 verification costs the same
 * for every row count: three public signals). --model runs one model's cases only. Writes .bench/audit.json:
 * [{case, metric, value, unit}].
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import {
  type AuditArtifacts,
  type AuditCircuitCall,
  AuditProver,
  CLASSIFIER16_AUDIT32,
  classifierAuditCall,
  compileCircuit,
  devPtauPath,
  REPO_ROOT,
  sampleClassifierAudit,
  sampleTreeAudit,
  TREES4X3X8_AUDIT32,
  terminateProvers,
  treeAuditCall,
  WORK_DIR,
} from "@symbiote/circuits";
import { r1cs as r1csInfo, zKey } from "snarkjs";

const run = promisify(execFile);
const WARM_ROUNDS = 3;
/** Targets of issue #19 for the 256-row classifier audit. */
const TARGET_PROOF_MS_256 = 5_000;
const TARGET_GAS = 300_000;

type Row = { case: string; metric: string; value: number; unit: string };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** An audited model shape: its audit template, its 32-row committed build, and a sample audit at any row count. */
type AuditModel = {
  name: string;
  /** The template call of an audit of `rows` rows. */
  template: (rows: number) => string;
  committed: AuditArtifacts;
  sample: (rows: number) => AuditCircuitCall;
  /** The smallest dev ptau power of each row count (measured: the constraints plus the public inputs fit it). */
  powers: readonly (readonly [number, number])[];
};

const TREE_SHAPE = TREES4X3X8_AUDIT32.ensemble;

const MODELS: Record<"classifier" | "trees", AuditModel> = {
  classifier: {
    name: "classifier16",
    template: (rows) => `ClassifierFairnessAudit(${rows}, 16)`,
    committed: CLASSIFIER16_AUDIT32,
    sample: (rows) => classifierAuditCall(sampleClassifierAudit(1n, rows, 16), rows),
    powers: [
      [32, 15],
      [64, 16],
      [256, 18],
      [1024, 20],
    ],
  },
  trees: {
    name: "trees4x3x8",
    template: (rows) =>
      `TreeEnsembleFairnessAudit(${rows}, ${TREE_SHAPE.trees}, ${TREE_SHAPE.depth}, ${TREE_SHAPE.features}, ${TREE_SHAPE.columns})`,
    committed: TREES4X3X8_AUDIT32,
    sample: (rows) => treeAuditCall(sampleTreeAudit(1n, { rows, ...TREE_SHAPE }), { rows, ...TREE_SHAPE }),
    powers: [
      [32, 15],
      [64, 16],
      [256, 18],
      [1024, 20],
    ],
  },
};

/** Compiles an audit of `rows` rows from a generated entry; returns the r1cs and wasm paths. */
async function compileShape(
  model: AuditModel,
  rows: number,
): Promise<{ r1cs: string; wasm: string; constraints: number }> {
  const dir = resolve(WORK_DIR, "bench-audit", `${model.name}-${rows}`);
  mkdirSync(dir, { recursive: true });
  const entry = resolve(dir, `${model.name}_audit${rows}.circom`);
  writeFileSync(
    entry,
    [
      "pragma circom 2.1.9;",
      // circom resolves includes relative to the entry (circuits/.work/bench-audit/<case>/)
      'include "../../../lib/fairness_audit.circom";',
      'include "../../../lib/tree_fairness_audit.circom";',
      `component main {public [auditSetCommitment, weightsCommitment]} = ${model.template(rows)};`,
      "",
    ].join("\n"),
  );
  const compiled = await compileCircuit(entry, dir, "O2");
  const info = await r1csInfo.info(compiled.r1cs);
  return { r1cs: compiled.r1cs, wasm: compiled.wasm, constraints: info.nConstraints };
}

async function proofTimes(
  artifacts: AuditArtifacts,
  call: AuditCircuitCall,
): Promise<{ witnessMs: number; proofMs: number }> {
  const prover = await AuditProver.load(artifacts);
  await prover.prove(call); // cold: curve, wasm and key loaded
  const witness: number[] = [];
  const proof: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    const result = await prover.prove(call);
    witness.push(result.witnessMs);
    proof.push(result.proofMs);
  }
  return { witnessMs: median(witness), proofMs: median(proof) };
}

async function forgeGas(): Promise<Map<string, number>> {
  const { stdout } = await run(
    resolve(REPO_ROOT, "node_modules/.bin/forge"),
    ["test", "--match-path", "test/contracts/unit/audit/AuditRegistry*.t.sol", "--match-test", "_gas", "-vv"],
    { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const gas = new Map<string, number>();
  for (const match of stdout.matchAll(/(\w*audit_\w+_gas): (\d+)/g)) gas.set(match[1] as string, Number(match[2]));
  return gas;
}

/** The dev ptau of `power`: the project's work folder first, then --ptau-dir. */
function ptauOf(power: number, extraDir: string | undefined): string | undefined {
  const candidates = [devPtauPath(power), ...(extraDir ? [devPtauPath(power, resolve(extraDir))] : [])];
  return candidates.find((path) => existsSync(path));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "ptau-dir": { type: "string" }, model: { type: "string" } },
    strict: true,
  });
  const chosen = values.model;
  if (chosen !== undefined && chosen !== "classifier" && chosen !== "trees") {
    throw new Error(`--model ${chosen}: choose classifier or trees (or leave it out for both).`);
  }
  const rows: Row[] = [];
  for (const model of chosen ? [MODELS[chosen]] : Object.values(MODELS)) {
    for (const [count, power] of model.powers) {
      const name = `${model.name}-audit${count}`;
      console.error(`${name}: compiling …`);
      const compiled = await compileShape(model, count);
      rows.push(
        { case: name, metric: "constraints", value: compiled.constraints, unit: "r1cs constraints" },
        // Groth16's evaluation domain holds the constraints plus one row per public input and the constant
        { case: name, metric: "domain_log2", value: Math.ceil(Math.log2(compiled.constraints + 4)), unit: "log2 size" },
      );
      let artifacts: AuditArtifacts | undefined;
      if (count === model.committed.rows && existsSync(resolve(REPO_ROOT, model.committed.zkey)))
        artifacts = model.committed;
      const ptau = count === model.committed.rows ? undefined : ptauOf(power, values["ptau-dir"]);
      if (!artifacts && ptau) {
        console.error(`${name}: unkeyed setup over ${ptau} …`);
        const dir = resolve(WORK_DIR, "bench-audit", `${model.name}-${count}`);
        // cached per r1cs and written under a temporary name first: a stopped run or another circuit's compile never
        // leaves a key the next run would take for this circuit's
        const r1csHash = createHash("sha256").update(readFileSync(compiled.r1cs)).digest("hex").slice(0, 16);
        const zkey = resolve(dir, `circuit-${r1csHash}.zkey`);
        if (!existsSync(zkey)) {
          // no contribution: the key's shape, and so the proving time, is any ceremony output's
          await zKey.newZKey(compiled.r1cs, ptau, `${zkey}.partial`);
          renameSync(`${zkey}.partial`, zkey);
        }
        const vkey = resolve(dir, "vkey.json");
        writeFileSync(vkey, JSON.stringify(await zKey.exportVerificationKey(zkey)));
        artifacts = { id: name, rows: count, features: model.committed.features, wasm: compiled.wasm, zkey, vkey };
      }
      if (artifacts) {
        console.error(`${name}: proving (1 cold, ${WARM_ROUNDS} warm) …`);
        const { witnessMs, proofMs } = await proofTimes(artifacts, model.sample(count));
        rows.push(
          { case: name, metric: "witness_ms", value: witnessMs, unit: "ms" },
          { case: name, metric: "proof_ms_warm", value: proofMs, unit: "ms" },
        );
      } else {
        console.error(`${name}: no dev ptau of 2^${power} (see the header of bench/audit.ts); constraints only`);
      }
    }
  }
  console.error("verifier and submitAudit gas (forge, the 32-row fixtures) …");
  const gas = await forgeGas();
  for (const [key, model, metric] of [
    ["audit_verifier_gas", "classifier", "verifier_gas"],
    ["audit_submit_gas", "classifier", "submit_audit_gas"],
    ["tree_audit_verifier_gas", "trees", "verifier_gas"],
    ["tree_audit_submit_gas", "trees", "submit_audit_gas"],
  ] as const) {
    const value = gas.get(key);
    if (value !== undefined && (chosen === undefined || chosen === model))
      rows.push({ case: `${MODELS[model].name}-audit32`, metric, value, unit: "gas" });
  }

  console.log("| case | metric | value | unit |\n|---|---|---:|---|");
  for (const r of rows) console.log(`| ${r.case} | ${r.metric} | ${Math.round(r.value)} | ${r.unit} |`);
  console.log(`targets: 256-row warm proof <= ${TARGET_PROOF_MS_256} ms, verification <= ${TARGET_GAS} gas`);
  mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, ".bench/audit.json"), `${JSON.stringify(rows, null, 2)}\n`);
}

main()
  .then(() => terminateProvers())
  .catch(async (error: unknown) => {
    console.error(error);
    await terminateProvers();
    process.exit(1);
  });
