import { describe, expect, it } from "vitest";
import { createPrng } from "../../trainer/src/data/prng.ts";
import { TrainingError } from "../../trainer/src/train/errors.ts";
import { reweighingWeights } from "../../trainer/src/train/fairness.ts";
import { accuracy, biasReport, majorityRate } from "../../trainer/src/train/metrics.ts";
import {
  exactShapley,
  monteCarloShapley,
  rewardWeights,
  shapleyValues,
  type Utility,
} from "../../trainer/src/train/valuation.ts";

const members = (mask: number, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));

describe("exactShapley()", () => {
  it("gives each player their own worth in an additive game", () => {
    const worth = [0.1, 0.25, 0, -0.05];
    const v: Utility = (mask) => 0.5 + members(mask, 4).reduce((s, i) => s + (worth[i] as number), 0);
    const result = exactShapley(4, v);
    for (const [i, value] of result.values.entries()) expect(value).toBeCloseTo(worth[i] as number, 12);
    expect(result.baseline).toBe(0.5);
    expect(result.evaluations).toBe(16);
  });

  it("splits a synergy equally between the players it needs and ignores a null player", () => {
    // Players 0 and 1 are worth 1 only together; player 2 never changes anything.
    const v: Utility = (mask) => ((mask & 0b011) === 0b011 ? 1 : 0);
    const { values } = exactShapley(3, v);
    expect(values[0]).toBeCloseTo(0.5, 12);
    expect(values[1]).toBeCloseTo(0.5, 12);
    expect(values[2]).toBeCloseTo(0, 12);
  });

  it("is efficient: values sum to v(all) − v(∅) for an arbitrary game", () => {
    const rng = createPrng(9);
    const table = Array.from({ length: 1 << 6 }, () => rng.next());
    const result = exactShapley(6, (mask) => table[mask] as number);
    expect(result.values.reduce((a, b) => a + b, 0)).toBeCloseTo(result.full - result.baseline, 12);
  });

  it("refuses more players than it can enumerate", () => {
    expect(() => exactShapley(11, () => 0)).toThrow(TrainingError);
  });
});

describe("monteCarloShapley()", () => {
  it("is exactly efficient and converges to the exact values", () => {
    const rng = createPrng(3);
    const table = Array.from(
      { length: 1 << 5 },
      (_, mask) => members(mask, 5).length ** 1.5 * (0.5 + rng.next() * 0.1),
    );
    const v: Utility = (mask) => table[mask] as number;
    const exact = exactShapley(5, v);
    const estimate = monteCarloShapley(5, v, 4000, createPrng(1));
    expect(estimate.values.reduce((a, b) => a + b, 0)).toBeCloseTo(exact.full - exact.baseline, 9);
    for (const [i, value] of estimate.values.entries()) {
      expect(Math.abs(value - (exact.values[i] as number))).toBeLessThan(0.02);
    }
    expect(estimate.permutations).toBe(4000);
  });

  it("is chosen automatically beyond ten contributors and is reproducible for a seed", () => {
    const v: Utility = (mask) => members(mask, 12).length / 12;
    const a = shapleyValues(12, v, createPrng(4), 50);
    const b = shapleyValues(12, v, createPrng(4), 50);
    expect(a.method).toBe("monte-carlo-shapley");
    expect(a.values).toEqual(b.values);
    for (const value of a.values) expect(value).toBeCloseTo(1 / 12, 12);
    expect(shapleyValues(3, v, createPrng(4)).method).toBe("exact-shapley");
  });
});

describe("rewardWeights()", () => {
  it("clips negatives to 0, rounds down to 1e-6 units and sums to the total", () => {
    const { weights, total } = rewardWeights([0.0883, -0.0092, 0.12345678, 0.0000009]);
    expect(weights).toEqual([88_300n, 0n, 123_456n, 0n]);
    expect(total).toBe(211_756n);
  });

  it("refuses a version where no contribution has value", () => {
    expect(() => rewardWeights([-0.1, 0, 0.0000001])).toThrow(/no contribution improved the model/);
  });
});

describe("metrics", () => {
  it("computes accuracy, majority rate, demographic-parity and equal-opportunity differences", () => {
    const actual = [1, 1, 0, 0, 1, 1, 0, 0];
    const predicted = [1, 1, 1, 0, 1, 0, 0, 0];
    const groups = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(accuracy(predicted, actual)).toBe(0.75);
    expect(majorityRate([1, 1, 1, 0])).toBe(0.75);
    const bias = biasReport(predicted, actual, groups);
    // Group 0 approved 3/4, group 1 approved 1/4; qualified applicants: 2/2 vs 1/2.
    expect(bias.positiveRateByGroup).toEqual({ "0": 0.75, "1": 0.25 });
    expect(bias.demographicParityDifference).toBe(0.5);
    expect(bias.equalOpportunityDifference).toBe(0.5);
  });

  it("reweighs so that the label is independent of the group in the weighted data", () => {
    const groups = [0, 0, 0, 0, 0, 1, 1, 1];
    const labels = [1, 1, 1, 1, 0, 1, 0, 0];
    const w = reweighingWeights(groups, labels);
    const weighted = (g: number, y?: number) =>
      w.reduce((s, wi, i) => s + (groups[i] === g && (y === undefined || labels[i] === y) ? wi : 0), 0);
    expect(weighted(0, 1) / weighted(0)).toBeCloseTo(weighted(1, 1) / weighted(1), 12);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(labels.length, 12);
  });
});
