import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Groth16Proof, groth16, type PlonkProof, plonk, type VerificationKey } from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { CIRCUITS } from "../../circuits/src/build/circuits.ts";
import { formatGroth16Calldata, formatPlonkCalldata } from "../../circuits/src/calldata.ts";
import { findBackend, findCircuit, loadManifest, REPO_ROOT, readArtifact } from "../../circuits/src/manifest.ts";
import { CircuitMismatchError, CircuitProver, terminateProvers } from "../../circuits/src/prover.ts";
import { sampleCall } from "../../circuits/src/sampleCalls.ts";

afterAll(async () => {
  await terminateProvers();
});

const manifest = loadManifest();
const builds = CIRCUITS.flatMap((c) => c.backends.map((backend) => ({ id: c.id, backend })));

describe.each(builds)("$id [$backend] pipeline fixture", ({ id, backend }) => {
  it("verifies with snarkjs against the committed verification key, and not with a changed signal", async () => {
    const artifacts = findBackend(findCircuit(manifest, id), backend);
    const vkey = JSON.parse(new TextDecoder().decode(readArtifact(artifacts.vkey))) as VerificationKey;
    const fixture = JSON.parse(readFileSync(resolve(REPO_ROOT, artifacts.fixture.path), "utf8")) as {
      proof: unknown;
      publicSignals: string[];
    };
    const verify = (signals: string[]) =>
      backend === "groth16"
        ? groth16.verify(vkey, signals, fixture.proof as Groth16Proof)
        : plonk.verify(vkey, signals, fixture.proof as PlonkProof);
    expect(await verify(fixture.publicSignals)).toBe(true);
    const changed = [...fixture.publicSignals];
    changed[0] = (BigInt(changed[0] as string) + 1n).toString();
    expect(await verify(changed)).toBe(false);
  });
});

describe.each(builds.filter((b) => findBackend(findCircuit(manifest, b.id), b.backend).zkey.committed))(
  "$id [$backend] prover",
  ({ id, backend }) => {
    it("proves a fresh request, verifies it, formats calldata, and refuses a call the circuit disagrees with", async () => {
      const prover = await CircuitProver.load(id, backend);
      const circuit = findCircuit(manifest, id);
      const call = sampleCall(circuit.shape, circuit.inputMode, `${id}/prover-test`);
      const result = await prover.prove(call);
      expect(result.publicSignals).toEqual(call.publicSignals);
      expect(await prover.verify(result, result.publicSignals)).toBe(true);
      const wrong = [...result.publicSignals];
      wrong[wrong.length - 1] = (wrong[wrong.length - 1] as bigint) ^ 1n;
      expect(await prover.verify(result, wrong)).toBe(false);

      if (result.backend === "groth16") {
        const calldata = formatGroth16Calldata(result.proof, result.publicSignals);
        expect(calldata.b[0][0]).toBe(BigInt(result.proof.pi_b[0]?.[1] as string));
        expect(calldata.publicSignals).toEqual(call.publicSignals);
      } else {
        expect(formatPlonkCalldata(result.proof, result.publicSignals).proof).toHaveLength(24);
      }

      const lying = { ...call, publicSignals: call.publicSignals.map((s, i) => (i === 0 ? s + 1n : s)) };
      await expect(prover.prove(lying)).rejects.toThrow(CircuitMismatchError);
    });
  },
);
