import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { exclusiveWindowDecision, WAITING_FOR_SEED } from "../../oracle/src/node/exclusiveWindow.ts";

const SELF = "0x00000000000000000000000000000000000000a1" as const;
const OTHER = "0x00000000000000000000000000000000000000b2" as const;
const base = { self: SELF, requestedAt: 1_000n, exclusiveWindow: 300n };

describe("exclusiveWindowDecision", () => {
  it("serves at once a request drawn for this node, whenever the seed arrived", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: SELF, seedArrivedAt: 1_900n, now: 1_901n });
    expect(decision).toEqual({ kind: "serve", serveAfter: 0n, note: "assigned to this node" });
  });

  it("waits while no seed is known and the window counted from the request is open", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: zeroAddress, seedArrivedAt: 0n, now: 1_299n });
    expect(decision).toEqual({ kind: "wait", note: WAITING_FOR_SEED });
  });

  it("falls back once the window counted from the request ends without a seed", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: zeroAddress, seedArrivedAt: 0n, now: 1_300n });
    expect(decision).toMatchObject({ kind: "serve", serveAfter: 1_300n });
  });

  it("counts another operator's window from the seed's arrival when the seed came after the request", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: OTHER, seedArrivedAt: 1_200n, now: 1_201n });
    expect(decision).toMatchObject({ kind: "serve", serveAfter: 1_500n });
    expect(decision.note).toContain(OTHER);
  });

  it("counts the window from the request when the seed was already known", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: OTHER, seedArrivedAt: 900n, now: 1_001n });
    expect(decision).toMatchObject({ kind: "serve", serveAfter: 1_300n });
  });

  it("opens a request the seed drew nobody for (no operator declared the version) to all at once", () => {
    const decision = exclusiveWindowDecision({ ...base, assigned: zeroAddress, seedArrivedAt: 1_010n, now: 1_011n });
    expect(decision).toMatchObject({ kind: "serve", serveAfter: 0n });
  });
});
