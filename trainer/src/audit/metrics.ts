import type { AuditCounts, GroupCounts } from "@symbiote/circuits";

/** An exact rational num / den in lowest terms, den > 0. */
export type Rational = { num: bigint; den: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num / den in lowest terms; undefined for a zero denominator (the metric does not exist for these counts). */
export function rational(num: bigint, den: bigint): Rational | undefined {
  if (den === 0n) return undefined;
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den) as Rational;
}

function div(a: Rational, b: Rational): Rational | undefined {
  return rational(a.num * b.den, a.den * b.num);
}

/** Share of a group's rows with a positive decision. */
export function selectionRate(c: GroupCounts): Rational | undefined {
  return rational(BigInt(c.positives), BigInt(c.rows));
}

/** Share of a group's label-positive rows the model decided positive (recall). */
export function truePositiveRate(c: GroupCounts): Rational | undefined {
  return rational(BigInt(c.truePositives), BigInt(c.labelPositives));
}

/** Share of a group's labeled negative rows the model decided positive. */
export function falsePositiveRate(c: GroupCounts): Rational | undefined {
  return rational(BigInt(c.falsePositives), BigInt(c.labeled - c.labelPositives));
}

/**
 * The fairness metrics of an audit, exact from its proven counts; each is undefined when a group lacks the rows it
 * needs (no rows, no label-positive rows, or a reference selection rate of 0 for the ratio). Group 1 is the
 * protected group, group 0 the reference: a difference below 0 and a ratio below 1 disfavour the protected group.
 */
export type FairnessMetrics = {
  /** selection rate (protected) - selection rate (reference); 0 is parity. */
  demographicParityDifference: Rational | undefined;
  /** selection rate (protected) / selection rate (reference); the four-fifths rule asks for >= 4/5. */
  disparateImpactRatio: Rational | undefined;
  /** true-positive rate (protected) - true-positive rate (reference); 0 is equal opportunity. */
  equalOpportunityDifference: Rational | undefined;
};

export function fairnessMetrics(counts: AuditCounts): FairnessMetrics {
  const [reference, protectedGroup] = counts;
  const rate0 = selectionRate(reference);
  const rate1 = selectionRate(protectedGroup);
  const tpr0 = truePositiveRate(reference);
  const tpr1 = truePositiveRate(protectedGroup);
  return {
    demographicParityDifference: rate0 && rate1 ? sub(rate1, rate0) : undefined,
    disparateImpactRatio: rate0 && rate1 ? div(rate1, rate0) : undefined,
    equalOpportunityDifference: tpr0 && tpr1 ? sub(tpr1, tpr0) : undefined,
  };
}

/** A rational as a decimal string for reports, e.g. "-3/20 (-0.1500)". */
export function formatRational(value: Rational | undefined, digits = 4): string {
  if (value === undefined) return "undefined";
  return `${value.num}/${value.den} (${(Number(value.num) / Number(value.den)).toFixed(digits)})`;
}
