import { describe, expect, it } from "vitest";
import { type AuditRow, AuditSetError, commitAuditSet, rowFlags } from "../../../circuits/src/audit/auditSet.ts";
import {
  type AuditCounts,
  packAuditCounts,
  tallyDecisions,
  unpackAuditCounts,
} from "../../../circuits/src/audit/counts.ts";
import { SeededRandom } from "../../../circuits/src/randomModels.ts";
import { fairnessMetrics, formatRational, rational } from "../../../trainer/src/audit/metrics.ts";

const group = (rows: number, positives: number, labelPositives = 0, truePositives = 0) => ({
  rows,
  positives,
  labeled: labelPositives,
  labelPositives,
  truePositives,
  falsePositives: 0,
});

describe("fairness metrics from proven counts", () => {
  it("are exact rationals in lowest terms, group 1 against group 0", () => {
    // reference: 30 of 40 positive (3/4), protected: 6 of 20 (3/10); recall 9/12 against 2/8
    const counts: AuditCounts = [group(40, 30, 12, 9), group(20, 6, 8, 2)];
    const m = fairnessMetrics(counts);
    expect(m.demographicParityDifference).toEqual({ num: -9n, den: 20n });
    expect(m.disparateImpactRatio).toEqual({ num: 2n, den: 5n });
    expect(m.equalOpportunityDifference).toEqual({ num: -1n, den: 2n });
    expect(formatRational(m.disparateImpactRatio)).toBe("2/5 (0.4000)");
  });

  it("are undefined where a group lacks the rows they need", () => {
    expect(fairnessMetrics([group(0, 0), group(10, 5)])).toEqual({
      demographicParityDifference: undefined,
      disparateImpactRatio: undefined,
      equalOpportunityDifference: undefined,
    });
    const noReferencePositives = fairnessMetrics([group(10, 0, 3, 0), group(10, 5, 2, 1)]);
    expect(noReferencePositives.disparateImpactRatio).toBeUndefined();
    expect(noReferencePositives.demographicParityDifference).toEqual({ num: 1n, den: 2n });
    expect(noReferencePositives.equalOpportunityDifference).toEqual({ num: 1n, den: 2n });
    expect(rational(3n, -6n)).toEqual({ num: -1n, den: 2n });
  });
});

describe("audit counts and set commitment", () => {
  it("tally labeled and unlabeled rows per group and round-trip through the counts word", () => {
    const rows: AuditRow[] = [
      { features: [1n], group: 0, label: true },
      { features: [2n], group: 0, label: false },
      { features: [3n], group: 1 },
      { features: [4n], group: 1, label: true },
    ];
    const counts = tallyDecisions(rows, [true, true, true, false]);
    expect(counts[0]).toEqual({
      rows: 2,
      positives: 2,
      labeled: 2,
      labelPositives: 1,
      truePositives: 1,
      falsePositives: 1,
    });
    expect(counts[1]).toEqual({
      rows: 2,
      positives: 1,
      labeled: 1,
      labelPositives: 1,
      truePositives: 0,
      falsePositives: 0,
    });
    expect(unpackAuditCounts(packAuditCounts(counts))).toEqual(counts);
    expect(() => unpackAuditCounts(1n << 192n)).toThrow(/bits above/);
  });

  it("commits to every row, its group and its label, and to the set's shape", () => {
    const rng = new SeededRandom(5n);
    const rows: AuditRow[] = Array.from({ length: 6 }, () => ({
      features: rng.vector(4),
      group: 0,
      label: true,
    }));
    const base = commitAuditSet(rows, 9n);
    expect(commitAuditSet(rows, 9n)).toBe(base);
    expect(commitAuditSet(rows, 10n)).not.toBe(base);
    expect(commitAuditSet([{ ...(rows[0] as AuditRow), group: 1 }, ...rows.slice(1)], 9n)).not.toBe(base);
    expect(commitAuditSet([{ ...(rows[0] as AuditRow), label: undefined }, ...rows.slice(1)], 9n)).not.toBe(base);
    expect(commitAuditSet(rows.slice(1), 9n)).not.toBe(base);
    expect(rowFlags({ features: [], group: 1, label: false })).toBe(5n);
    expect(() =>
      commitAuditSet(
        [
          { features: [1n], group: 0 },
          { features: [1n, 2n], group: 0 },
        ],
        0n,
      ),
    ).toThrow(AuditSetError);
  });
});
