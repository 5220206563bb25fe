import { type Hex, hexToBytes } from "viem";
import type { CircuitShape } from "../codecs/layout.ts";
import { FatalError } from "../errors/kinds.ts";
import type { Backend, BackendArtifacts, Manifest, ManifestCircuit } from "./types.ts";

/** What the registry says about a circuit (IModelRegistry.Circuit, the fields the node checks). */
export type RegistryCircuit = {
  circuitId: number;
  proofSystem: number;
  wasmHash: Hex;
  zkeyHash: Hex;
  vkeyHash: Hex;
  inputMode: number;
  outputWords: number;
  inputWords: number;
};

/** A registry circuit matched to its manifest entry: what the prover needs to load it from the store. */
export type ResolvedCircuit = {
  registryId: number;
  manifestId: string;
  backend: Backend;
  shape: CircuitShape;
  inputMode: "public" | "committed";
  outputWords: number;
  artifacts: BackendArtifacts;
};

/** The registry names artifacts nobody in this manifest built: the node cannot prove for that circuit. */
export class UnknownCircuitArtifactsError extends FatalError {
  override name = "UnknownCircuitArtifactsError";
}

const strip = (hash: Hex) => hash.slice(2).toLowerCase();

/**
 * Finds the manifest circuit and backend whose wasm, zkey and verification key hash to exactly what the registry
 * recorded. A partial match (say, the same wasm with another zkey) is never returned: it would prove against the wrong
 * key. It is named in the error when no entry matches fully; it does not stop the search, because two setups of one
 * circuit (circuits/manifest.json's and a compiled model's) share a wasm and differ in their keys.
 */
export function resolveCircuit(manifest: Manifest, circuit: RegistryCircuit): ResolvedCircuit {
  hexToBytes(circuit.zkeyHash);
  const backend: Backend = circuit.proofSystem === 1 ? "plonk" : "groth16";
  let partial: { id: string; matches: boolean[] } | undefined;
  for (const entry of manifest.circuits as ManifestCircuit[]) {
    const artifacts = entry.backends.find((b) => b.backend === backend);
    if (!artifacts) continue;
    const hashes = [artifacts.wasm.sha256, artifacts.zkey.sha256, artifacts.vkey.sha256];
    const onChain = [strip(circuit.wasmHash), strip(circuit.zkeyHash), strip(circuit.vkeyHash)];
    const matches = hashes.map((h, i) => h === onChain[i]);
    if (matches.every(Boolean)) {
      return {
        registryId: circuit.circuitId,
        manifestId: entry.id,
        backend,
        shape: entry.shape,
        inputMode: entry.inputMode,
        outputWords: circuit.outputWords,
        artifacts,
      };
    }
    if (matches.some(Boolean)) partial ??= { id: entry.id, matches };
  }
  if (partial) {
    const [wasm, zkey, vkey] = partial.matches;
    throw new UnknownCircuitArtifactsError(
      `registry circuit ${circuit.circuitId} shares some but not all artifact hashes with ${partial.id} (${backend}); the manifest and the registry disagree. Update circuits/manifest.json to the registered build.`,
      { details: `wasm ${wasm}, zkey ${zkey}, vkey ${vkey}` },
    );
  }
  throw new UnknownCircuitArtifactsError(
    `registry circuit ${circuit.circuitId} names artifacts that are not in circuits/manifest.json; update the manifest (and the store) to the build the registry recorded.`,
    { details: `zkey ${circuit.zkeyHash}` },
  );
}
