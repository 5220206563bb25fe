import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_CIRCUITS } from "../../circuits/src/build/auditCircuits.ts";
import { replaceVerifyProof } from "../../circuits/src/build/groth16SingleVerifier.ts";
import { inferenceVerifierOptions, renderVerifier, type VerificationKey } from "../../circuits/src/build/setup.ts";
import { manifestVerifier } from "../../circuits/src/ceremony/ceremonyKeys.ts";
import { type Backend, findBackend, findCircuit, loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";

const manifest = loadManifest();
const backends = manifest.circuits.flatMap((circuit) => circuit.backends.map((b) => ({ circuit, b })));

describe("generated verifiers", () => {
  it.each(backends.map(({ circuit, b }) => [b.verifier.path, circuit, b] as const))(
    "%s is what the current templates render from its committed key",
    (_, circuit, b) => {
      const vkey = JSON.parse(readFileSync(resolve(REPO_ROOT, b.vkey.path), "utf8")) as VerificationKey;
      const expected = manifestVerifier(manifest, circuit, b, vkey, REPO_ROOT);
      expect(
        readFileSync(resolve(REPO_ROOT, b.verifier.path), "utf8") === expected,
        `${b.verifier.path} is stale: run npm run circuits:verifiers and commit contracts/verifiers and circuits/manifest.json`,
      ).toBe(true);
      expect(expected).toContain("function verifyProofs(uint256[] calldata proofs, uint256[] calldata pubSignals)");
    },
  );

  it("renders the Groth16 single check without snarkjs's per-signal helpers or memory constants", () => {
    const groth16 = backends.filter(({ b }) => b.backend === "groth16");
    expect(groth16.length).toBeGreaterThan(0);
    for (const { b } of groth16) {
      const source = readFileSync(resolve(REPO_ROOT, b.verifier.path), "utf8");
      expect(source.match(/function verifyProof\(/g)).toHaveLength(1);
      expect(source).not.toMatch(/g1_mulAccC|checkPairing|pLastMem/);
      expect(source).toContain("staticcall(gas(), 8, p, 768, p, 0x20)");
    }
  });

  it("gives the weights-base entry points to the inference Groth16 verifiers only", () => {
    const entryPoints = /function (weightsBase|verifyProofFromBase)\(/g;
    for (const { b } of backends) {
      const source = readFileSync(resolve(REPO_ROOT, b.verifier.path), "utf8");
      const expected = b.backend === "groth16" ? ["function weightsBase(", "function verifyProofFromBase("] : [];
      expect(source.match(entryPoints) ?? [], b.verifier.path).toEqual(expected);
    }
    expect(AUDIT_CIRCUITS.length).toBeGreaterThan(0);
    for (const spec of AUDIT_CIRCUITS) {
      const source = readFileSync(resolve(REPO_ROOT, `contracts/verifiers/${spec.contract}.sol`), "utf8");
      expect(source, spec.contract).not.toMatch(entryPoints);
    }
  });

  it("takes the weights commitment out of an inference layout only", () => {
    const layout = (...names: string[]) => names.map((signal) => ({ signal }));
    expect(inferenceVerifierOptions("x", layout("out", "weightsCommitment", "binding"))).toEqual({ inference: true });
    expect(() => inferenceVerifierOptions("x", layout("weightsCommitment", "out", "binding"))).toThrow(/end with/);
    expect(() => inferenceVerifierOptions("x", layout("binding"))).toThrow(/end with/);
  });

  it("refuses to rewrite a source without a verifyProof", () => {
    expect(() => replaceVerifyProof("contract X {\n}\n", "")).toThrow(/no verifyProof to replace/);
  });

  it("refuses a key of the other proof system", () => {
    const found = backends.find(({ b }) => b.backend === "groth16");
    if (!found) throw new Error("no Groth16 circuit in the manifest");
    const { circuit, b } = found;
    const vkey = JSON.parse(readFileSync(resolve(REPO_ROOT, b.vkey.path), "utf8")) as VerificationKey;
    expect(() => renderVerifier("plonk", vkey, "X", circuit.id, { inference: true })).toThrow(
      /cannot make a plonk verifier/,
    );
  });
});

describe("batch proof fixtures", () => {
  const folder = resolve(REPO_ROOT, "test/fixtures/batch");
  const files = readdirSync(folder).filter((file) => file.endsWith(".json"));

  it("hold 32 classifier16-committed proofs and some for every verifier", () => {
    const names = files.map((f) => f.replace(/\.json$/, ""));
    expect(names.sort()).toEqual(backends.map(({ circuit, b }) => `${circuit.id}-${b.backend}`).sort());
    const big = JSON.parse(readFileSync(resolve(folder, "classifier16-committed-groth16.json"), "utf8")) as {
      count: number;
    };
    expect(big.count).toBe(32);
  });

  it.each(files)("%s was proven with the current verification key", (file) => {
    const fixture = JSON.parse(readFileSync(resolve(folder, file), "utf8")) as {
      circuit: string;
      backend: Backend;
      vkeySha256: string;
    };
    expect(fixture.vkeySha256, `${file} is stale: run npm run fixtures:batch and commit test/fixtures/batch`).toBe(
      findBackend(findCircuit(manifest, fixture.circuit), fixture.backend).vkey.sha256,
    );
  });
});
