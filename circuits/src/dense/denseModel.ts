import { ceilLog2, FRAC_BITS, MAX_PACKED_BITS, VALUE_BITS, WEIGHT_FRAC_BITS } from "@symbiote/sdk";
import { DenseCircuitError } from "./denseErrors.ts";

/**
 * A stack of dense layers in integers, as the generated dense circuits compute it (circuits/lib/dense_layer.circom):
 * parameters in the compact format (scale 2^10), inputs and activations in the value format (scale 2^16). Each layer
 * computes acc = W a + b * 2^16 (26 fractional bits), rescales it by floor(acc / 2^10) (rounding toward minus
 * infinity, as the circuit's FloorDivPow2) and applies ReLU on hidden layers. The last layer's outputs are the logits.
 */
export interface IntDenseLayer {
  /** weights[o][i], raw compact weights. */
  weights: bigint[][];
  bias: bigint[];
  relu: boolean;
}

export interface IntDenseModel {
  inputs: number;
  layers: IntDenseLayer[];
}

/** Widths of a dense stack: inputs, then each layer's outputs. Today's MLP 16-32-4 is [16, 32, 4]. */
export type DenseWidths = number[];

/** At most this many bits for any layer's quotient: FloorDivPow2 needs shift + qBits <= 252. */
export const DENSE_MAX_BITS = 252 - WEIGHT_FRAC_BITS;

/**
 * Signed bits of every layer's rescaled output, from worst-case bounds. An activation bounded by |a| < 2^A entering a
 * layer of n inputs gives |W a + b * 2^16| < n * 2^(13 + A) + 2^29, so |floor(acc / 2^10)| < 2^(4 + A + log2 n):
 * hidden layers keep A + 6 + log2 n bits (sign and a spare bit; 29 + log2 N for the first layer, as MLP_HIDDEN_BITS)
 * and the output layer A + 12 + log2 n (40 + log2 N + log2 H for today's MLP, the width its decoders read).
 * Features enter with A = 23; a ReLU output of q bits is < 2^(q - 1).
 */
export function denseLayerBits(widths: DenseWidths): number[] {
  const bits: number[] = [];
  let bound = VALUE_BITS - 1;
  for (let l = 1; l < widths.length; l++) {
    const fanIn = ceilLog2(widths[l - 1] as number);
    const last = l === widths.length - 1;
    const q = bound + (last ? 12 : 6) + fanIn;
    if (q > DENSE_MAX_BITS) {
      throw new DenseCircuitError(
        `Layer ${l} of a ${widths.join("-")} network needs ${q}-bit activations, above the field's ${DENSE_MAX_BITS}.`,
        "Use fewer or narrower layers.",
      );
    }
    bits.push(q);
    bound = q - 1;
  }
  return bits;
}

export function denseWidths(model: IntDenseModel): DenseWidths {
  return [model.inputs, ...model.layers.map((layer) => layer.bias.length)];
}

/** The packing of a dense circuit's logits: lane width (the output layer's bits) and lanes per word. */
export function denseLogitPacking(widths: DenseWidths): { bits: number; lanes: number; words: number } {
  const bits = denseLayerBits(widths).at(-1) as number;
  const lanes = Math.floor(MAX_PACKED_BITS / bits);
  return { bits, lanes, words: Math.ceil((widths.at(-1) as number) / lanes) };
}

/** The committed order of a dense model's parameters: per layer, its weights row-major then its biases. */
export function denseWeightVector(model: IntDenseModel): bigint[] {
  return model.layers.flatMap((layer) => [...layer.weights.flat(), ...layer.bias]);
}

export interface DenseOutput {
  /** Every layer's outputs (after ReLU on hidden layers), raw values with 16 fractional bits. */
  activations: bigint[][];
  /** The last layer's outputs. */
  logits: bigint[];
  /** Index of the largest logit, the lowest on a tie (as the circuit's ArgMax and onnxruntime). */
  argmax: number;
}

/** Integer reference: exactly the generated circuit's outputs on raw features. */
export function evaluateDense(model: IntDenseModel, features: readonly bigint[]): DenseOutput {
  if (features.length !== model.inputs) {
    throw new DenseCircuitError(`Expected ${model.inputs} features, got ${features.length}.`);
  }
  const bits = denseLayerBits(denseWidths(model));
  const lift = 1n << BigInt(FRAC_BITS);
  const shift = BigInt(WEIGHT_FRAC_BITS);
  const activations: bigint[][] = [];
  let a: readonly bigint[] = features;
  model.layers.forEach((layer, l) => {
    const half = 1n << BigInt((bits[l] as number) - 1);
    const input = a;
    a = layer.weights.map((row, o) => {
      const acc = row.reduce((sum, w, i) => sum + w * (input[i] as bigint), (layer.bias[o] as bigint) * lift);
      // >> on a bigint rounds toward minus infinity, as FloorDivPow2
      const q = acc >> shift;
      if (q < -half || q >= half) {
        throw new DenseCircuitError(`Layer ${l + 1} output ${o} = ${q} exceeds its ${bits[l]}-bit bound.`);
      }
      return layer.relu && q < 0n ? 0n : q;
    });
    activations.push([...a]);
  });
  const logits = [...a];
  let argmax = 0;
  logits.forEach((v, k) => {
    if (v > (logits[argmax] as bigint)) argmax = k;
  });
  return { activations, logits, argmax };
}
