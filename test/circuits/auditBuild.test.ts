import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { groth16, type VerificationKey } from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { classifierAuditCall } from "../../circuits/src/audit/circuitInput.ts";
import { classifierAuditCounts } from "../../circuits/src/audit/counts.ts";
import { CLASSIFIER16_AUDIT32 } from "../../circuits/src/audit/prover.ts";
import { sampleClassifierAudit } from "../../circuits/src/audit/sample.ts";
import { renderVerifier } from "../../circuits/src/build/setup.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";

/**
 * The committed build of the 32-row classifier audit (npm run circuits:audit): its verifier is what the templates
 * render from its key, and its proof fixture verifies and proves the reference counts of the seeded sample audit.
 */

const a = CLASSIFIER16_AUDIT32;
const vkey = JSON.parse(readFileSync(resolve(REPO_ROOT, a.vkey), "utf8")) as VerificationKey;
type Fixture = {
  seed: string;
  rows: number;
  counts: unknown;
  weightsCommitment: string;
  auditSetCommitment: string;
  proof: { a: string[]; b: string[][]; c: string[]; publicSignals: string[] };
};
const fixture = JSON.parse(
  readFileSync(resolve(REPO_ROOT, "test/fixtures/audit/classifier16-audit32-groth16.json"), "utf8"),
) as Fixture;

afterAll(async () => {
  await terminateProvers();
});

describe("classifier16-audit32 build", () => {
  it("commits the verifier its key renders", () => {
    const expected = renderVerifier("groth16", vkey, "Classifier16Audit32Verifier", a.id);
    expect(readFileSync(resolve(REPO_ROOT, "contracts/verifiers/Classifier16Audit32Verifier.sol"), "utf8")).toBe(
      expected,
    );
    expect(vkey.nPublic).toBe(3);
  });

  it("holds a fixture that verifies and proves the sample audit's reference counts", async () => {
    const audit = sampleClassifierAudit(BigInt(fixture.seed), a.rows, a.features);
    const call = classifierAuditCall(audit, a.rows);
    expect(fixture.proof.publicSignals).toEqual(call.publicSignals.map(String));
    expect(fixture.counts).toEqual(classifierAuditCounts(audit.model, audit.rows));
    // the fixture holds the calldata form (G2 coordinates swapped for the precompile): swap back for snarkjs
    const proof = {
      pi_a: [...fixture.proof.a, "1"],
      pi_b: [...fixture.proof.b.map(([x, y]) => [y as string, x as string]), ["1", "0"]],
      pi_c: [...fixture.proof.c, "1"],
      protocol: "groth16" as const,
      curve: "bn128",
    };
    expect(await groth16.verify(vkey, fixture.proof.publicSignals, proof)).toBe(true);
    const forged = [...fixture.proof.publicSignals];
    forged[0] = (BigInt(forged[0] as string) + 1n).toString();
    expect(await groth16.verify(vkey, forged, proof)).toBe(false);
  }, 60_000);
});
