/**
 * How the explorer writes a proven fairness audit: exact ratios as the registry records them, with their decimal
 * value, and the four-fifths reading of the disparate-impact ratio. Pure functions: the unit tests pin them down.
 */
import type { AuditGroupCounts, AuditRatio } from "../chain/audits.ts";

const MINUS = "\u2212";

/** The four-fifths rule: a disparate-impact ratio below 4/5 is the usual sign of adverse impact. */
export const FOUR_FIFTHS: AuditRatio = { numerator: 4n, denominator: 5n };

/**
 * An exact ratio as `num/den (decimal)`, with a true minus; "—" when it does not exist (denominator 0).
 *
 * @example formatRatio({ numerator: -16n, denominator: 51n }) // "−16/51 (−0.314)"
 */
export function formatRatio(ratio: AuditRatio, digits = 3): string {
  if (ratio.denominator === 0n) return "—";
  const negative = ratio.numerator < 0n;
  const abs = negative ? -ratio.numerator : ratio.numerator;
  const decimal = (Number(abs) / Number(ratio.denominator)).toFixed(digits);
  const sign = negative ? MINUS : "";
  return ratio.denominator === 1n ? `${sign}${abs}` : `${sign}${abs}/${ratio.denominator} (${sign}${decimal})`;
}

/** Whether a disparate-impact ratio exists and falls below four fifths (exact: a * 5 < 4 * b). */
export function belowFourFifths(ratio: AuditRatio): boolean {
  return (
    ratio.denominator !== 0n && ratio.numerator * FOUR_FIFTHS.denominator < FOUR_FIFTHS.numerator * ratio.denominator
  );
}

/** A group's decisions: "6 of 17 positive", and where outcomes are known how many positive outcomes it caught. */
export function formatGroupCounts(counts: AuditGroupCounts): string {
  const decided = `${counts.positives} of ${counts.rows} positive`;
  if (counts.labeled === 0) return decided;
  return `${decided}; ${counts.truePositives} of ${counts.labelPositives} positive outcomes`;
}
