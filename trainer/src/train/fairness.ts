/**
 * Reweighing (Kamiran & Calders, 2012): the pre-processing correction the trainer applies with
 * `--fairness reweigh`. Each training row of group g and label y gets weight P(g)·P(y) / P(g, y), so that in the
 * weighted data the label is statistically independent of the sensitive attribute. A model fitted on it can no
 * longer profit from reproducing a historical bias through proxy features, and the features themselves are left
 * untouched (nothing is hidden from the committed dataset). Weights average to 1.
 */
export function reweighingWeights(groups: readonly number[], labels: readonly number[]): number[] {
  const n = labels.length;
  const pg = new Map<number, number>();
  const py = new Map<number, number>();
  const pgy = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i] as number;
    const y = labels[i] as number;
    pg.set(g, (pg.get(g) ?? 0) + 1 / n);
    py.set(y, (py.get(y) ?? 0) + 1 / n);
    pgy.set(`${g}:${y}`, (pgy.get(`${g}:${y}`) ?? 0) + 1 / n);
  }
  return labels.map((y, i) => {
    const g = groups[i] as number;
    return ((pg.get(g) as number) * (py.get(y) as number)) / (pgy.get(`${g}:${y}`) as number);
  });
}
