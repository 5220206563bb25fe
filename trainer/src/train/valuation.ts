import type { Prng } from "../data/prng.ts";
import { TrainingError } from "./errors.ts";

/**
 * Contribution valuation by the Shapley value over contributors (Ghorbani & Zou, "Data Shapley", 2019): a
 * contributor's value is their marginal gain in test utility, averaged over every order in which the
 * contributors could have joined. It is the only split of the total gain that is efficient (values add up to
 * v(all) − v(∅)), symmetric, and gives zero to data that never helps.
 *
 * The utility of a coalition is the model's test-split score when trained on that coalition's training rows only;
 * v(∅) is the score of a model that saw no data (see each family's baseline).
 */

/** Utility of a coalition given as a bit mask over contributors (bit i = contributor i). */
export type Utility = (mask: number) => number;

export type ShapleyResult = {
  readonly method: "exact-shapley" | "monte-carlo-shapley";
  /** Shapley value per contributor, in utility units (e.g. accuracy points as a fraction). */
  readonly values: number[];
  /** v(∅). */
  readonly baseline: number;
  /** v(all contributors). */
  readonly full: number;
  /** Distinct coalitions trained. */
  readonly evaluations: number;
  /** Permutations sampled (Monte-Carlo only). */
  readonly permutations?: number;
};

/** Up to this many contributors, every coalition is trained (2^n − 1 fits); beyond, permutations are sampled. */
export const MAX_EXACT_CONTRIBUTORS = 10;
/** Permutations sampled by the Monte-Carlo estimator unless told otherwise. */
export const DEFAULT_PERMUTATIONS = 200;

function memoise(utility: Utility): { v: Utility; count: () => number } {
  const cache = new Map<number, number>();
  return {
    v: (mask) => {
      let value = cache.get(mask);
      if (value === undefined) {
        value = utility(mask);
        cache.set(mask, value);
      }
      return value;
    },
    count: () => cache.size,
  };
}

function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m !== 0; m &= m - 1) c++;
  return c;
}

/** Exact Shapley values: φ_i = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)). */
export function exactShapley(n: number, utility: Utility): ShapleyResult {
  if (n > MAX_EXACT_CONTRIBUTORS) {
    throw new TrainingError(`exact Shapley over ${n} contributors would train ${2 ** n - 1} models`, {
      details: `use the Monte-Carlo estimator (more than ${MAX_EXACT_CONTRIBUTORS} contributors)`,
    });
  }
  const { v, count } = memoise(utility);
  const factorial = [1];
  for (let k = 1; k <= n; k++) factorial.push((factorial[k - 1] as number) * k);
  const values = new Array<number>(n).fill(0);
  const full = (1 << n) - 1;
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let s = 0; s <= full; s++) {
      if (s & bit) continue;
      const size = popcount(s);
      const weight = ((factorial[size] as number) * (factorial[n - size - 1] as number)) / (factorial[n] as number);
      values[i] = (values[i] as number) + weight * (v(s | bit) - v(s));
    }
  }
  return { method: "exact-shapley", values, baseline: v(0), full: v(full), evaluations: count() };
}

/**
 * Monte-Carlo Shapley: the average marginal gain over `permutations` seeded random orders. Unbiased; its error
 * shrinks as 1/√permutations, and efficiency (values summing to v(all) − v(∅)) holds exactly for any sample.
 */
export function monteCarloShapley(n: number, utility: Utility, permutations: number, rng: Prng): ShapleyResult {
  const { v, count } = memoise(utility);
  const values = new Array<number>(n).fill(0);
  for (let p = 0; p < permutations; p++) {
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    let mask = 0;
    let previous = v(0);
    for (const i of order) {
      mask |= 1 << i;
      const current = v(mask);
      values[i] = (values[i] as number) + (current - previous) / permutations;
      previous = current;
    }
  }
  return {
    method: "monte-carlo-shapley",
    values,
    baseline: v(0),
    full: v((1 << n) - 1),
    evaluations: count(),
    permutations,
  };
}

/** Exact for up to {@link MAX_EXACT_CONTRIBUTORS} contributors, Monte-Carlo beyond. */
export function shapleyValues(
  n: number,
  utility: Utility,
  rng: Prng,
  permutations = DEFAULT_PERMUTATIONS,
): ShapleyResult {
  if (n < 1 || n > 30) {
    throw new TrainingError(`cannot value ${n} contributors`, {
      details: "valuation supports 1 to 30 contributions per model version; merge or split the data folders",
    });
  }
  return n <= MAX_EXACT_CONTRIBUTORS ? exactShapley(n, utility) : monteCarloShapley(n, utility, permutations, rng);
}

/**
 * On-chain unit of a contribution weight: one weight unit is 10⁻⁶ of a utility point (for the classifiers, one
 * millionth of test accuracy; for the recommender, one millionth of recall@3). A contributor who raised test
 * accuracy by 4.2 points on average therefore weighs 42,000.
 */
export const WEIGHT_UNITS_PER_UTILITY = 1_000_000;

/**
 * Integer reward weights: Shapley values clipped at zero (data that hurt the model earns nothing rather than
 * owing something), times {@link WEIGHT_UNITS_PER_UTILITY}, rounded down so a weight never overstates a value.
 * The total weight recorded on chain is the exact sum of these integers.
 *
 * @throws {TrainingError} every weight is zero: no contribution improved on a model that saw no data.
 */
export function rewardWeights(values: readonly number[]): { weights: bigint[]; total: bigint } {
  const weights = values.map((v) => BigInt(Math.floor(Math.max(0, v) * WEIGHT_UNITS_PER_UTILITY)));
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) {
    throw new TrainingError("no contribution improved the model over the no-data baseline", {
      details: "every Shapley value is ≤ 0, so no rewards could be shared; check the labels and the feature columns",
    });
  }
  return { weights, total };
}
