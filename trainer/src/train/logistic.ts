import { dot, solveSpd, zeros } from "./linalg.ts";
import type { Samples } from "./samples.ts";
import { fitScaler, foldAffine, scale } from "./scaler.ts";

/**
 * A logistic classifier over raw features, the shape of the classifier circuit: `score = w · x + bias`, approve
 * when `score >= threshold`. The threshold is on the logit, so no sigmoid is needed to decide (0 ↔ probability ½).
 */
export type LogisticModel = {
  readonly weights: number[];
  readonly bias: number;
  readonly threshold: number;
};

export type LogisticOptions = {
  /** Ridge penalty on the standardised weights (not on the bias); keeps small or separable coalitions finite. */
  l2: number;
  /** Per-row weights (e.g. fairness reweighing); all ones when undefined. */
  sampleWeights?: readonly number[] | undefined;
  /** Decision threshold on the logit. */
  threshold: number;
};

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { l2: 1, threshold: 0 };

const MAX_NEWTON_STEPS = 50;
const NEWTON_TOLERANCE = 1e-9;

/**
 * Fits by Newton's method (iteratively reweighted least squares) on standardised features. Newton needs no
 * learning rate and converges in a handful of steps on 17 parameters, and it is deterministic: the same rows
 * always give the same weights, which the valuation's many refits rely on.
 */
export function fitLogistic(samples: Samples, options: LogisticOptions = DEFAULT_LOGISTIC_OPTIONS): LogisticModel {
  const scaler = fitScaler(samples.x);
  const xs = samples.x.map((row) => [...scale(scaler, row), 1]);
  const d = xs[0]?.length ?? 1;
  const sw = options.sampleWeights ?? samples.y.map(() => 1);
  let beta = new Array<number>(d).fill(0);

  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const hessian = zeros(d, d);
    const gradient = new Array<number>(d).fill(0);
    xs.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-dot(beta, row)));
      const w = sw[i] as number;
      const r = w * (p - (samples.y[i] as number));
      const curvature = w * p * (1 - p);
      for (let a = 0; a < d; a++) {
        gradient[a] = (gradient[a] as number) + r * (row[a] as number);
        const ha = hessian[a] as number[];
        for (let b = 0; b <= a; b++) ha[b] = (ha[b] as number) + curvature * (row[a] as number) * (row[b] as number);
      }
    });
    // Ridge on every coordinate but the last (the intercept), then mirror the lower triangle.
    for (let a = 0; a < d; a++) {
      const ha = hessian[a] as number[];
      if (a < d - 1) {
        ha[a] = (ha[a] as number) + options.l2;
        gradient[a] = (gradient[a] as number) + options.l2 * (beta[a] as number);
      } else {
        ha[a] = (ha[a] as number) + 1e-9;
      }
      for (let b = 0; b < a; b++) (hessian[b] as number[])[a] = ha[b] as number;
    }
    const delta = solveSpd(hessian, gradient);
    beta = beta.map((v, a) => v - (delta[a] as number));
    if (Math.max(...delta.map(Math.abs)) < NEWTON_TOLERANCE) break;
  }

  const folded = foldAffine(scaler, beta.slice(0, d - 1), beta[d - 1] as number);
  return { weights: folded.w, bias: folded.b, threshold: options.threshold };
}

/** The logit `w · x + bias`. */
export function logisticScore(model: LogisticModel, x: readonly number[]): number {
  return dot(model.weights, x) + model.bias;
}

/** 1 (approve) when the logit reaches the threshold, else 0. */
export function predictLogistic(model: LogisticModel, x: readonly number[]): number {
  return logisticScore(model, x) >= model.threshold ? 1 : 0;
}
