/**
 * npm run circuits:audit — builds the fairness-audit circuit of the classifier (32 rows of 16 features): compile
 * (--O2, --inspect clean), the DEV Groth16 setup (the shared 2^15 dev Powers of Tau and the public dev beacon, as
 * every dev key: forgeable by anyone), the verification key, the Solidity verifier and a proof fixture for the
 * contract tests. Audit circuits are not inference circuits (no model family, no request binding), so they have
 * their own entry folder (circuits/audits/) and build, outside the manifest. See docs/audit.md.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { zKey } from "snarkjs";
import { classifierAuditCall } from "../audit/circuitInput.ts";
import { classifierAuditCounts } from "../audit/counts.ts";
import { AuditProver, CLASSIFIER16_AUDIT32 } from "../audit/prover.ts";
import { sampleClassifierAudit } from "../audit/sample.ts";
import { formatGroth16Calldata } from "../calldata.ts";
import { terminateProvers } from "../prover.ts";
import { parseR1cs } from "../r1cs.ts";
import { compileCircuit } from "./compile.ts";
import { ensurePtau, PTAU_POWER, WORK_DIR } from "./ptau.ts";
import { exportVerifier, setupCircuit } from "./setup.ts";
import { REPO_ROOT } from "./sourceHash.ts";

/** The shared dev ptau covers 32 rows (about 20k constraints); 64 rows need 2^16, 256 rows 2^18. */
const AUDIT_PTAU_POWER = PTAU_POWER;
const ENTRY = "circuits/audits/classifier16_audit32.circom";
const CONTRACT = "Classifier16Audit32Verifier";
const AUDIT_FIXTURE = "test/fixtures/audit/classifier16-audit32-groth16.json";
/** The fixture's audit: seeded, so a rebuild proves the same statement. */
const AUDIT_FIXTURE_SEED = 19n;

const log = (msg: string) => console.log(`[circuits:audit] ${msg}`);

function place(from: string, to: string): void {
  mkdirSync(dirname(resolve(REPO_ROOT, to)), { recursive: true });
  copyFileSync(from, resolve(REPO_ROOT, to));
}

async function main(): Promise<void> {
  const a = CLASSIFIER16_AUDIT32;
  const work = resolve(WORK_DIR, a.id, "groth16");
  rmSync(work, { recursive: true, force: true });
  log(`${a.id}: compiling (--O2 --inspect)`);
  const compiled = await compileCircuit(ENTRY, work, "O2");
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
    resolve(REPO_ROOT, `contracts/verifiers/${CONTRACT}.sol`),
    await exportVerifier("groth16", zkey, CONTRACT, a.id),
  );
  place(compiled.wasm, a.wasm);
  place(zkey, a.zkey);

  log(`${a.id}: proving the fixture`);
  const audit = sampleClassifierAudit(AUDIT_FIXTURE_SEED, a.rows, a.features);
  const call = classifierAuditCall(audit, a.rows);
  const prover = await AuditProver.load(a);
  const proof = await prover.prove(call);
  if (!(await prover.verify(proof.proof, proof.publicSignals))) throw new Error(`${a.id}: the fixture does not verify`);
  const calldata = formatGroth16Calldata(proof.proof, proof.publicSignals);
  const fixture = {
    circuit: a.id,
    seed: AUDIT_FIXTURE_SEED.toString(),
    rows: a.rows,
    counts: classifierAuditCounts(audit.model, audit.rows),
    weightsCommitment: audit.weightsCommitment.toString(),
    auditSetCommitment: call.publicSignals[1].toString(),
    proof: {
      a: calldata.a.map(String),
      b: calldata.b.map((pair) => pair.map(String)),
      c: calldata.c.map(String),
      publicSignals: calldata.publicSignals.map(String),
    },
  };
  mkdirSync(dirname(resolve(REPO_ROOT, AUDIT_FIXTURE)), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, AUDIT_FIXTURE), `${JSON.stringify(fixture, null, 2)}\n`);
  log(`${a.id}: done (proof ${proof.proofMs.toFixed(0)} ms)`);
}

main()
  .then(() => terminateProvers())
  .catch(async (error: unknown) => {
    console.error(error);
    await terminateProvers();
    process.exit(1);
  });
