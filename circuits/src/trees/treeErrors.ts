/**
 * A tree ensemble or an input that the tree circuit cannot take: a shape outside the documented limits, a model that
 * does not fit its shape, or a value outside the fixed-point range. The message names the tree, node or value, and
 * `details` says what to change. It lives beside the tree witness so that the operator node can serve tree ensembles
 * without the compiler; the compiler's CLI treats it as a user error (exit 1) like its own CompilerError.
 */
export class TreeCircuitError extends Error {
  override name = "TreeCircuitError";
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(details ? `${message} ${details}` : message);
  }
}
