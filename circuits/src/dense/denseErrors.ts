/**
 * A dense network or an input that the generated dense circuits cannot take: integer bounds that would not fit the
 * field, an input of the wrong length, or an activation outside its proven width. The message names the layer and
 * the value, and `details` says what to change. It lives beside the dense witness so that the operator node serves
 * dense networks without the compiler; the compiler's quantiser reports the same bounds as its QuantizationError.
 */
export class DenseCircuitError extends Error {
  override name = "DenseCircuitError";
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(details ? `${message} ${details}` : message);
  }
}
