import { relative } from "node:path";
import {
  assertTreeShape,
  type BackendArtifacts,
  DEFAULT_TREE_SCALES,
  REPO_ROOT,
  sourceHash,
  TreeCircuitError,
  type TreeEnsembleShape,
  type TreeScales,
  treePublicSignalLayout,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import type { TreeManifestCircuit } from "./treeEntry.ts";

/** What treeManifestEntry needs of a compiled tree circuit (compileTreeEnsemble's result has it). */
export interface TreeCircuitSource {
  shape: TreeEnsembleShape;
  inputMode: InputMode;
  circuitId: string;
  /** The generated main component; it must lie under the repository (the source hash follows its includes). */
  circuitPath: string;
}

/**
 * The manifest entry of a generated tree circuit: its shape, entry path (repository-relative), source hash (the
 * entry, every file it includes and the compiler version, as circuits:check computes it) and public-signal layout.
 * `backends` are the builds made from it (none until keys exist).
 */
export function treeManifestEntry(
  circuit: TreeCircuitSource & Partial<TreeScales>,
  backends: BackendArtifacts[] = [],
): TreeManifestCircuit {
  assertTreeShape(circuit.shape);
  const entry = relative(REPO_ROOT, circuit.circuitPath).split("\\").join("/");
  if (entry.startsWith("..")) {
    throw new TreeCircuitError(
      `The circuit ${circuit.circuitPath} lies outside the repository.`,
      "Generate it under the repository (compileTreeEnsemble's default compiler/out/) so circom and the manifest reach it.",
    );
  }
  const { trees, depth, features, columns } = circuit.shape;
  return {
    id: circuit.circuitId,
    shape: { family: "trees", trees, depth, features, columns },
    inputMode: circuit.inputMode,
    entry,
    sourceHash: sourceHash(entry),
    publicSignals: treePublicSignalLayout(circuit.shape, circuit.inputMode, {
      featureFracBits: circuit.featureFracBits ?? DEFAULT_TREE_SCALES.featureFracBits,
      valueFracBits: circuit.valueFracBits ?? DEFAULT_TREE_SCALES.valueFracBits,
    }),
    backends,
  };
}
