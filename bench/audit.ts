/**
 * npm run bench:audit — costs of the fairness audit (docs/audit.md): constraints of the classifier audit at 32, 64
 * and 256 rows; warm proof time where a proving key can be made: 32 rows with the committed dev key
 * (`npm run circuits:audit`), 64 and 256 rows only when a dev ptau of 2^16 / 2^18 is present in
 * circuits/.work/ptau/ (unkeyed zkey, the proving cost of any ceremony's key); and the verifier's gas and
 * AuditRegistry.submitAudit's gas measured by forge on the 32-row proof fixture (Groth16 verification costs the same
 * for every row count: three public signals). Writes .bench/audit.json: [{case, metric, value, unit}].
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import {
  type AuditArtifacts,
  AuditProver,
  CLASSIFIER16_AUDIT32,
  classifierAuditCall,
  compileCircuit,
  devPtauPath,
  REPO_ROOT,
  sampleClassifierAudit,
  terminateProvers,
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

/** Compiles ClassifierFairnessAudit(rows, 16) from a generated entry; returns the r1cs and wasm paths. */
async function compileShape(rows: number): Promise<{ r1cs: string; wasm: string; constraints: number }> {
  const dir = resolve(WORK_DIR, "bench-audit", `${rows}`);
  mkdirSync(dir, { recursive: true });
  const entry = resolve(dir, `classifier16_audit${rows}.circom`);
  writeFileSync(
    entry,
    [
      "pragma circom 2.1.9;",
      // circom resolves includes relative to the entry (circuits/.work/bench-audit/<rows>/)
      'include "../../../lib/fairness_audit.circom";',
      `component main {public [auditSetCommitment, weightsCommitment]} = ClassifierFairnessAudit(${rows}, 16);`,
      "",
    ].join("\n"),
  );
  const compiled = await compileCircuit(entry, dir, "O2");
  const info = await r1csInfo.info(compiled.r1cs);
  return { r1cs: compiled.r1cs, wasm: compiled.wasm, constraints: info.nConstraints };
}

async function proofTimes(artifacts: AuditArtifacts): Promise<{ witnessMs: number; proofMs: number }> {
  const prover = await AuditProver.load(artifacts);
  const call = classifierAuditCall(sampleClassifierAudit(1n, artifacts.rows, artifacts.features), artifacts.rows);
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
    ["test", "--match-path", "test/contracts/unit/audit/AuditRegistry.t.sol", "--match-test", "_gas", "-vv"],
    { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  const gas = new Map<string, number>();
  for (const match of stdout.matchAll(/(audit_\w+): (\d+)/g)) gas.set(match[1] as string, Number(match[2]));
  return gas;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const [count, power] of [
    [32, 15],
    [64, 16],
    [256, 18],
  ] as const) {
    const name = `classifier16-audit${count}`;
    console.error(`${name}: compiling …`);
    const compiled = await compileShape(count);
    rows.push({ case: name, metric: "constraints", value: compiled.constraints, unit: "r1cs constraints" });
    let artifacts: AuditArtifacts | undefined;
    if (count === 32 && existsSync(resolve(REPO_ROOT, CLASSIFIER16_AUDIT32.zkey))) artifacts = CLASSIFIER16_AUDIT32;
    else if (count !== 32 && existsSync(devPtauPath(power))) {
      console.error(`${name}: unkeyed setup over the 2^${power} dev ptau …`);
      const zkey = resolve(WORK_DIR, "bench-audit", `${count}`, "circuit.zkey");
      // no contribution: the key's shape, and so the proving time, is any ceremony output's
      if (!existsSync(zkey)) await zKey.newZKey(compiled.r1cs, devPtauPath(power), zkey);
      const vkey = resolve(WORK_DIR, "bench-audit", `${count}`, "vkey.json");
      writeFileSync(vkey, JSON.stringify(await zKey.exportVerificationKey(zkey)));
      artifacts = { id: name, rows: count, features: 16, wasm: compiled.wasm, zkey, vkey };
    }
    if (artifacts) {
      console.error(`${name}: proving (1 cold, ${WARM_ROUNDS} warm) …`);
      const { witnessMs, proofMs } = await proofTimes(artifacts);
      rows.push(
        { case: name, metric: "witness_ms", value: witnessMs, unit: "ms" },
        { case: name, metric: "proof_ms_warm", value: proofMs, unit: "ms" },
      );
    } else {
      console.error(`${name}: no proving key (see the header of bench/audit.ts); constraints only`);
    }
  }
  console.error("verifier and submitAudit gas (forge, the 32-row fixture) …");
  const gas = await forgeGas();
  const verifierGas = gas.get("audit_verifier_gas");
  const submitGas = gas.get("audit_submit_gas");
  if (verifierGas !== undefined)
    rows.push({ case: "classifier16-audit32", metric: "verifier_gas", value: verifierGas, unit: "gas" });
  if (submitGas !== undefined)
    rows.push({ case: "classifier16-audit32", metric: "submit_audit_gas", value: submitGas, unit: "gas" });

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
