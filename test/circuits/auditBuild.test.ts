import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { groth16, type VerificationKey } from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { AuditProver } from "../../circuits/src/audit/prover.ts";
import { AUDIT_CIRCUITS } from "../../circuits/src/build/auditCircuits.ts";
import { renderVerifier } from "../../circuits/src/build/setup.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";

/**
 * The committed builds of the audit circuits (npm run circuits:audit): each verifier is what the templates render
 * from its key, and each proof fixture verifies and proves the reference counts of its seeded sample audit; the tree
 * audit's committed key proves a fresh audit through AuditProver, the path a tool takes.
 */

type Fixture = {
  seed: string;
  rows: number;
  counts: unknown;
  weightsCommitment: string;
  auditSetCommitment: string;
  proof: { a: string[]; b: string[][]; c: string[]; publicSignals: string[] };
};

afterAll(async () => {
  await terminateProvers();
});

for (const spec of AUDIT_CIRCUITS) {
  const a = spec.artifacts;
  describe(`${a.id} build`, () => {
    const vkey = JSON.parse(readFileSync(resolve(REPO_ROOT, a.vkey), "utf8")) as VerificationKey;
    const fixture = JSON.parse(readFileSync(resolve(REPO_ROOT, spec.fixture), "utf8")) as Fixture;

    it("commits the verifier its key renders", () => {
      const expected = renderVerifier("groth16", vkey, spec.contract, a.id, { inference: false });
      expect(readFileSync(resolve(REPO_ROOT, `contracts/verifiers/${spec.contract}.sol`), "utf8")).toBe(expected);
      expect(vkey.nPublic).toBe(3);
    });

    it("holds a fixture that verifies and proves the sample audit's reference counts", async () => {
      const sample = spec.sample(BigInt(fixture.seed));
      expect(fixture.rows).toBe(a.rows);
      expect(fixture.proof.publicSignals).toEqual(sample.call.publicSignals.map(String));
      expect(fixture.counts).toEqual(sample.counts);
      expect(fixture.weightsCommitment).toBe(sample.weightsCommitment.toString());
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
}

describe("trees4x3x8-audit32 proving", () => {
  it("proves and verifies a fresh audit of another ensemble and set with the committed key", async () => {
    const spec = AUDIT_CIRCUITS.find((s) => s.artifacts.id === "trees4x3x8-audit32");
    if (!spec) throw new Error("no trees4x3x8-audit32 build");
    const sample = spec.sample(spec.seed + 1n);
    const prover = await AuditProver.load(spec.artifacts);
    const proof = await prover.prove(sample.call);
    expect(proof.publicSignals).toEqual(sample.call.publicSignals);
    expect(await prover.verify(proof.proof, proof.publicSignals)).toBe(true);
    // the same proof does not speak for another version of the ensemble
    const otherVersion = [...proof.publicSignals];
    otherVersion[2] = (otherVersion[2] as bigint) + 1n;
    expect(await prover.verify(proof.proof, otherVersion)).toBe(false);
  }, 60_000);
});
