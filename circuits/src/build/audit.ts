/**
 * npm run circuits:audit [-- --circuit <id>] — builds the fairness-audit circuits (auditCircuits.ts: the classifier's
 * of 32 rows of 16 features, the tree ensemble's of 32 rows of 8 features), or only the one named: compile (--O2,
 * --inspect clean), the DEV Groth16 setup (the shared 2^15 dev Powers of Tau and the public dev beacon, as every dev
 * key: forgeable by anyone), the verification key, the Solidity verifier and a proof fixture for the contract tests.
 * See docs/audit.md.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { zKey } from "snarkjs";
import { AuditProver } from "../audit/prover.ts";
import { formatGroth16Calldata } from "../calldata.ts";
import { terminateProvers } from "../prover.ts";
import { parseR1cs } from "../r1cs.ts";
import { AUDIT_CIRCUITS, type AuditCircuitSpec, findAuditCircuit } from "./auditCircuits.ts";
import { compileCircuit } from "./compile.ts";
import { ensurePtau, PTAU_POWER, WORK_DIR } from "./ptau.ts";
import { exportVerifier, setupCircuit } from "./setup.ts";
import { REPO_ROOT } from "./sourceHash.ts";

/** The shared dev ptau covers 32 rows of either audit (under 2^15 constraints); 64 rows need 2^16. */
const AUDIT_PTAU_POWER = PTAU_POWER;

const log = (msg: string) => console.log(`[circuits:audit] ${msg}`);

function place(from: string, to: string): void {
  mkdirSync(dirname(resolve(REPO_ROOT, to)), { recursive: true });
  copyFileSync(from, resolve(REPO_ROOT, to));
}

async function build(spec: AuditCircuitSpec): Promise<void> {
  const a = spec.artifacts;
  const work = resolve(WORK_DIR, a.id, "groth16");
  rmSync(work, { recursive: true, force: true });
  log(`${a.id}: compiling (--O2 --inspect)`);
  const compiled = await compileCircuit(spec.entry, work, "O2");
  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  if (r1cs.nConstraints + nPublic + 1 > 2 ** AUDIT_PTAU_POWER) {
    throw new Error(`${a.id}: ${r1cs.nConstraints} constraints exceed the 2^${AUDIT_PTAU_POWER} dev ptau`);
  }
  log(`${a.id}: ${r1cs.nConstraints} constraints, ${nPublic} public signals; dev ptau 2^${AUDIT_PTAU_POWER}`);
  const ptau = await ensurePtau(log, AUDIT_PTAU_POWER);
  log(`${a.id}: dev setup (public beacon)`);
  const { zkey } = await setupCircuit("groth16", compiled.r1cs, ptau, work, a.id);
  const vkey = await zKey.exportVerificationKey(zkey);
  mkdirSync(dirname(resolve(REPO_ROOT, a.vkey)), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, a.vkey), `${JSON.stringify(vkey, null, 2)}\n`);
  writeFileSync(
    resolve(REPO_ROOT, `contracts/verifiers/${spec.contract}.sol`),
    await exportVerifier("groth16", zkey, spec.contract, a.id, { inference: false }),
  );
  place(compiled.wasm, a.wasm);
  place(zkey, a.zkey);

  log(`${a.id}: proving the fixture`);
  const sample = spec.sample(spec.seed);
  const prover = await AuditProver.load(a);
  const proof = await prover.prove(sample.call);
  if (!(await prover.verify(proof.proof, proof.publicSignals))) throw new Error(`${a.id}: the fixture does not verify`);
  const calldata = formatGroth16Calldata(proof.proof, proof.publicSignals);
  const fixture = {
    circuit: a.id,
    seed: spec.seed.toString(),
    rows: a.rows,
    counts: sample.counts,
    weightsCommitment: sample.weightsCommitment.toString(),
    auditSetCommitment: sample.call.publicSignals[1].toString(),
    proof: {
      a: calldata.a.map(String),
      b: calldata.b.map((pair) => pair.map(String)),
      c: calldata.c.map(String),
      publicSignals: calldata.publicSignals.map(String),
    },
  };
  mkdirSync(dirname(resolve(REPO_ROOT, spec.fixture)), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, spec.fixture), `${JSON.stringify(fixture, null, 2)}\n`);
  log(`${a.id}: done (proof ${proof.proofMs.toFixed(0)} ms)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { circuit: { type: "string" } }, strict: true });
  const specs = values.circuit === undefined ? AUDIT_CIRCUITS : [findAuditCircuit(values.circuit)];
  for (const spec of specs) await build(spec);
}

main()
  .then(() => terminateProvers())
  .catch(async (error: unknown) => {
    console.error(error);
    await terminateProvers();
    process.exit(1);
  });
