import type { Table } from "./canonical.ts";
import type { Prng } from "./prng.ts";

/**
 * The 16 applicant features, in column order. None of them is the sensitive attribute itself. Every value stays
 * within ±128, the range of the circuits' signed fixed point, so a row can be proven as it is.
 */
export const CREDIT_FEATURES = [
  "income_k",
  "savings_k",
  "debt_ratio",
  "credit_history_years",
  "open_accounts",
  "late_payments",
  "utilization",
  "employment_years",
  "loan_amount_k",
  "loan_term_years",
  "home_owner",
  "recent_inquiries",
  "dependents",
  "region_score",
  "education_score",
  "payment_regularity",
] as const;

/** Name of the sensitive column (1 = the protected group) and of the label column (1 = approve). */
export const CREDIT_SENSITIVE = "group";
export const CREDIT_LABEL = "label";

export type CreditOptions = {
  /** Rows for this contributor. */
  rows: number;
  /**
   * Historical bias in [0, 1]: the probability that a creditworthy applicant of the protected group was recorded
   * as denied. 0 = fair labels; the demo's "biased" dataset uses 0.6.
   */
  bias: number;
  /** Probability in [0, 1] that a label is replaced by a coin flip; 1 makes this contributor's labels pure noise. */
  labelNoise: number;
};

/**
 * Generates credit applications. A hidden creditworthiness score drives most features (with realistic signs:
 * income and savings up, late payments and utilisation down) and the label; the protected group shares the same
 * score distribution, so with `bias = 0` a good model approves both groups at the same rate. `region_score` carries
 * no information about creditworthiness but is correlated with the group: it is the proxy through which a model
 * trained on biased labels learns to discriminate without ever seeing the `group` column.
 */
export function generateCredit(rng: Prng, options: CreditOptions): Table {
  const rows: number[][] = [];
  for (let i = 0; i < options.rows; i++) {
    const group = rng.bernoulli(0.4) ? 1 : 0;
    const z = rng.normal();
    const n = (scale: number) => scale * rng.normal();
    const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

    const features = [
      clamp(45 + 14 * z + n(10), 8, 120), // income_k
      clamp(12 + 8 * z + n(6), 0, 80), // savings_k
      clamp(0.35 - 0.08 * z + n(0.06), 0.02, 0.95), // debt_ratio
      clamp(9 + 3 * z + n(3.5), 0, 40), // credit_history_years
      Math.round(clamp(5 + n(2), 0, 20)), // open_accounts: uninformative noise
      Math.round(clamp(1.2 - 1.1 * z + n(0.8), 0, 12)), // late_payments
      clamp(0.45 - 0.15 * z + n(0.12), 0, 1), // utilization
      clamp(6 + 2.5 * z + n(3), 0, 40), // employment_years
      clamp(18 + n(7), 1, 60), // loan_amount_k: uninformative noise
      Math.round(clamp(4 + n(1.5), 1, 10)), // loan_term_years: uninformative noise
      rng.bernoulli(1 / (1 + Math.exp(-(0.9 * z - 0.2)))) ? 1 : 0, // home_owner
      Math.round(clamp(2 - 0.7 * z + n(1), 0, 10)), // recent_inquiries
      Math.round(clamp(1.5 + n(1.1), 0, 6)), // dependents: uninformative noise
      clamp(70 - 40 * group + n(8), 0, 100), // region_score: strong group proxy, no credit signal
      clamp(3 + 0.6 * z + n(1), 0, 6), // education_score
      clamp(0.8 + 0.08 * z + n(0.05), 0, 1), // payment_regularity
    ];

    // The score decides, with logistic noise around it: fair labels are about 85% predictable from the features.
    let label = rng.bernoulli(1 / (1 + Math.exp(-4 * z))) ? 1 : 0;
    if (group === 1 && label === 1 && rng.bernoulli(options.bias)) label = 0;
    if (rng.bernoulli(options.labelNoise)) label = rng.bernoulli(0.5) ? 1 : 0;

    rows.push([...features, group, label]);
  }
  return { columns: [...CREDIT_FEATURES, CREDIT_SENSITIVE, CREDIT_LABEL], rows };
}
