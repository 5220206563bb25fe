import { CircuitFamily } from "../enums.ts";
import { EncodingError } from "../errors/base.ts";
import { decodePublicSignals } from "./decode.ts";
import type { CompiledShape, TreePathOutput } from "./entryOutputs.ts";
import { type CircuitShape, type PublicSignal, publicSignalLayout } from "./layout.ts";
import type { InputMode } from "./request.ts";

/** A proven number: the raw fixed-point integer the circuit output and its real value (raw / 2^fracBits). */
export type FixedValue = { raw: bigint; value: number };

/**
 * A decision's proven outputs, decoded through the circuit's public-signal layout:
 * - classifier: each feature's contribution w_i·x_i (the explanation), the score (bias + their sum) and the decision;
 * - MLP: the output logits and the predicted class (lowest index on a tie);
 * - recommender: the top-k items, best first, with their scores;
 * - dense (a compiled network of any depth): the output logits and the predicted class;
 * - mlp and dense compiled with `--attribution`: also each feature's proven gradient x input of the predicted logit;
 * - trees (a compiled tree ensemble): every tree's decision path and leaf value, the scores and the label.
 */
export type DecodedOutputs =
  | { family: "classifier"; contributions: FixedValue[]; score: FixedValue; decision: boolean }
  | { family: "mlp"; logits: FixedValue[]; predictedClass: number; attribution?: FixedValue[] }
  | { family: "recommender"; topK: { item: number; score: FixedValue }[] }
  | { family: "dense"; logits: FixedValue[]; predictedClass: number; attribution?: FixedValue[] }
  | {
      family: "trees";
      /** Every tree's decision path and the leaf it reached (entryOutputs.ts). */
      paths: TreePathOutput[];
      /** Per score column: the base value plus every tree's leaf value. */
      scores: FixedValue[];
      /** The arg-max column, or [score > the committed threshold] for one column. */
      label: number;
    };

/** raw / 2^fracBits as a number, exact for values beyond 2^53 in their leading digits. */
export function fixedToNumber(raw: bigint, fracBits: number): number {
  // split so that values beyond 2^53 keep their leading digits
  const scale = 1n << BigInt(fracBits);
  return Number(raw / scale) + Number(raw % scale) / Number(scale);
}

/**
 * A circuit's shape from the registry's `Circuit` record (`family` and `shape`: classifier [N, 0, 0], MLP [N, H, K],
 * recommender [D, M, k]).
 */
export function circuitShape(circuit: { family: number; shape: readonly number[] }): CircuitShape {
  const [a = 0, b = 0, c = 0] = circuit.shape;
  switch (circuit.family) {
    case CircuitFamily.Classifier:
      return { family: "classifier", n: a };
    case CircuitFamily.Mlp:
      return { family: "mlp", n: a, h: b, k: c };
    case CircuitFamily.Recommender:
      return { family: "recommender", d: a, m: b, topK: c };
    default:
      throw new EncodingError(
        `circuit family ${circuit.family} is not one this SDK decodes; upgrade @symbiote/sdk to a version that knows it.`,
      );
  }
}

/**
 * The number of input values a circuit of this shape takes: features (classifier, MLP, a compiled dense network or
 * tree ensemble) or user values (recommender).
 */
export function featureCount(shape: CircuitShape | CompiledShape): number {
  switch (shape.family) {
    case "recommender":
      return shape.d;
    case "dense":
      return shape.widths[0] ?? 0;
    case "trees":
      return shape.features;
    default:
      return shape.n;
  }
}

/** The output entries of a circuit's layout (outputs come first; their count does not depend on the input mode). */
export function outputLayout(shape: CircuitShape): PublicSignal[] {
  return publicSignalLayout(shape, "public" satisfies InputMode).filter((signal) => signal.kind === "output");
}

/** Every lane's and signal's fractional bits, by decoded name. */
export function fracBitsByName(layout: readonly PublicSignal[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const signal of layout) {
    if (signal.fracBits !== undefined) out.set(signal.signal, signal.fracBits);
    for (const lane of signal.lanes ?? []) if (lane.fracBits !== undefined) out.set(lane.name, lane.fracBits);
  }
  return out;
}

/**
 * Decodes a decision's `outputs` (as `DecisionRecorded` and the consumer callback carry them) for a circuit shape.
 *
 * @example
 * decodeCircuitOutputs({ family: "classifier", n: 16 }, outputs)
 * // { family: "classifier", contributions: [{ raw: 4294967296n, value: 1 }, …], score: …, decision: true }
 * @throws {EncodingError} the word count is not the shape's.
 */
export function decodeCircuitOutputs(shape: CircuitShape, outputs: readonly bigint[]): DecodedOutputs {
  const layout = outputLayout(shape);
  if (outputs.length !== layout.length) {
    throw new EncodingError(
      `got ${outputs.length} output words for a ${shape.family} circuit that outputs ${layout.length}; decode with the shape of the circuit that served the request.`,
    );
  }
  const decoded = decodePublicSignals(layout, outputs);
  const frac = fracBitsByName(layout);
  const fixed = (name: string): FixedValue => {
    const raw = decoded[name] as bigint;
    return { raw, value: fixedToNumber(raw, frac.get(name) ?? 0) };
  };
  switch (shape.family) {
    case "classifier":
      return {
        family: "classifier",
        contributions: Array.from({ length: shape.n }, (_, i) => fixed(`contribution[${i}]`)),
        score: fixed("score"),
        decision: decoded.decision === 1n,
      };
    case "mlp":
      return {
        family: "mlp",
        logits: Array.from({ length: shape.k }, (_, c) => fixed(`logit[${c}]`)),
        predictedClass: Number(decoded.argmax),
      };
    case "recommender":
      return {
        family: "recommender",
        topK: Array.from({ length: shape.topK }, (_, r) => ({
          item: Number(decoded[`index[${r}]`]),
          score: fixed(`score[${r}]`),
        })),
      };
  }
}
