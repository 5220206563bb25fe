import { CircuitFamily } from "../enums.ts";
import { EncodingError } from "../errors/base.ts";
import { decodePublicSignals } from "./decode.ts";
import type { CircuitShape, PublicSignal } from "./layout.ts";
import {
  type DecodedOutputs,
  decodeCircuitOutputs,
  type FixedValue,
  fixedToNumber,
  fracBitsByName,
} from "./outputs.ts";

/**
 * The shapes `npm run model -- compile` writes beyond the original three: a dense network by its widths (inputs,
 * every hidden layer, outputs) and a tree ensemble by trees, depth, features and score columns.
 */
export type CompiledShape =
  | { family: "dense"; widths: readonly number[] }
  | { family: "trees"; trees: number; depth: number; features: number; columns: number };

/**
 * A circuit's manifest entry as a decoder needs it (circuits/manifest.json, or the `manifest-entry.json` that
 * `npm run model -- compile` writes): its shape, its public-signal layout and, to be matched with a registry circuit,
 * the sha256 of each backend's verification key (the registry's `vkeyHash`).
 */
export type CircuitEntry = {
  id: string;
  shape: CircuitShape | CompiledShape;
  publicSignals: readonly PublicSignal[];
  backends?: readonly { vkey: { sha256: string } }[];
};

/** One tree's part of a proven tree-ensemble decision. */
export type TreePathOutput = {
  tree: number;
  /** The direction taken at each level from the root: "right" when x[feature] > threshold. */
  directions: ("left" | "right")[];
  /** The leaf reached among the 2^depth leaves, left to right. */
  leaf: number;
  /** The leaf's value per score column. */
  leafValues: FixedValue[];
};

/**
 * Decodes a decision's `outputs` through a circuit's manifest entry: any circuit the compiler emits, including dense
 * networks of any depth (their logits and arg-max) and tree ensembles (every tree's decision path and leaf value, the
 * scores and the label). The original three families decode as `decodeCircuitOutputs` does.
 *
 * @example
 * const entry = JSON.parse(readFileSync("build/credit/manifest-entry.json", "utf8"));
 * const out = decodeEntryOutputs(entry, outputs);
 * if (out.family === "trees") console.log(out.paths.map((p) => p.directions.join(" ")));
 * @throws {EncodingError} the word count is not the entry's, or its layout lacks a signal its family outputs.
 */
export function decodeEntryOutputs(entry: CircuitEntry, outputs: readonly bigint[]): DecodedOutputs {
  const shape = entry.shape;
  const layout = entry.publicSignals.filter((signal) => signal.kind === "output");
  // an MLP compiled with a proven attribution carries attribution words the family's fixed layout does not have
  const attributed = layout.some((signal) => signal.signal.startsWith("attributions["));
  if (shape.family !== "dense" && shape.family !== "trees" && !(shape.family === "mlp" && attributed)) {
    return decodeCircuitOutputs(shape, outputs);
  }
  if (outputs.length !== layout.length) {
    throw new EncodingError(
      `got ${outputs.length} output words for circuit ${entry.id}, whose layout outputs ${layout.length}; decode with the entry of the circuit that served the request.`,
    );
  }
  const decoded = decodePublicSignals(layout, outputs);
  const frac = fracBitsByName(layout);
  const fixed = (name: string): FixedValue => {
    const raw = decoded[name];
    if (raw === undefined) {
      throw new EncodingError(`circuit ${entry.id}'s layout has no output ${name}; regenerate its manifest entry.`);
    }
    return { raw, value: fixedToNumber(raw, frac.get(name) ?? 0) };
  };
  const uint = (name: string): number => Number(fixed(name).raw);
  if (shape.family === "dense" || shape.family === "mlp") {
    const [n, k] = shape.family === "dense" ? [shape.widths[0] ?? 0, shape.widths.at(-1) ?? 0] : [shape.n, shape.k];
    return {
      family: shape.family,
      logits: Array.from({ length: k }, (_, c) => fixed(`logit[${c}]`)),
      predictedClass: uint("argmax"),
      ...(attributed ? { attribution: Array.from({ length: n }, (_, i) => fixed(`attribution[${i}]`)) } : {}),
    };
  }
  const paths = Array.from({ length: shape.trees }, (_, t): TreePathOutput => {
    const leaf = uint(`path[${t}]`);
    return {
      tree: t,
      // the path word is the leaf index: its bits from the most significant down are the directions, 1 = right
      directions: Array.from({ length: shape.depth }, (_, level) =>
        (leaf >> (shape.depth - 1 - level)) & 1 ? "right" : "left",
      ),
      leaf,
      leafValues: Array.from({ length: shape.columns }, (_, c) => fixed(`leaf[${t}][${c}]`)),
    };
  });
  return {
    family: "trees",
    paths,
    scores: Array.from({ length: shape.columns }, (_, c) => fixed(`score[${c}]`)),
    label: uint("label"),
  };
}

/**
 * The manifest entry of a registry circuit among `entries`: the one whose verification key hash is the record's, and
 * whose family agrees with it.
 *
 * @throws {EncodingError} none matches: pass the entry `npm run model -- compile` wrote for the circuit.
 */
export function entryForCircuit(
  record: { family: number; vkeyHash: string },
  entries: readonly CircuitEntry[],
  circuitId: number,
): CircuitEntry {
  const vkey = record.vkeyHash.replace(/^0x/, "").toLowerCase();
  const entry = entries.find((e) => e.backends?.some((b) => b.vkey.sha256.toLowerCase() === vkey));
  const family = familyOf(entry?.shape.family);
  if (!entry || family !== record.family) {
    throw new EncodingError(
      `circuit ${circuitId} (registry family ${record.family}, vkey ${record.vkeyHash}) is not among the ${entries.length} manifest entries given; pass the manifest-entry.json \`npm run model -- compile\` wrote for it.`,
    );
  }
  return entry;
}

function familyOf(name: string | undefined): number | undefined {
  switch (name) {
    case "classifier":
      return CircuitFamily.Classifier;
    case "mlp":
      return CircuitFamily.Mlp;
    case "recommender":
      return CircuitFamily.Recommender;
    case "dense":
      return CircuitFamily.Dense;
    case "trees":
      return CircuitFamily.TreeEnsemble;
    default:
      return undefined;
  }
}
