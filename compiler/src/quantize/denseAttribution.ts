import { type DenseOutput, evaluateDense, type IntDenseModel } from "@symbiote/circuits";

/**
 * Gradient x input of the predicted class's logit, exact in integers: attribution[i] = x[i] * d logit[argmax] / d x[i],
 * with the gradient taken through every ReLU as active exactly when its output is non-zero (a unit at 0 passes no
 * gradient, as PyTorch's ReLU). The gradient is the product of the layers' compact weights (scale 2^(10 L)) and the
 * features are at 2^16, so attribution[i] is at scale 2^(16 + 10 L). What a baked circuit with attribution proves.
 */
export function denseAttribution(
  model: IntDenseModel,
  features: readonly bigint[],
  output: DenseOutput = evaluateDense(model, features),
): bigint[] {
  const layers = model.layers;
  // gradient with respect to the last layer's inputs: the predicted class's weight row
  let g: bigint[] = [...((layers.at(-1)?.weights[output.argmax] as bigint[]) ?? [])];
  for (let l = layers.length - 2; l >= 0; l--) {
    const active = output.activations[l] as bigint[];
    const masked = g.map((v, j) => (active[j] === 0n ? 0n : v));
    const weights = (layers[l] as (typeof layers)[number]).weights;
    const fanIn = weights[0]?.length ?? 0;
    g = Array.from({ length: fanIn }, (_, i) =>
      masked.reduce((sum, m, o) => sum + m * (weights[o]?.[i] as bigint), 0n),
    );
  }
  return g.map((v, i) => v * (features[i] as bigint));
}
