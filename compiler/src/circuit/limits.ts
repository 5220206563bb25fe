import { CompilerError } from "../errors.ts";

/**
 * The shapes the dense and linear generators accept: bounds on what they emit (the bit widths of
 * circuits/src/dense/denseModel.ts stay inside the field well within them), not yet limits measured from proving time
 * and memory. Circuits above the dev Powers of Tau (2^15 constraints: about MLP 16-32-4) compile but need a larger ptau for their keys.
 */
export const LIMITS = {
  features: { min: 1, max: 256 },
  width: { min: 1, max: 512 },
  layers: { min: 1, max: 8 },
} as const;

/** A shape outside the generators' limits. */
export class ShapeLimitError extends CompilerError {
  override name = "ShapeLimitError";
}

export function assertWithin(what: string, value: number, range: { min: number; max: number }): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ShapeLimitError(
      `${what} = ${value} is outside the compiler's limits [${range.min}, ${range.max}].`,
      "Reduce the model (fewer features or narrower layers) or raise the limit after measuring proving time and memory.",
    );
  }
}
