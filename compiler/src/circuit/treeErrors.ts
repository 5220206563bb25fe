import { CompilerError } from "../errors.ts";

/**
 * A tree ensemble or an input that the tree circuit cannot take: a shape outside the documented limits, a model that
 * does not fit its shape, or a value outside the fixed-point range. The message names the tree, node or value.
 */
export class TreeCircuitError extends CompilerError {
  override name = "TreeCircuitError";
}
