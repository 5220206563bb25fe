import { CircuitFamily, type CircuitShape } from "@symbiote/sdk";
import type { Hex } from "viem";
import type { Manifest, ManifestCircuit } from "./manifest.ts";

/** The registry's families by manifest family name (contracts/types/ModelTypes.sol, through the generated enum). */
export const FAMILY = {
  classifier: CircuitFamily.Classifier,
  mlp: CircuitFamily.Mlp,
  recommender: CircuitFamily.Recommender,
  dense: CircuitFamily.Dense,
  trees: CircuitFamily.TreeEnsemble,
} as const;
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
  /** The full shape (contracts/libraries/CircuitShapes.sol). */
  dims: readonly number[];
  wasmHash: Hex;
  zkeyHash: Hex;
  vkeyHash: Hex;
  artifactURI: string;
};

/** Every shape a manifest entry may carry: the original families' and the compiler's dense networks and trees. */
export type RegistrableShape =
  | CircuitShape
  | { family: "dense"; widths: readonly number[] }
  | { family: "trees"; trees: number; depth: number; features: number; columns: number };

/**
 * The registry's record of a shape: its family, the three-number summary and the full shape, as
 * script/deploy/CircuitManifest.sol derives them (CircuitShapes.isValid checks they agree).
 */
export function registryShape(shape: RegistrableShape): {
  family: number;
  shape: [number, number, number];
  dims: number[];
} {
  switch (shape.family) {
    case "classifier":
      return { family: FAMILY.classifier, shape: [shape.n, 0, 0], dims: [shape.n] };
    case "mlp":
      return { family: FAMILY.mlp, shape: [shape.n, shape.h, shape.k], dims: [shape.n, shape.h, shape.k] };
    case "recommender":
      return {
        family: FAMILY.recommender,
        shape: [shape.d, shape.m, shape.topK],
        dims: [shape.d, shape.m, shape.topK],
      };
    case "dense": {
      const w = shape.widths;
      return { family: FAMILY.dense, shape: [w[0] ?? 0, w.length - 1, w[w.length - 1] ?? 0], dims: [...w] };
    }
    case "trees":
      return {
        family: FAMILY.trees,
        shape: [shape.features, shape.trees, shape.depth],
        dims: [shape.features, shape.trees, shape.depth, shape.columns],
      };
  }
}

/** A manifest whose entries may carry any registrable shape (a compiled circuit's manifest entry). */
export type RegistrableManifest = Omit<Manifest, "circuits"> & {
  circuits: (Omit<ManifestCircuit, "shape"> & { shape: RegistrableShape })[];
};

/**
 * Every (circuit, backend) of the manifest in manifest order, which is registry id order after a deployment:
 * outputs are the signals of kind "output", input words the inputs before the weights commitment and the binding.
 */
export function expectedCircuits(manifest: RegistrableManifest, artifactBaseURI: string): ExpectedCircuit[] {
  return manifest.circuits.flatMap((circuit) => {
    const record = registryShape(circuit.shape);
    const outputWords = circuit.publicSignals.filter((s) => s.kind === "output").length;
    return circuit.backends.map((b) => ({
      key: `${circuit.id}/${b.backend}`,
      verifierContract: b.verifier.contract,
      family: record.family,
      inputMode: INPUT_MODE[circuit.inputMode],
      proofSystem: PROOF_SYSTEM[b.backend],
      outputWords,
      inputWords: circuit.publicSignals.length - outputWords - 2,
      layoutVersion: manifest.version,
      shape: record.shape,
      dims: record.dims,
      wasmHash: `0x${b.wasm.sha256}` as Hex,
      zkeyHash: `0x${b.zkey.sha256}` as Hex,
      vkeyHash: `0x${b.vkey.sha256}` as Hex,
      artifactURI: `${artifactBaseURI}${circuit.id}/${b.backend}/`,
    }));
  });
}
