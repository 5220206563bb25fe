import type { Hex } from "viem";
import type { Manifest } from "./manifest.ts";

/** The registry's enums, in Solidity declaration order (IModelRegistry). */
export const FAMILY = { classifier: 0, mlp: 1, recommender: 2 } as const;
export const INPUT_MODE = { public: 0, committed: 1 } as const;
export const PROOF_SYSTEM = { groth16: 0, plonk: 1 } as const;

/** A circuit as the deploy script registers it from the manifest (script/deploy/CircuitManifest.sol). */
export type ExpectedCircuit = {
  /** "<manifest id>/<backend>". */
  key: string;
  verifierContract: string;
  family: number;
  inputMode: number;
  proofSystem: number;
  outputWords: number;
  inputWords: number;
  layoutVersion: number;
  shape: readonly [number, number, number];
  wasmHash: Hex;
  zkeyHash: Hex;
  vkeyHash: Hex;
  artifactURI: string;
};

/**
 * Every (circuit, backend) of the manifest in manifest order, which is registry id order after a deployment:
 * outputs are the signals of kind "output", input words the inputs before the weights commitment and the binding.
 */
export function expectedCircuits(manifest: Manifest, artifactBaseURI: string): ExpectedCircuit[] {
  return manifest.circuits.flatMap((circuit) => {
    const shape = circuit.shape;
    const dims: [number, number, number] =
      shape.family === "classifier"
        ? [shape.n, 0, 0]
        : shape.family === "mlp"
          ? [shape.n, shape.h, shape.k]
          : [shape.d, shape.m, shape.topK];
    const outputWords = circuit.publicSignals.filter((s) => s.kind === "output").length;
    return circuit.backends.map((b) => ({
      key: `${circuit.id}/${b.backend}`,
      verifierContract: b.verifier.contract,
      family: FAMILY[shape.family],
      inputMode: INPUT_MODE[circuit.inputMode],
      proofSystem: PROOF_SYSTEM[b.backend],
      outputWords,
      inputWords: circuit.publicSignals.length - outputWords - 2,
      layoutVersion: manifest.version,
      shape: dims,
      wasmHash: `0x${b.wasm.sha256}` as Hex,
      zkeyHash: `0x${b.zkey.sha256}` as Hex,
      vkeyHash: `0x${b.vkey.sha256}` as Hex,
      artifactURI: `${artifactBaseURI}${circuit.id}/${b.backend}/`,
    }));
  });
}
