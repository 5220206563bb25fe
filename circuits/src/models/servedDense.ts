import type { CircuitShape, CompiledShape } from "@symbiote/sdk";
import { FatalError } from "@symbiote/sdk";
import { z } from "zod";
import { DenseCircuitError } from "../dense/denseErrors.ts";
import { type DenseWidths, denseLayerBits, type IntDenseModel } from "../dense/denseModel.ts";

const int = z
  .string()
  .regex(/^-?\d+$/, { error: "must be a decimal integer string" })
  .transform(BigInt);
const vector = z.array(int);

/** The `compact weights (scale 2^10)` parameters of the compiler's model.json for a dense network of any depth. */
export const denseParametersSchema = z.object({
  format: z.literal("compact weights (scale 2^10)"),
  widths: z.array(z.number().int().positive()),
  layers: z.array(z.object({ weights: z.array(vector), bias: vector, relu: z.boolean() })),
});

export type DenseParameters = z.output<typeof denseParametersSchema>;

/**
 * Reads a dense network's parsed parameters into the integer model the generated dense circuit proves, refusing
 * parameters whose layers do not chain through the declared widths (every layer's weights are outputs x inputs, its
 * bias one per output), whose output layer applies ReLU (the circuit outputs logits), or whose activations would not
 * fit the field at these widths.
 *
 * @throws {FatalError} the parameters are damaged (the details name the layer).
 */
export function denseModelFromParameters(p: DenseParameters, source: string): IntDenseModel {
  const damaged = (details: string) =>
    new FatalError(`${source}: the dense parameters are damaged; compile the model again or restore model.json.`, {
      details,
    });
  const widths: DenseWidths = p.widths;
  if (p.layers.length === 0 || widths.length !== p.layers.length + 1) {
    throw damaged(`${p.layers.length} layers for widths ${widths.join("-")} (one layer per width after the inputs)`);
  }
  p.layers.forEach((layer, l) => {
    const inputs = widths[l] as number;
    const outputs = widths[l + 1] as number;
    if (layer.weights.length !== outputs || layer.weights.some((row) => row.length !== inputs)) {
      throw damaged(`layer ${l + 1}: weights are not ${outputs} rows of ${inputs}`);
    }
    if (layer.bias.length !== outputs)
      throw damaged(`layer ${l + 1}: ${layer.bias.length} biases for ${outputs} outputs`);
  });
  if (p.layers.at(-1)?.relu) throw damaged("the output layer applies ReLU; the dense circuits output logits");
  try {
    denseLayerBits(widths);
  } catch (cause) {
    if (cause instanceof DenseCircuitError) throw damaged(cause.message);
    throw cause;
  }
  return { inputs: widths[0] as number, layers: p.layers };
}

/**
 * Whether a served dense network has exactly a dense circuit's widths (inputs, every hidden layer, outputs). The
 * compiler records a network of widths [n, h, k] as the MLP family's shape whatever its hidden activation, so one
 * without ReLU on its hidden layer (served by the dense witness, not the MLP family's) fits that shape too.
 */
export function denseFitsShape(model: IntDenseModel, shape: CircuitShape | CompiledShape): boolean {
  const widths = shape.family === "dense" ? shape.widths : shape.family === "mlp" ? [shape.n, shape.h, shape.k] : [];
  const own = [model.inputs, ...model.layers.map((layer) => layer.bias.length)];
  return own.length === widths.length && own.every((width, i) => width === widths[i]);
}
