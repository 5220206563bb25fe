import { DenseCircuitError, denseLayerBits, denseWidths, type IntDenseModel } from "@symbiote/circuits";
import type { LinearModel, MlpModel } from "../ir/model.ts";
import { QuantizationError } from "./errors.ts";
import { toFixed } from "./fixedPoint.ts";

/**
 * Quantises an MLP's layers (or a multi-output linear model, as one layer) to the compact weight format of the
 * generated dense circuits (IntDenseModel, in @symbiote/circuits beside the witness the operator node builds).
 *
 * @throws {QuantizationError} a parameter outside the compact range, ReLU on the output layer, or a network whose
 *   activations would not fit the field.
 */
export function quantizeDense(model: MlpModel | LinearModel): IntDenseModel {
  const source =
    model.kind === "mlp" ? model.layers : [{ weights: model.weights, bias: model.bias, activation: "none" as const }];
  const last = source.length - 1;
  const layers = source.map((layer, l) => {
    if (l === last && layer.activation === "relu") {
      throw new QuantizationError(
        "The last dense layer applies ReLU to the outputs.",
        "Export the model with an identity output layer (the circuit outputs its logits).",
      );
    }
    return {
      weights: layer.weights.map((row, o) =>
        row.map((w, i) => toFixed(w, "weight", `layer ${l + 1} weight [${o}][${i}]`)),
      ),
      bias: layer.bias.map((b, o) => toFixed(b, "weight", `layer ${l + 1} bias [${o}]`)),
      relu: layer.activation === "relu",
    };
  });
  const out = { inputs: model.inputs, layers };
  try {
    denseLayerBits(denseWidths(out));
  } catch (cause) {
    // the compiler reports every model it cannot represent as a QuantizationError (the CLI's user errors)
    if (cause instanceof DenseCircuitError) throw new QuantizationError(cause.message);
    throw cause;
  }
  return out;
}
