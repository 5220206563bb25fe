import type { AuditRow } from "../../circuits/src/audit/auditSet.ts";
import { type AuditCounts, packAuditCounts, tallyDecisions } from "../../circuits/src/audit/counts.ts";
import { AUDIT_COUNT_BITS, AUDIT_COUNT_NAMES } from "../../circuits/src/audit/params.ts";
import type { Forgery } from "./helpers.ts";

/**
 * The forgeries every fairness-audit circuit must refuse share their tally (circuits/lib/audit_tally.circom, the
 * component `main.tally`): these rewrite it as a consistent cheating prover would.
 */

/** Rewrites the tally's counts, their range checks and the packed public word for forged counts. */
export function forgeAuditCounts(f: Forgery, counts: AuditCounts): void {
  const checks = f.rangeChecks().filter((name) => name.startsWith("main.tally."));
  checks.sort((a, b) => Number(/\[(\d+)\]$/.exec(a)?.[1]) - Number(/\[(\d+)\]$/.exec(b)?.[1]));
  counts.forEach((group, g) => {
    AUDIT_COUNT_NAMES.forEach((name, k) => {
      const lane = g * AUDIT_COUNT_NAMES.length + k;
      f.set(`main.tally.count[${lane}]`, BigInt(group[name]));
      f.rebit(checks[lane] as string, BigInt(group[name]), AUDIT_COUNT_BITS);
    });
  });
  f.set("main.counts", packAuditCounts(counts));
}

/**
 * Flips row `row`'s decision (the wire `decisionWire`) against the model's `decisions`, then rewrites the tally's
 * products for that row and every count as a consistent forger would, so that only the decision's own test can object.
 */
export function forgeFlippedDecision(
  f: Forgery,
  rows: readonly AuditRow[],
  decisions: readonly boolean[],
  row: number,
  decisionWire: string,
): void {
  const flipped = decisions.map((d, i) => (i === row ? !d : d));
  const d = flipped[row] ? 1n : 0n;
  f.set(decisionWire, d);
  const r = rows[row] as AuditRow;
  const g = BigInt(r.group);
  const label = r.label === true ? 1n : 0n;
  const labeled = r.label === undefined ? 0n : 1n;
  f.set(`main.tally.inGroup1Positive[${row}]`, g * d);
  f.set(`main.tally.truePositive[${row}]`, d * label);
  f.set(`main.tally.labeledPositive[${row}]`, d * labeled);
  f.set(`main.tally.inGroup1TruePositive[${row}]`, g * d * label);
  f.set(`main.tally.inGroup1LabeledPositive[${row}]`, g * d * labeled);
  forgeAuditCounts(f, tallyDecisions(rows, flipped));
}
