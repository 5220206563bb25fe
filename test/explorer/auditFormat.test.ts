import { describe, expect, it } from "vitest";
import { belowFourFifths, formatGroupCounts, formatRatio } from "../../explorer/src/format/audit.ts";

describe("formatRatio", () => {
  it("writes an exact ratio with its decimal and a true minus", () => {
    expect(formatRatio({ numerator: -16n, denominator: 51n })).toBe("\u221216/51 (\u22120.314)");
    expect(formatRatio({ numerator: 9n, denominator: 17n })).toBe("9/17 (0.529)");
    expect(formatRatio({ numerator: 1n, denominator: 20n }, 4)).toBe("1/20 (0.0500)");
  });

  it("writes a whole ratio without its denominator and a missing one as a dash", () => {
    expect(formatRatio({ numerator: 0n, denominator: 1n })).toBe("0");
    expect(formatRatio({ numerator: -1n, denominator: 1n })).toBe("\u22121");
    expect(formatRatio({ numerator: 0n, denominator: 0n })).toBe("—");
  });
});

describe("belowFourFifths", () => {
  it("compares exactly, so 4/5 itself passes and a hair below does not", () => {
    expect(belowFourFifths({ numerator: 4n, denominator: 5n })).toBe(false);
    expect(belowFourFifths({ numerator: 399n, denominator: 500n })).toBe(true);
    expect(belowFourFifths({ numerator: 9n, denominator: 17n })).toBe(true);
    expect(belowFourFifths({ numerator: 15n, denominator: 17n })).toBe(false);
  });

  it("reads a ratio that does not exist as no finding", () => {
    expect(belowFourFifths({ numerator: 0n, denominator: 0n })).toBe(false);
  });
});

describe("formatGroupCounts", () => {
  const group = { rows: 17, positives: 6, labeled: 17, labelPositives: 4, truePositives: 3, falsePositives: 3 };
  it("gives the decisions, and the positive outcomes caught where outcomes are known", () => {
    expect(formatGroupCounts(group)).toBe("6 of 17 positive; 3 of 4 positive outcomes");
    expect(formatGroupCounts({ ...group, labeled: 0, labelPositives: 0, truePositives: 0, falsePositives: 0 })).toBe(
      "6 of 17 positive",
    );
  });
});
