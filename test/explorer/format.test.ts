// fixedToNumber is the SDK's (the explorer reads raw fixed point with it)
import { fixedToNumber } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import {
  fieldHex,
  formatBps,
  formatCount,
  formatDuration,
  formatRelative,
  formatSigned,
  formatTimestamp,
  formatToken,
  shortAddress,
  shortHex,
} from "../../explorer/src/format/format.ts";
import { deriveStatus, matchesStatusFilter, STATUS_LABEL, statusFromChain } from "../../explorer/src/format/status.ts";

describe("formatToken", () => {
  it("writes base units as a grouped decimal, cut (not rounded) to four places, without trailing zeros", () => {
    expect(formatToken(1_234_500_000_000_000_000_000n)).toBe("1,234.5 SYM");
    expect(formatToken(400_000_000_000_000_000n)).toBe("0.4 SYM");
    expect(formatToken(1n)).toBe("0 SYM");
    expect(formatToken(123_456_789_000_000_000n)).toBe("0.1234 SYM");
    expect(formatToken(0n)).toBe("0 SYM");
    expect(formatToken(100_000_000n * 10n ** 18n)).toBe("100,000,000 SYM");
  });

  it("keeps the sign of negative amounts and takes other decimals and symbols", () => {
    expect(formatToken(-2_500_000_000_000_000_000n)).toBe("\u22122.5 SYM");
    expect(formatToken(1_500_000n, { decimals: 6, symbol: "USDC" })).toBe("1.5 USDC");
    expect(formatToken(1_000n, { decimals: 0, symbol: "" })).toBe("1,000");
  });
});

describe("numbers", () => {
  it("formatSigned shows a sign on every non-zero value and a true minus", () => {
    expect(formatSigned(0.125)).toBe("+0.1250");
    expect(formatSigned(-1.5)).toBe("\u22121.5000");
    expect(formatSigned(0)).toBe("0.0000");
    expect(formatSigned(-0.00001)).toBe("0.0000");
    expect(formatSigned(2.345, 1)).toBe("+2.3");
  });

  it("fixedToNumber scales raw fixed point, negatives and values beyond 2^53 included", () => {
    expect(fixedToNumber(98_304n, 16)).toBe(1.5);
    expect(fixedToNumber(-98_304n, 16)).toBe(-1.5);
    expect(fixedToNumber(-(1n << 31n), 32)).toBe(-0.5);
    expect(fixedToNumber((3n << 60n) + (1n << 59n), 60)).toBe(3.5);
    expect(fixedToNumber(5n, 0)).toBe(5);
  });

  it("formatBps, formatCount", () => {
    expect(formatBps(4000)).toBe("40%");
    expect(formatBps(125)).toBe("1.25%");
    expect(formatBps(5n)).toBe("0.05%");
    expect(formatCount(1_234_567n)).toBe("1,234,567");
    expect(formatCount(12)).toBe("12");
  });
});

describe("addresses and hashes", () => {
  it("shortens addresses and hashes, and writes field elements as 32-byte hex", () => {
    expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x7099…79C8");
    expect(shortAddress("0x1234")).toBe("0x1234");
    expect(shortHex(`0x${"ab".repeat(32)}`)).toBe("0xabababab…abab");
    expect(fieldHex(255n)).toBe(`0x${"0".repeat(62)}ff`);
    expect(fieldHex(255n)).toHaveLength(66);
  });
});

describe("times", () => {
  it("formatDuration gives the two largest units and drops a zero second unit", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(200)).toBe("3 min 20 s");
    expect(formatDuration(7_200)).toBe("2 h");
    expect(formatDuration(7_500n)).toBe("2 h 5 min");
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 59)).toBe("3 d 4 h");
    expect(formatDuration(-5)).toBe("0 s");
  });

  it("formatTimestamp is UTC; formatRelative measures against chain time", () => {
    expect(formatTimestamp(1_795_503_296n)).toBe("2026-11-24 06:54:56 UTC");
    expect(formatRelative(100n, 400n)).toBe("5 min ago");
    expect(formatRelative(400, 100)).toBe("in 5 min");
    expect(formatRelative(100, 100)).toBe("now");
  });
});

describe("request status", () => {
  const base = { fulfilled: false, callbackFailed: false, expired: false, deadline: 1000n, now: 500n };

  it("derives each shown status from the chain's facts", () => {
    expect(deriveStatus(base)).toBe("pending");
    expect(deriveStatus({ ...base, now: 1001n })).toBe("overdue");
    expect(deriveStatus({ ...base, now: 1000n })).toBe("pending");
    expect(deriveStatus({ ...base, fulfilled: true })).toBe("fulfilled");
    expect(deriveStatus({ ...base, fulfilled: true, callbackFailed: true })).toBe("callback-failed");
    expect(deriveStatus({ ...base, expired: true, now: 2000n })).toBe("expired");
  });

  it("maps the coordinator's RequestStatus enum, and None to nothing", () => {
    expect(statusFromChain(0, 1000n, 0n)).toBeUndefined();
    expect(statusFromChain(1, 1000n, 0n)).toBe("pending");
    expect(statusFromChain(1, 1000n, 1001n)).toBe("overdue");
    expect(statusFromChain(2, 0n, 0n)).toBe("fulfilled");
    expect(statusFromChain(3, 0n, 0n)).toBe("callback-failed");
    expect(statusFromChain(4, 0n, 0n)).toBe("expired");
  });

  it("filters 'expired' as both cancelled and overdue requests, and labels every status", () => {
    expect(matchesStatusFilter("overdue", "expired")).toBe(true);
    expect(matchesStatusFilter("expired", "expired")).toBe(true);
    expect(matchesStatusFilter("pending", "expired")).toBe(false);
    expect(matchesStatusFilter("callback-failed", "fulfilled")).toBe(false);
    expect(matchesStatusFilter("pending", undefined)).toBe(true);
    expect(STATUS_LABEL.overdue).toBe("expired · awaiting refund");
  });
});
