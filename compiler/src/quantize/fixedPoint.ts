import { SCALE, VALUE_MAX, WEIGHT_MAX, WEIGHT_SCALE } from "@symbiote/sdk";
import { QuantizationError } from "./errors.ts";

/**
 * The two fixed-point formats of the circuits (circuits/lib/params.circom): values (features, the linear model's
 * weights, bias and threshold, activations) are round(x * 2^16) within ±(2^23 - 1); the dense layers' parameters use
 * the compact format round(x * 2^10) within ±(2^13 - 1). Rounding is to nearest (ties away from zero for negative
 * halves as Math.round does: the error is at most half a step either way).
 */
export type FixedFormat = "value" | "weight";

const FORMATS = {
  value: { scale: Number(SCALE), max: VALUE_MAX, hint: "standardise the features or rescale the model" },
  weight: { scale: Number(WEIGHT_SCALE), max: WEIGHT_MAX, hint: "regularise the model (smaller weights) or rescale" },
} as const;

/** round(x * scale) in the format, refusing a non-finite or out-of-range number by name. */
export function toFixed(x: number, format: FixedFormat, label: string): bigint {
  const { scale, max, hint } = FORMATS[format];
  if (!Number.isFinite(x))
    throw new QuantizationError(`${label} is ${x}.`, "Every parameter and input must be finite.");
  const raw = BigInt(Math.round(x * scale));
  if (raw > max || raw < -max) {
    throw new QuantizationError(
      `${label} = ${x} does not fit the ${format} format (|x| <= ${Number(max) / scale}).`,
      `${hint[0]?.toUpperCase()}${hint.slice(1)} so every ${format === "value" ? "value" : "parameter"} fits.`,
    );
  }
  return raw;
}

/** The real number a raw integer of `fracBits` fractional bits stands for. */
export function fromFixed(raw: bigint, fracBits: number): number {
  return Number(raw) / 2 ** fracBits;
}

/** Quantises one input row to raw values (scale 2^16), naming the feature that does not fit. */
export function quantizeInputs(x: readonly number[]): bigint[] {
  return x.map((v, i) => toFixed(v, "value", `feature ${i}`));
}
