import { describe, expect, it } from "vitest";
import type { BranchMode } from "../src/ir/model.ts";
import { quantizeThreshold, quantizeTreeFeature, treeScales } from "../src/quantize/trees.ts";
import { compare } from "../src/reference/evaluate.ts";
import { rng } from "./treeHelpers.ts";

/** The threshold rule per BRANCH mode: for inputs on the 2^-s grid, the integer comparison is the float one. */

const MODES: BranchMode[] = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"];

function integerCompare(mode: BranchMode, k: bigint, t: bigint): boolean {
  if (mode === "BRANCH_LEQ") return k <= t;
  if (mode === "BRANCH_LT") return k < t;
  if (mode === "BRANCH_GTE") return k >= t;
  return k > t;
}

describe("quantizeThreshold", () => {
  it.each(MODES)("%s: exact on the grid at 16, 8 and 0 fractional bits, thresholds on and off the grid", (mode) => {
    const r = rng(MODES.indexOf(mode) + 1);
    let checked = 0;
    for (const s of [16, 8, 0]) {
      for (let i = 0; i < 200; i++) {
        const k0 = Math.floor((r() * 2 - 1) * 2 ** 20);
        // on the grid (equality hits), or anywhere between two grid points
        const t = i % 2 === 0 ? k0 / 2 ** s : (k0 + r()) / 2 ** s;
        const q = quantizeThreshold(t, mode, s);
        for (let d = -2; d <= 2; d++) {
          const k = k0 + d;
          expect(integerCompare(mode, BigInt(k), q), `${mode} s=${s} t=${t} x=${k}/2^${s}`).toBe(
            compare(mode, k / 2 ** s, t),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(3 * 200 * 5);
  });

  it("refuses EQ and NEQ", () => {
    expect(() => quantizeThreshold(1, "BRANCH_EQ", 16)).toThrow(/BRANCH_EQ splits have no form/);
    expect(() => quantizeThreshold(1, "BRANCH_NEQ", 16)).toThrow(/BRANCH_NEQ splits have no form/);
  });

  it("keeps thresholds far beyond the feature range finite", () => {
    expect(quantizeThreshold(Number.POSITIVE_INFINITY, "BRANCH_LEQ", 16)).toBe(1n << 30n);
    expect(quantizeThreshold(-1e300, "BRANCH_LT", 16)).toBe(-(1n << 30n));
  });
});

describe("feature and scale checks", () => {
  it("rounds a feature to the grid and refuses one beyond ±(2^23 - 1)", () => {
    expect(quantizeTreeFeature(1.5, 16)).toBe(98_304n);
    expect(quantizeTreeFeature(-0.00001, 16)).toBe(-1n);
    expect(quantizeTreeFeature(1000, 8)).toBe(256_000n);
    expect(() => quantizeTreeFeature(128, 16, 3)).toThrow(/Feature 3 is 128/);
    expect(() => quantizeTreeFeature(Number.NaN, 16, 0)).toThrow(/finite features only/);
  });

  it("takes 0 to 16 fractional bits", () => {
    expect(treeScales()).toEqual({ featureFracBits: 16, valueFracBits: 16 });
    expect(() => treeScales({ featureFracBits: 17 })).toThrow(/featureFracBits is 17/);
    expect(() => treeScales({ valueFracBits: -1 })).toThrow(/valueFracBits is -1/);
  });
});
