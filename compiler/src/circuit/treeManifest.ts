import { relative } from "node:path";
import { sourceHash } from "../../../circuits/scripts/sourceHash.ts";
import type { InputMode } from "../../../oracle/src/zk/circuitInput.ts";
import type { PublicSignal } from "../../../oracle/src/zk/layout.ts";
import { type BackendArtifacts, type ManifestCircuit, REPO_ROOT } from "../../../oracle/src/zk/manifest.ts";
import { TreeCircuitError } from "./treeErrors.ts";
import { assertTreeShape, type TreeEnsembleShape } from "./treeShape.ts";
import { DEFAULT_TREE_SCALES, type TreeScales, treePublicSignalLayout } from "./treeSignals.ts";

/** The shape of a tree circuit as circuits/manifest.json records it, beside the classifier, MLP and recommender. */
export type TreeCircuitShape = { family: "trees" } & TreeEnsembleShape;

/**
 * A compiled tree circuit's entry in circuits/manifest.json: the ManifestCircuit fields (oracle/src/zk/manifest.ts)
 * with the tree shape. The circuit serves every model of its shape, whatever its scales; the lanes' fracBits say
 * how to read the values of the model the entry was written for (its featureFracBits and valueFracBits, 16 and 16 by default), and the
 * decoder takes another model's scales (decodeTreeDecision's `scales`).
 */
export type TreeManifestCircuit = Omit<ManifestCircuit, "shape"> & { shape: TreeCircuitShape };

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

/**
 * The tree shape of a manifest entry, refusing an entry of another family or one whose public signals are not the
 * layout of its shape (a reader would decode them wrongly).
 */
export function treeShapeOf(entry: {
  id: string;
  shape: TreeCircuitShape | { family: string };
  inputMode: InputMode;
  publicSignals: ManifestCircuit["publicSignals"];
}): TreeEnsembleShape {
  if (entry.shape.family !== "trees") {
    throw new TreeCircuitError(
      `Circuit ${entry.id} is a ${entry.shape.family} circuit, not a tree ensemble.`,
      "Decode its signals with its own family's layout.",
    );
  }
  const { trees, depth, features, columns } = entry.shape as TreeCircuitShape;
  const shape = { trees, depth, features, columns };
  assertTreeShape(shape);
  // the lanes' fracBits are the scales of the model the entry was written for; the rest is the circuit's
  const structure = (signals: readonly PublicSignal[]) =>
    JSON.stringify(signals, (key, value) => (key === "fracBits" ? undefined : value));
  const expected = structure(treePublicSignalLayout(shape, entry.inputMode));
  if (structure(entry.publicSignals) !== expected) {
    throw new TreeCircuitError(
      `Circuit ${entry.id}: its recorded public signals are not the layout of ${trees} x ${depth} x ${features} x ${columns} trees.`,
      "Regenerate the manifest entry with treeManifestEntry.",
    );
  }
  return shape;
}
