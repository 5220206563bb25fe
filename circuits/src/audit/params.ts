/**
 * The numbers of a fairness audit; circuits/lib/audit_params.circom holds the same ones for the circuits (the audit
 * tests would fail if they drifted apart).
 */

/** Audit sets are committed under their own domain (weights 1, inputs 2, tree blocks 3). */
export const DOMAIN_AUDIT_SET = 5n;

/** Bits of a row's flags value: group + 2 * label + 4 * labeled. */
export const AUDIT_FLAG_GROUP = 1n;
export const AUDIT_FLAG_LABEL = 2n;
export const AUDIT_FLAG_LABELED = 4n;

/** The six counts of each group, in lane order (group 0's lanes 0..5, then group 1's lanes 6..11). */
export const AUDIT_COUNT_NAMES = [
  "rows",
  "positives",
  "labeled",
  "labelPositives",
  "truePositives",
  "falsePositives",
] as const;
export type AuditCountName = (typeof AUDIT_COUNT_NAMES)[number];

/** Width of a count's lane in the public counts word. */
export const AUDIT_COUNT_BITS = 16;

/** Every count is at most the row count, which must therefore fit a lane. */
export const AUDIT_MAX_ROWS = (1 << AUDIT_COUNT_BITS) - 1;
