import type { ManifestCircuit } from "@symbiote/circuits";
import {
  assertTreeShape,
  TreeCircuitError,
  type TreeEnsembleShape,
  treePublicSignalLayout,
} from "@symbiote/circuits/trees";
import type { InputMode, PublicSignal } from "@symbiote/sdk";

// Browser-safe (no Node.js module): the explorer reads tree entries and decodes tree proofs with this and
// treeDecision.ts; treeManifest.ts writes entries on the node side.

/** The shape of a tree circuit as circuits/manifest.json records it, beside the classifier, MLP and recommender. */
export type TreeCircuitShape = { family: "trees" } & TreeEnsembleShape;

/**
 * A compiled tree circuit's entry in circuits/manifest.json: the ManifestCircuit fields (circuits/src/manifest.ts)
 * with the tree shape. The circuit serves every model of its shape, whatever its scales; the lanes' fracBits say
 * how to read the values of the model the entry was written for (its featureFracBits and valueFracBits, 16 and 16 by default), and the
 * decoder takes another model's scales (decodeTreeDecision's `scales`).
 */
export type TreeManifestCircuit = Omit<ManifestCircuit, "shape"> & { shape: TreeCircuitShape };

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
