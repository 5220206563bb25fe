/**
 * Evaluation metrics, computed on the held-out test split. The bias metrics follow the usual fairness
 * definitions for a "positive" outcome (class 1 = approve):
 * - demographic-parity difference: max − min over groups of P(ŷ = positive | group);
 * - equal-opportunity difference: max − min over groups of P(ŷ = positive | y = positive, group).
 * 0 means every group is treated alike; both are reported so the model card can show the trade-off.
 */

export function accuracy(predicted: readonly number[], actual: readonly number[]): number {
  if (actual.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) hits++;
  return hits / actual.length;
}

/** Share of the most frequent class: the accuracy of a model that learned nothing but the class balance. */
export function majorityRate(actual: readonly number[]): number {
  if (actual.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const y of actual) counts.set(y, (counts.get(y) ?? 0) + 1);
  return Math.max(...counts.values()) / actual.length;
}

/** Rate of `predicted === positive` per group, over the rows `keep` selects. */
function positiveRateByGroup(
  predicted: readonly number[],
  groups: readonly number[],
  positive: number,
  keep: (i: number) => boolean,
): Map<number, number> {
  const tally = new Map<number, { pos: number; all: number }>();
  for (let i = 0; i < predicted.length; i++) {
    if (!keep(i)) continue;
    const g = groups[i] as number;
    const t = tally.get(g) ?? { pos: 0, all: 0 };
    t.all++;
    if (predicted[i] === positive) t.pos++;
    tally.set(g, t);
  }
  return new Map([...tally].map(([g, t]) => [g, t.pos / t.all]));
}

function spread(rates: Map<number, number>): number {
  if (rates.size < 2) return 0;
  const values = [...rates.values()];
  return Math.max(...values) - Math.min(...values);
}

export type BiasReport = {
  /** Positive-outcome rate per group value, for the model card. */
  readonly positiveRateByGroup: Record<string, number>;
  readonly demographicParityDifference: number;
  readonly equalOpportunityDifference: number;
};

/** Bias of binary or multi-class predictions towards `positive`, across the values of a sensitive attribute. */
export function biasReport(
  predicted: readonly number[],
  actual: readonly number[],
  groups: readonly number[],
  positive = 1,
): BiasReport {
  const all = positiveRateByGroup(predicted, groups, positive, () => true);
  const qualified = positiveRateByGroup(predicted, groups, positive, (i) => actual[i] === positive);
  return {
    positiveRateByGroup: Object.fromEntries([...all].sort(([a], [b]) => a - b).map(([g, r]) => [String(g), r])),
    demographicParityDifference: spread(all),
    equalOpportunityDifference: spread(qualified),
  };
}
