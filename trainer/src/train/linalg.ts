import { TrainingError } from "./errors.ts";

/** A dense square matrix stored row-major. The trainer's systems are at most 17 × 17, so nothing fancier is needed. */
export type Matrix = number[][];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * Solves `A x = b` for a symmetric positive-definite `A` by Cholesky factorisation. Every caller adds a ridge term to
 * the diagonal, so a failure here means the inputs hold NaN or absurd magnitudes rather than an unlucky dataset.
 *
 * @throws {TrainingError} the matrix is not positive definite.
 */
export function solveSpd(a: Matrix, b: readonly number[]): number[] {
  const n = b.length;
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    const ai = a[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let s = ai[j] as number;
      for (let k = 0; k < j; k++) s -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (!(s > 0)) {
          throw new TrainingError("a least-squares system is not positive definite", {
            details: "the features contain non-finite or extremely large values; check the dataset's scale",
          });
        }
        li[i] = Math.sqrt(s);
      } else {
        li[j] = s / (lj[j] as number);
      }
    }
  }
  // Forward substitution L y = b, then back substitution Lᵀ x = y.
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i]?.[k] as number) * (y[k] as number);
    y[i] = s / (l[i]?.[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k]?.[i] as number) * (x[k] as number);
    x[i] = s / (l[i]?.[i] as number);
  }
  return x;
}
