import { EncodingError } from "../errors/base.ts";
import { FRAC_BITS, SCALE, VALUE_MAX, WEIGHT_FRAC_BITS, WEIGHT_MAX, WEIGHT_SCALE } from "./params.ts";

/**
 * Thrown when a real number or raw value does not fit the circuits' fixed-point domain: values in [-(2^23 - 1),
 * 2^23 - 1], or the compact weights of the MLP and the recommender in [-(2^13 - 1), 2^13 - 1] — exactly what the
 * circuits accept.
 */
export class FixedPointRangeError extends EncodingError {
  override name = "FixedPointRangeError";
}

/**
 * Quantizes a real number to raw fixed point, round(x * 2^16), refusing anything outside
 * [-(2^23 - 1), 2^23 - 1] raw (about ±128.0): normalise or rescale the feature or weight before quantizing.
 *
 * @example quantize(1.5, "feature 3") // 98304n
 */
export function quantize(value: number, label: string): bigint {
  const raw = roundToScale(value, SCALE, label);
  assertValueRange(raw, label);
  return raw;
}

/**
 * Quantizes a real parameter of an MLP or a recommender's item table to the compact weight format, round(x * 2^10),
 * refusing anything outside [-(2^13 - 1), 2^13 - 1] raw (about ±8.0): regularise or rescale the model first.
 *
 * @example quantizeWeight(-0.5, "w1[0][3]") // -512n
 */
export function quantizeWeight(value: number, label: string): bigint {
  const raw = roundToScale(value, WEIGHT_SCALE, label);
  assertWeightRange(raw, label);
  return raw;
}

/** round(value * scale) as a raw integer, refusing NaN and infinities by name. */
function roundToScale(value: number, scale: bigint, label: string): bigint {
  if (!Number.isFinite(value)) {
    throw new FixedPointRangeError(`${label} is ${value}; pass a finite number.`);
  }
  return BigInt(Math.round(value * Number(scale)));
}

/** The real number a raw compact weight stands for. */
export function dequantizeWeight(raw: bigint): number {
  return Number(raw) / Number(WEIGHT_SCALE);
}

/** Refuses a raw parameter outside the compact weight range [-(2^13 - 1), 2^13 - 1], naming it. */
export function assertWeightRange(raw: bigint, label: string): void {
  if (raw > WEIGHT_MAX || raw < -WEIGHT_MAX) {
    throw new FixedPointRangeError(
      `${label} is outside the compact weight range ±${Number(WEIGHT_MAX) / Number(WEIGHT_SCALE)} (raw ±${WEIGHT_MAX}); regularise or rescale the model so every parameter fits.`,
      { details: `raw value ${raw} at scale 2^${WEIGHT_FRAC_BITS}` },
    );
  }
}

/** The real number a raw fixed-point value stands for. */
export function dequantize(raw: bigint): number {
  return Number(raw) / Number(SCALE);
}

/** Refuses a raw value outside the symmetric domain [-(2^23 - 1), 2^23 - 1] with a message naming it. */
export function assertValueRange(raw: bigint, label: string): void {
  if (raw > VALUE_MAX || raw < -VALUE_MAX) {
    throw new FixedPointRangeError(
      `${label} is outside the fixed-point range ±${Number(VALUE_MAX) / Number(SCALE)} (raw ±${VALUE_MAX}); rescale the model or its inputs so every value fits.`,
      { details: `raw value ${raw} at scale 2^${FRAC_BITS}` },
    );
  }
}

/** floor(value / 2^bits) for a signed value: BigInt's >> rounds toward minus infinity, as the circuits do. */
export function floorDivPow2(value: bigint, bits: number): bigint {
  return value >> BigInt(bits);
}

/** Refuses a signed value outside [-2^(bits-1), 2^(bits-1)) — a bound a circuit range check would enforce. */
export function assertSignedBits(value: bigint, bits: number, label: string): void {
  const half = 1n << BigInt(bits - 1);
  if (value < -half || value >= half) {
    throw new FixedPointRangeError(`${label} does not fit ${bits} signed bits; the circuit would refuse it.`, {
      details: `value ${value}`,
    });
  }
}
