import { ceilLog2, MAX_PACKED_BITS, packWords, VALUE_BITS, WEIGHT_BITS } from "@symbiote/sdk";
import { DenseCircuitError } from "./denseErrors.ts";
import {
  type DenseOutput,
  type DenseWidths,
  denseLogitPacking,
  evaluateDense,
  type IntDenseModel,
} from "./denseModel.ts";

/**
 * Gradient x input of the predicted class's logit, exact in integers: attribution[i] = x[i] * d logit[argmax] / d x[i],
 * with the gradient taken through every ReLU as active exactly when its output is non-zero (a unit at 0 passes no
 * gradient, as PyTorch's ReLU). The gradient is the product of the layers' compact weights (scale 2^(10 L)) and the
 * features are at 2^16, so attribution[i] is at scale 2^(16 + 10 L). What a baked circuit with attribution proves.
 */
export function denseAttribution(
  model: IntDenseModel,
  features: readonly bigint[],
  output: DenseOutput = evaluateDense(model, features),
): bigint[] {
  const layers = model.layers;
  // gradient with respect to the last layer's inputs: the predicted class's weight row
  let g: bigint[] = [...((layers.at(-1)?.weights[output.argmax] as bigint[]) ?? [])];
  for (let l = layers.length - 2; l >= 0; l--) {
    const active = output.activations[l] as bigint[];
    const masked = g.map((v, j) => (active[j] === 0n ? 0n : v));
    const weights = (layers[l] as (typeof layers)[number]).weights;
    const fanIn = weights[0]?.length ?? 0;
    g = Array.from({ length: fanIn }, (_, i) =>
      masked.reduce((sum, m, o) => sum + m * (weights[o]?.[i] as bigint), 0n),
    );
  }
  return g.map((v, i) => v * (features[i] as bigint));
}

/**
 * The packing of a dense circuit's attribution: signed lanes wide enough for any network of the shape, and lanes per
 * word. The predicted row's weights bound the top gradient by 2^13; each layer below multiplies the bound by its
 * fan-out times 2^13 (masks are 0 or 1); the feature by 2^23. So |attribution[i]| < 2^(23 + 13 L + sum of ceil(log2
 * hidden width)), one more bit for the sign: 57 bits at 64-128-10, four lanes per word. Bounded by construction,
 * the lanes need no range check to pack injectively.
 */
export function denseAttributionPacking(widths: DenseWidths): { bits: number; lanes: number; words: number } {
  const L = widths.length - 1;
  const fanOut = widths.slice(1, -1).reduce((sum, w) => sum + ceilLog2(w), 0);
  const bits = VALUE_BITS - 1 + L * (WEIGHT_BITS - 1) + fanOut + 1;
  if (bits > MAX_PACKED_BITS) {
    throw new DenseCircuitError(
      `A ${widths.join("-")} network's attribution needs ${bits}-bit lanes, above the ${MAX_PACKED_BITS} a word holds.`,
      "Compile it without --attribution, or with fewer or narrower layers.",
    );
  }
  const lanes = Math.floor(MAX_PACKED_BITS / bits);
  return { bits, lanes, words: Math.ceil((widths[0] as number) / lanes) };
}

/** Where the attribution words sit among a dense circuit's public signals: after the logit words and the arg-max. */
export function denseAttributionIndex(widths: DenseWidths): number {
  return denseLogitPacking(widths).words + 1;
}

/** The attribution words a baked circuit with attribution outputs: denseAttribution in its offset-binary lanes. */
export function packDenseAttribution(widths: DenseWidths, attribution: readonly bigint[]): bigint[] {
  const { bits, lanes } = denseAttributionPacking(widths);
  return packWords(attribution, bits, lanes);
}
