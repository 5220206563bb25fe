/**
 * The proving targets of issue #15 (2-core machine, warm prover) and the yardstick they are read against: the
 * circomlib-ml MLP 16-32-4 proved in the same run, so a loaded machine slows both sides alike.
 */
export const YARDSTICK = { case: "mlp-16x32x4", unit: "× circomlib-ml MLP 16-32-4 warm proof" } as const;

export const TARGETS: { case: string; ms: number; what: string }[] = [
  { case: "trees-50x6x32", ms: 2000, what: "50-tree depth-6 ensemble on 32 features" },
  { case: "mlp-64x128x10", ms: 2000, what: "MLP 64-128-10" },
  { case: "logistic-64", ms: 400, what: "64-feature logistic model with contributions" },
];

/** No compiled shape's verifier may cost more than this fraction above the pairing floor. */
export const VERIFIER_FLOOR_MARGIN = 0.05;
