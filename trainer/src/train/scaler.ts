/**
 * Per-feature standardisation fitted on the training rows. Models train on standardised features (so one learning
 * rate and one ridge penalty suit income in thousands and ratios in [0, 1] alike) and then fold the scaler into their
 * first layer: the published weights act on raw features, which is what the circuits receive.
 */
export type Scaler = { readonly mean: number[]; readonly std: number[] };

export function fitScaler(x: readonly (readonly number[])[]): Scaler {
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number) / x.length;
  for (const row of x) {
    for (let j = 0; j < d; j++)
      std[j] = (std[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / x.length;
  }
  // A constant column carries no information; dividing by 1 keeps it harmless instead of producing NaN.
  return { mean, std: std.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

export function scale(scaler: Scaler, row: readonly number[]): number[] {
  return row.map((v, j) => (v - (scaler.mean[j] as number)) / (scaler.std[j] as number));
}

/**
 * Folds the scaler into an affine unit `w · scale(x) + b`, returning `(w', b')` with `w' · x + b'` equal to it.
 */
export function foldAffine(scaler: Scaler, w: readonly number[], b: number): { w: number[]; b: number } {
  const folded = w.map((v, j) => v / (scaler.std[j] as number));
  const shift = folded.reduce((s, v, j) => s + v * (scaler.mean[j] as number), 0);
  return { w: folded, b: b - shift };
}
