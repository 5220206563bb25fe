import { CompilerError } from "../errors.ts";

/**
 * A model the integer circuits cannot represent as it stands: a parameter or input outside the fixed-point range, a
 * layout the quantiser does not handle, or integer bounds that would not fit the field. The message names the value.
 */
export class QuantizationError extends CompilerError {
  override name = "QuantizationError";
}

/** The numbers an agreement check measured (see agreement.ts). */
export interface AgreementNumbers {
  rows: number;
  /** Fraction of rows whose quantised decision equals onnxruntime's arg-max (or, for regressors, within tolerance). */
  agreement: number;
  /** Largest |quantised score - onnxruntime score| over every row and output column, in the model's output units. */
  maxScoreError: number;
  threshold: number;
}

/** The quantised model decides differently from the original on too many held-out rows. */
export class AgreementError extends CompilerError {
  override name = "AgreementError";
  constructor(readonly numbers: AgreementNumbers) {
    super(
      `The quantised model agrees with onnxruntime on ${(numbers.agreement * 100).toFixed(2)}% of ${numbers.rows} held-out rows (max score error ${numbers.maxScoreError.toPrecision(3)}), below the required ${(numbers.threshold * 100).toFixed(2)}%.`,
      "Standardise the features so they span a few units, regularise the weights, or lower the threshold with --min-agreement if the loss is acceptable.",
    );
  }
}
