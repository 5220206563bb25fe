import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { computeBinding, decodePublicSignals } from "@symbiote/sdk";
import { formatGroth16Calldata, formatPlonkCalldata } from "../calldata.ts";
import type { ManifestCircuit } from "../manifest.ts";
import type { CircuitProver } from "../prover.ts";
import { SAMPLE_REQUEST, sampleCall } from "../sampleCalls.ts";
import { REPO_ROOT } from "./sourceHash.ts";

export function fixturePath(id: string, backend: string): string {
  return `test/fixtures/zk/${id}-${backend}.json`;
}

const str = (v: bigint) => v.toString();

/**
 * Proves the circuit's sample call and writes the proof fixture that forge tests and the coordinator's tests
 * read: the proof, its public signals (named from the manifest layout), verifier calldata and the binding's
 * preimage. Numbers are decimal strings.
 */
export async function writeFixture(circuit: ManifestCircuit, prover: CircuitProver, contract: string): Promise<string> {
  const call = sampleCall(circuit.shape, circuit.inputMode, `${circuit.id}/fixture`);
  const result = await prover.prove(call);
  if (!(await prover.verify(result, result.publicSignals)))
    throw new Error(`fixture proof of ${circuit.id} does not verify`);
  const calldata =
    result.backend === "groth16"
      ? (() => {
          const c = formatGroth16Calldata(result.proof, result.publicSignals);
          return { a: c.a.map(str), b: c.b.map((row) => row.map(str)), c: c.c.map(str) };
        })()
      : { proof: formatPlonkCalldata(result.proof, result.publicSignals).proof.map(str) };
  const decoded = decodePublicSignals(circuit.publicSignals, result.publicSignals);
  const fixture = {
    circuit: circuit.id,
    backend: result.backend,
    verifier: contract,
    request: {
      chainId: str(SAMPLE_REQUEST.chainId),
      coordinator: SAMPLE_REQUEST.coordinator,
      requestId: str(SAMPLE_REQUEST.requestId),
      operator: SAMPLE_REQUEST.operator,
      binding: str(computeBinding(SAMPLE_REQUEST)),
    },
    publicSignalNames: circuit.publicSignals.map((s) => s.signal),
    publicSignals: result.publicSignals.map(str),
    // every named value of the public signals, decoded through the manifest layout (raw fixed point)
    decodedNames: Object.keys(decoded),
    decoded: Object.values(decoded).map(str),
    calldata,
    proof: result.proof,
  };
  const path = fixturePath(circuit.id, result.backend);
  mkdirSync(dirname(resolve(REPO_ROOT, path)), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, path), `${JSON.stringify(fixture, null, 2)}\n`);
  return path;
}
