import type { Prng } from "../data/prng.ts";
import { dot } from "./linalg.ts";
import type { Samples } from "./samples.ts";
import { fitScaler, foldAffine, scale } from "./scaler.ts";

/**
 * A one-hidden-layer perceptron over raw features, the shape of the MLP circuit: `h = ReLU(W1 x + b1)`,
 * `logits = W2 h + b2`, class = arg-max of the logits (ties to the lowest index, as in the circuit).
 */
export type MlpModel = {
  /** [hidden][inputs] */
  readonly w1: number[][];
  readonly b1: number[];
  /** [classes][hidden] */
  readonly w2: number[][];
  readonly b2: number[];
};

export type MlpOptions = {
  hidden: number;
  classes: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Decoupled weight decay (AdamW), applied to weights but not biases. */
  weightDecay: number;
  /** Per-row loss weights; all ones when undefined. */
  sampleWeights?: readonly number[] | undefined;
};

export const DEFAULT_MLP_OPTIONS: MlpOptions = {
  hidden: 32,
  classes: 4,
  epochs: 60,
  batchSize: 32,
  learningRate: 0.005,
  // Strong decay: on the price data it costs no test accuracy and keeps weights small, far from the fixed-point limit.
  weightDecay: 0.2,
};

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** One Adam moment pair per parameter array, updated in place. */
class AdamState {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: number[], grads: Float64Array, lr: number, t: number, decay: number): void {
    const c1 = 1 - BETA1 ** t;
    const c2 = 1 - BETA2 ** t;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] as number;
      this.m[i] = BETA1 * (this.m[i] as number) + (1 - BETA1) * g;
      this.v[i] = BETA2 * (this.v[i] as number) + (1 - BETA2) * g * g;
      const update = (this.m[i] as number) / c1 / (Math.sqrt((this.v[i] as number) / c2) + EPSILON);
      params[i] = (params[i] as number) * (1 - lr * decay) - lr * update;
    }
  }
}

/**
 * Trains with mini-batch AdamW on softmax cross-entropy over standardised features, then folds the scaler into the
 * first layer. He initialisation and the batch order both come from `rng`, so a seed fixes the result exactly.
 */
export function fitMlp(samples: Samples, rng: Prng, options: MlpOptions = DEFAULT_MLP_OPTIONS): MlpModel {
  const scaler = fitScaler(samples.x);
  const xs = samples.x.map((row) => scale(scaler, row));
  const n = xs.length;
  const inputs = xs[0]?.length ?? 0;
  const { hidden, classes } = options;
  const sw = options.sampleWeights ?? samples.y.map(() => 1);

  // Flat parameter arrays keep the optimiser generic: w1 is hidden × inputs row-major, w2 classes × hidden.
  const heScale1 = Math.sqrt(2 / inputs);
  const heScale2 = Math.sqrt(2 / hidden);
  const w1 = Array.from({ length: hidden * inputs }, () => heScale1 * rng.normal());
  const b1 = new Array<number>(hidden).fill(0);
  const w2 = Array.from({ length: classes * hidden }, () => heScale2 * rng.normal());
  const b2 = new Array<number>(classes).fill(0);
  const adam = [w1, b1, w2, b2].map((p) => new AdamState(p.length));
  const grads = [w1, b1, w2, b2].map((p) => new Float64Array(p.length));

  const h = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  const dLogits = new Float64Array(classes);
  const dh = new Float64Array(hidden);
  let t = 0;
  const order = Array.from({ length: n }, (_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < n; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const g of grads) g.fill(0);
      const [gw1, gb1, gw2, gb2] = grads as [Float64Array, Float64Array, Float64Array, Float64Array];
      for (const i of batch) {
        const x = xs[i] as number[];
        for (let j = 0; j < hidden; j++) {
          let s = b1[j] as number;
          for (let k = 0; k < inputs; k++) s += (w1[j * inputs + k] as number) * (x[k] as number);
          h[j] = Math.max(s, 0);
        }
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < classes; c++) {
          let s = b2[c] as number;
          for (let j = 0; j < hidden; j++) s += (w2[c * hidden + j] as number) * (h[j] as number);
          logits[c] = s;
          if (s > max) max = s;
        }
        let z = 0;
        for (let c = 0; c < classes; c++) z += Math.exp((logits[c] as number) - max);
        const weight = (sw[i] as number) / batch.length;
        for (let c = 0; c < classes; c++) {
          const p = Math.exp((logits[c] as number) - max) / z;
          dLogits[c] = weight * (p - (c === samples.y[i] ? 1 : 0));
        }
        dh.fill(0);
        for (let c = 0; c < classes; c++) {
          const d = dLogits[c] as number;
          gb2[c] = (gb2[c] as number) + d;
          for (let j = 0; j < hidden; j++) {
            gw2[c * hidden + j] = (gw2[c * hidden + j] as number) + d * (h[j] as number);
            dh[j] = (dh[j] as number) + d * (w2[c * hidden + j] as number);
          }
        }
        for (let j = 0; j < hidden; j++) {
          if ((h[j] as number) <= 0) continue;
          const d = dh[j] as number;
          gb1[j] = (gb1[j] as number) + d;
          for (let k = 0; k < inputs; k++) gw1[j * inputs + k] = (gw1[j * inputs + k] as number) + d * (x[k] as number);
        }
      }
      t++;
      adam[0]?.step(w1, gw1, options.learningRate, t, options.weightDecay);
      adam[1]?.step(b1, gb1, options.learningRate, t, 0);
      adam[2]?.step(w2, gw2, options.learningRate, t, options.weightDecay);
      adam[3]?.step(b2, gb2, options.learningRate, t, 0);
    }
  }

  const layer1 = Array.from({ length: hidden }, (_, j) =>
    foldAffine(scaler, w1.slice(j * inputs, (j + 1) * inputs), b1[j] as number),
  );
  return {
    w1: layer1.map((u) => u.w),
    b1: layer1.map((u) => u.b),
    w2: Array.from({ length: classes }, (_, c) => w2.slice(c * hidden, (c + 1) * hidden)),
    b2,
  };
}

/** The logits for raw features `x`. */
export function mlpLogits(model: MlpModel, x: readonly number[]): number[] {
  const h = model.w1.map((row, j) => Math.max(0, dot(row, x) + (model.b1[j] as number)));
  return model.w2.map((row, c) => dot(row, h) + (model.b2[c] as number));
}

/** Arg-max class; ties go to the lowest index, as in the circuit. */
export function predictMlp(model: MlpModel, x: readonly number[]): number {
  const logits = mlpLogits(model, x);
  let best = 0;
  for (let c = 1; c < logits.length; c++) if ((logits[c] as number) > (logits[best] as number)) best = c;
  return best;
}
