import { groupFeeParts, recordForm, requestFeeParts, sameParts, splitFee, sumParts } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";

const SHARES = { operatorBps: 4000, modelOwnerBps: 2500, dataBps: 1500, stakersBps: 1000, treasuryBps: 1000 };

describe("FeeSplitMath in TypeScript", () => {
  it("rounds each share down and gives the treasury the remainder, so the parts sum to the fee", () => {
    // 9999 · 40% = 3999.6 → 3999; 25% = 2499.75 → 2499; 15% = 1499.85 → 1499; 10% = 999.9 → 999
    expect(splitFee(9999n, SHARES)).toEqual({
      operator: 3999n,
      modelOwner: 2499n,
      data: 1499n,
      stakers: 999n,
      treasury: 1003n,
    });
    for (const fee of [0n, 1n, 7n, 10n ** 18n, 123_456_789_012_345_678n]) {
      const p = splitFee(fee, SHARES);
      expect(p.operator + p.modelOwner + p.data + p.stakers + p.treasury).toBe(fee);
    }
  });

  it("credits the callback fee to the operator, on top of its share", () => {
    const parts = requestFeeParts({ fee: 10n ** 18n, callbackFee: 50_000n * 10n ** 9n }, SHARES);
    expect(parts.operator).toBe(4n * 10n ** 17n + 50_000n * 10n ** 9n);
    expect(parts.treasury).toBe(10n ** 17n);
  });

  it("sums parts field by field, and tells equal from unequal sums", () => {
    const a = splitFee(1000n, SHARES);
    const b = splitFee(3n, SHARES);
    const sum = sumParts([a, b]);
    expect(sum).toEqual({ operator: 401n, modelOwner: 250n, data: 150n, stakers: 100n, treasury: 102n });
    expect(sameParts(sum, sumParts([b, a]))).toBe(true);
    expect(sameParts(sum, a)).toBe(false);
  });

  it("splits a group's summed fees once, so the group keeps less dust than the per-request splits", () => {
    const requests = [
      { fee: 1003n, callbackFee: 7n },
      { fee: 1003n, callbackFee: 0n },
      { fee: 3n, callbackFee: 5n },
    ];
    const group = groupFeeParts(requests, SHARES);
    expect(group).toEqual({ ...splitFee(2009n, SHARES), operator: splitFee(2009n, SHARES).operator + 12n });
    const perRequest = sumParts(requests.map((r) => requestFeeParts(r, SHARES)));
    // the same total, and no share but the treasury's (which takes the remainder) smaller than its per-request sum
    const total = (p: typeof group) => p.operator + p.modelOwner + p.data + p.stakers + p.treasury;
    expect(total(group)).toBe(total(perRequest));
    expect(group.operator >= perRequest.operator && group.modelOwner >= perRequest.modelOwner).toBe(true);
    expect(group.treasury).toBeLessThan(perRequest.treasury);
  });
});

describe("the one-slot record's hash form", () => {
  it("clears the low byte (where the coordinator keeps the status) and keeps the rest", () => {
    expect(recordForm(`0x${"ab".repeat(32)}`)).toBe(`0x${"ab".repeat(31)}00`);
    expect(recordForm(`0x${"00".repeat(31)}ff`)).toBe(`0x${"00".repeat(32)}`);
  });
});
