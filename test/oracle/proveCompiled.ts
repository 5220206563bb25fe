/**
 * Has an operator node prove a committed-input request on the output of `npm run model -- compile`, as it would on
 * chain: `models add` stores the compile folder against a registry that registered its circuit and published its
 * version, the data store opens the request's private features, and a prover process (ProverPool: servedCircuitCall
 * and the real Groth16 prover) proves it. The proof comes back as snarkjs's object, from the calldata words the node
 * would submit, with the verification key to check it against.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type CompiledModel, compileModel } from "@symbiote/compiler";
import { computeBinding, type Manifest, type ResolvedCircuit, resolveCircuit } from "@symbiote/sdk";
import { type Groth16Proof, groth16, type VerificationKey } from "snarkjs";
import { type Hex, hexToBigInt, sliceHex } from "viem";
import { expect } from "vitest";
import { commitmentFamily, computeInputCommitment } from "../../circuits/src/commitment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";
import type { ServedModel } from "../../circuits/src/models/servedModel.ts";
import { addCompiledModel, type RegistryView } from "../../oracle/src/models/addCompiled.ts";
import { DataStore } from "../../oracle/src/prover/dataStore.ts";
import type { ProverPool } from "../../oracle/src/prover/proverPool.ts";

const INPUT_SALT = 1234567890123n;
const FIXTURES = resolve(REPO_ROOT, "compiler/fixtures");

export type FixtureCompile = { work: string; compiled: CompiledModel; rows: number[][] };

/**
 * Compiles one of compiler/fixtures' models as `npm run model -- compile --weights auto` does (committed inputs, the
 * agreement check on its held-out rows, the dev setup of the circuit kept), in a fresh folder under the system's
 * temporary directory.
 */
export async function compileFixtureAuto(fixture: string, weightsSalt: bigint): Promise<FixtureCompile> {
  const work = mkdtempSync(join(tmpdir(), `symbiote-${fixture}-`));
  const heldOut = JSON.parse(readFileSync(resolve(FIXTURES, "heldout.json"), "utf8"));
  const rows: number[][] = heldOut[fixture].inputs;
  const compiled = await compileModel(new Uint8Array(readFileSync(resolve(FIXTURES, `${fixture}.onnx`))), {
    outDir: join(work, "compiled"),
    inputMode: "committed",
    heldOut: rows,
    weightsSalt,
    weights: "auto",
    setup: true,
  });
  return { work, compiled, rows };
}

/** What a compile's build folder holds, and what it holds when only circuit `id`'s outputs were kept. */
export function buildOutputs({ work, compiled }: FixtureCompile): { found: string[]; kept: string[] } {
  const found = readdirSync(join(work, "compiled", "build")).sort();
  return { found, kept: [`${compiled.id}.r1cs`, `${compiled.id}.sym`, `${compiled.id}_js`].sort() };
}

/** The 8 words of a Groth16 proof as the node submits it (formatGroth16Calldata) back into snarkjs's proof object. */
export function proofFromCalldata(proof: Hex): Groth16Proof {
  const w = Array.from({ length: 8 }, (_, i) => hexToBigInt(sliceHex(proof, i * 32, (i + 1) * 32)).toString());
  const [ax, ay, b01, b00, b11, b10, cx, cy] = w as [string, string, string, string, string, string, string, string];
  // the calldata swaps each G2 coordinate pair (the precompile's order)
  return {
    protocol: "groth16",
    curve: "bn128",
    pi_a: [ax, ay, "1"],
    pi_b: [
      [b00, b01],
      [b10, b11],
      ["1", "0"],
    ],
    pi_c: [cx, cy, "1"],
  };
}

export type NodeProof = {
  served: ServedModel;
  circuit: ResolvedCircuit;
  /** The proven public signals, and what the request bound: the binding and the input commitment. */
  signals: bigint[];
  publicSignals: string[];
  binding: bigint;
  inputCommitment: bigint;
  proof: Groth16Proof;
  vkey: VerificationKey;
};

/**
 * Proves `features` (raw, quantised) for request 5 of a committed-input circuit of `model`, in a store and data folder
 * under `work`/`name`. The registry view holds the compiled circuit (registry id 21) and the version's commitment.
 */
export async function proveCompiledThroughNode(
  model: CompiledModel,
  features: bigint[],
  pool: ProverPool,
  work: string,
  name: string,
): Promise<NodeProof> {
  const backend = model.manifestEntry.backends[0];
  if (!backend) throw new Error("the compile wrote no backend");
  const outputWords = model.manifestEntry.publicSignals.filter((s) => s.kind === "output").length;
  const registry: RegistryView = {
    circuits: [
      {
        circuitId: 21,
        proofSystem: 0,
        wasmHash: `0x${backend.wasm.sha256}`,
        zkeyHash: `0x${backend.zkey.sha256}`,
        vkeyHash: `0x${backend.vkey.sha256}`,
        inputMode: 1,
        outputWords,
        inputWords: 1,
        active: true,
      },
    ],
    commitments: new Set([model.weightsCommitment]),
  };
  const store = new ModelStore(join(work, name, "store"));
  addCompiledModel(store, dirname(model.files.model as string), registry);
  const served = store.readModel(model.weightsCommitment);
  const manifest = store.withCompiledCircuits({ circuits: [] } as unknown as Manifest);
  const circuit = resolveCircuit(manifest, registry.circuits[0] as RegistryView["circuits"][number]);

  // the data owner's private features, stored under the commitment a request names
  const family = commitmentFamily(circuit.shape);
  const inputCommitment = computeInputCommitment(family, features, INPUT_SALT);
  const data = new DataStore(join(work, name, "data"));
  mkdirSync(data.dir, { recursive: true });
  writeFileSync(
    data.pathOf(inputCommitment),
    JSON.stringify({ inputs: features.map(String), salt: INPUT_SALT.toString() }),
  );
  const opened = data.open(inputCommitment, family);

  const binding = computeBinding({
    chainId: 31337n,
    coordinator: "0x00000000000000000000000000000000C0DE0001",
    requestId: 5n,
    operator: "0x00000000000000000000000000000000A11ce001",
  });
  const result = await pool.prove({
    requestId: 5n,
    storeDir: store.dir,
    circuit,
    served,
    inputs: opened.inputs,
    context: { binding, inputSalt: opened.salt },
  });
  return {
    served,
    circuit,
    signals: result.publicSignals.map(BigInt),
    publicSignals: result.publicSignals,
    binding,
    inputCommitment,
    proof: proofFromCalldata(result.proof),
    vkey: JSON.parse(readFileSync(model.files.vkey as string, "utf8")),
  };
}

/**
 * The checks every node proof of a compile passes: it verifies against the compiled key, it names the compile's
 * circuit, its last public signals are the request's binding, the version's weights commitment and the input
 * commitment, and the same proof under another binding does not verify. Returns the proven outputs.
 */
export async function expectBoundNodeProof(node: NodeProof, model: CompiledModel): Promise<bigint[]> {
  const { signals, publicSignals, proof, vkey, binding } = node;
  expect(node.circuit.manifestId).toBe(model.id);
  expect(await groth16.verify(vkey, publicSignals, proof)).toBe(true);
  expect(signals.at(-1)).toBe(binding);
  expect(signals.at(-2)).toBe(model.weightsCommitment);
  expect(signals.at(-3)).toBe(node.inputCommitment);
  const forged = [...publicSignals];
  forged[forged.length - 1] = (binding + 1n).toString();
  expect(await groth16.verify(vkey, forged, proof)).toBe(false);
  return signals.slice(0, model.manifestEntry.publicSignals.filter((s) => s.kind === "output").length);
}
