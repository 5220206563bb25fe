import { CompilerError } from "../errors.ts";

/**
 * The shapes the dense and linear generators accept. The widths keep every circuit within the dev Powers of Tau
 * range a laptop can set up; larger shapes need a larger ptau (docs/circuits.md).
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
