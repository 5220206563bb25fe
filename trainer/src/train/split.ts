import type { Prng } from "../data/prng.ts";

/** Row indices of a train/test split. */
export type Split = { readonly train: number[]; readonly test: number[] };

/**
 * Holds out `round(n × testFraction)` random rows (at least one, and at least one left to train on when n ≥ 2).
 * Each contribution is split separately, so every contributor is represented in the test split in proportion to
 * the size of their data. Indices come back in ascending order so downstream work does not depend on the shuffle.
 */
export function holdOut(n: number, testFraction: number, rng: Prng): Split {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const testSize = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  const byIndex = (a: number, b: number) => a - b;
  return { test: order.slice(0, testSize).sort(byIndex), train: order.slice(testSize).sort(byIndex) };
}
