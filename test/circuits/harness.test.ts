import { beforeAll, describe, expect, it } from "vitest";
import { toField } from "../../oracle/src/zk/field.ts";
import { constraintWires, violatedConstraints } from "../../oracle/src/zk/r1cs.ts";
import { compileHarness, Forgery, type LoadedCircuit } from "./helpers.ts";

/**
 * Forged witnesses against the building blocks, built around their `<--` hints: the forger changes a hint and
 * then makes every other wire as consistent as it can. Each test shows the forgery is caught, and by which
 * constraint — the one the template's comment says pins that hint.
 */

/** Every violated constraint must read at least one of these wires. */
function expectCaughtOnlyBy(circuit: LoadedCircuit, witness: bigint[], guardWires: number[]): number[] {
  const violated = violatedConstraints(circuit.r1cs, witness);
  expect(violated.length).toBeGreaterThan(0);
  for (const index of violated) {
    const wires = constraintWires(circuit.r1cs, index);
    expect(guardWires.some((w) => wires.has(w))).toBe(true);
  }
  return violated;
}

function bitWires(forgery: Forgery, component: string, bits: number): number[] {
  return Array.from({ length: bits }, (_, i) => forgery.wire(`${component}.bits[${i}]`));
}

describe("FloorDivPow2 (fixed-point rescale)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("floor_div_pow2");
  });

  function forge(value: bigint, quotientShift: bigint) {
    const honest = circuit.witness.calculate({ in: toField(value) });
    const f = new Forgery(circuit, honest);
    const checks = f.rangeChecks();
    const remainderCheck = checks.find((c) => !c.includes("SignedRangeCheck")) as string;
    const quotientCheck = checks.find((c) => c.includes("SignedRangeCheck")) as string;
    const q = value >> 16n;
    const r = value - q * 65536n;
    expect(f.get("main.q")).toBe(toField(q));
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    // the lie: a quotient off by `quotientShift`, the remainder moved by the same multiple of 2^16 so that
    // in == q * 2^16 + r still holds, and the quotient's own range check redone for the new quotient
    const forgedQ = q + quotientShift;
    const forgedR = r - quotientShift * 65536n;
    f.set("main.q", forgedQ);
    f.set("main.r", forgedR);
    f.rebit(quotientCheck, forgedQ + (1n << 30n), 31);
    f.rebit(remainderCheck, forgedR, 16);
    return { f, remainderCheck };
  }

  it("refuses a quotient one too small: the remainder 2^16 + r is out of range", () => {
    const { f, remainderCheck } = forge(-5n * 65536n + 7n, -1n);
    const violated = expectCaughtOnlyBy(circuit, f.witness, [f.wire("main.r"), ...bitWires(f, remainderCheck, 16)]);
    // only the remainder's recomposition fails: every other constraint is satisfied by the forgery
    expect(violated).toHaveLength(1);
  });

  it("refuses a quotient one too large: the remainder goes negative", () => {
    const { f, remainderCheck } = forge(123_456_789n, 1n);
    expect(expectCaughtOnlyBy(circuit, f.witness, [f.wire("main.r"), ...bitWires(f, remainderCheck, 16)])).toHaveLength(
      1,
    );
  });

  it("accepts the honest quotient of negative and positive values", () => {
    for (const value of [-(1n << 40n), -65537n, -1n, 0n, 65535n, 65536n, (1n << 45n) - 1n]) {
      const honest = circuit.witness.calculate({ in: toField(value) });
      expect(honest[1]).toBe(toField(value >> 16n));
      expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    }
  });
});

describe("ArgMax", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("arg_max");
  });

  function forgeWinner(values: bigint[], forgedIndex: number) {
    const honest = circuit.witness.calculate({ values: values.map(toField) });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    const f = new Forgery(circuit, honest);
    const max = values[forgedIndex] as bigint;
    f.set("main.index", BigInt(forgedIndex));
    f.set("main.max", max);
    values.forEach((v, j) => {
      f.set(`main.onehot[${j}]`, j === forgedIndex ? 1n : 0n);
      f.set(`main.picked[${j}]`, j === forgedIndex ? v : 0n);
    });
    const checks = f.rangeChecks().sort();
    const guards: number[] = [];
    values.forEach((v, j) => {
      const after = j < forgedIndex ? 1n : 0n;
      const component = checks.find((c) => c.endsWith(`[${j}]`)) as string;
      f.rebit(component, max - v - after, 20);
      if (max - v - after < 0n) guards.push(f.wire(`${component}.in`), ...bitWires(f, component, 20));
    });
    return { honestIndex: Number(honest[1]), f, guards };
  }

  it("picks the first of equal maxima", () => {
    expect(forgeWinner([5n, 9n, -3n, 9n], 0).honestIndex).toBe(1);
  });

  it("refuses a smaller value claimed as the maximum", () => {
    const { f, guards } = forgeWinner([5n, 9n, -3n, 9n], 0);
    expectCaughtOnlyBy(circuit, f.witness, guards);
  });

  it("refuses the later of two equal maxima (ties go to the lowest index)", () => {
    const { f, guards } = forgeWinner([5n, 9n, -3n, 9n], 3);
    expectCaughtOnlyBy(circuit, f.witness, guards);
  });
});

describe("TopK", () => {
  let circuit: LoadedCircuit;
  const keys = [100n, 700n, 300n, 650n, 20n, 699n];
  beforeAll(async () => {
    circuit = await compileHarness("top_k");
  });

  function forgeRanking(ranking: number[]) {
    const honest = circuit.witness.calculate({ keys });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    expect(honest.slice(4, 7)).toEqual([1n, 5n, 3n]);
    const f = new Forgery(circuit, honest);
    ranking.forEach((m, r) => {
      f.set(`main.indices[${r}]`, BigInt(m));
      f.set(`main.selected[${r}]`, keys[m] as bigint);
      keys.forEach((key, j) => {
        f.set(`main.onehot[${r}][${j}]`, j === m ? 1n : 0n);
        f.set(`main.picked[${r}][${j}]`, j === m ? key : 0n);
      });
    });
    // two kinds of range checks, told apart by count: k - 1 ordering checks and n gap checks
    const byKind = new Map<string, string[]>();
    for (const component of f.rangeChecks().sort()) {
      const kind = component.replace(/\[\d+\]$/, "");
      byKind.set(kind, [...(byKind.get(kind) ?? []), component]);
    }
    const [orderChecks, gapChecks] = [...byKind.values()].sort((a, b) => a.length - b.length) as [string[], string[]];
    const last = keys[ranking[ranking.length - 1] as number] as bigint;
    const guards: number[] = [];
    orderChecks.forEach((component, r) => {
      // selected[r] - selected[r + 1] - 1 >= 0
      const value = (keys[ranking[r] as number] as bigint) - (keys[ranking[r + 1] as number] as bigint) - 1n;
      f.rebit(component, value, 12);
      if (value < 0n)
        guards.push(
          ...bitWires(f, component, 12),
          ...(circuit.wires.has(`${component}.in`) ? [f.wire(`${component}.in`)] : []),
        );
    });
    gapChecks.forEach((component, m) => {
      // an item left out must sit strictly below the last pick
      const gap = ranking.includes(m) ? 0n : last - (keys[m] as bigint) - 1n;
      f.set(`main.gap[${m}]`, gap);
      f.rebit(component, gap, 12);
      if (gap < 0n) guards.push(f.wire(`main.gap[${m}]`), ...bitWires(f, component, 12));
    });
    return { f, guards };
  }

  it("accepts the honest ranking", () => {
    const { f } = forgeRanking([1, 5, 3]);
    expect(violatedConstraints(circuit.r1cs, f.witness)).toEqual([]);
  });

  it("refuses a ranking that leaves out a better item", () => {
    const { f, guards } = forgeRanking([1, 5, 2]);
    expectCaughtOnlyBy(circuit, f.witness, guards);
  });

  it("refuses ranks out of order", () => {
    const { f, guards } = forgeRanking([5, 1, 3]);
    expectCaughtOnlyBy(circuit, f.witness, guards);
  });
});

describe("NonNegative (the classifier's decision)", () => {
  it("refuses a flipped sign bit", async () => {
    const circuit = await compileHarness("non_negative");
    const honest = circuit.witness.calculate({ in: toField(-3n) });
    expect(honest[1]).toBe(0n);
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    const f = new Forgery(circuit, honest);
    // `out` is the top bit of in + 2^7 (the two signals share one wire): claim "non-negative" for -3
    f.set("main.out", 1n);
    expect(violatedConstraints(circuit.r1cs, f.witness).length).toBeGreaterThan(0);
  });
});

describe("CheckWeights + CommitWeights (the compact parameters' commitment)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("commit_weights");
  });

  /** The range-check component whose honest bits spell `value + 2^13` (the offset of a 14-bit signed check). */
  function rangeCheckOf(f: Forgery, value: bigint): string {
    const found = f.rangeChecks().filter((name) => {
      let recomposed = 0n;
      for (let i = 0; i < 14; i++) recomposed |= f.get(`${name}.bits[${i}]`) << BigInt(i);
      return recomposed === value + (1n << 13n);
    });
    expect(found).toHaveLength(1);
    return found[0] as string;
  }

  it("refuses a parameter carried into its neighbour's lane: the packed word, and so the commitment, is unchanged", () => {
    const values = [-1234n, 4321n, -8191n];
    const honest = circuit.witness.calculate({ values: values.map(toField), salt: 99n });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    const f = new Forgery(circuit, honest);
    const check0 = rangeCheckOf(f, values[0] as bigint);
    const check1 = rangeCheckOf(f, values[1] as bigint);
    // the lie: lane 0 holds 2^14 more and lane 1 one less, which packs to the same word and opens the same
    // commitment; lane 1's check is redone honestly, lane 0's as well as 14 bits allow
    const forged0 = (values[0] as bigint) + (1n << 14n);
    const forged1 = (values[1] as bigint) - 1n;
    f.set("main.values[0]", forged0);
    f.set("main.values[1]", forged1);
    f.rebit(check1, forged1 + (1n << 13n), 14);
    f.rebit(check0, forged0 + (1n << 13n), 14);
    expect(f.get("main.out")).toBe(honest[1]);
    // only lane 0's range check fails: without it the two parameter vectors would share a commitment
    const violated = expectCaughtOnlyBy(circuit, f.witness, [f.wire("main.values[0]"), ...bitWires(f, check0, 14)]);
    expect(violated).toHaveLength(1);
  });

  it("accepts the edges of the compact range", () => {
    const honest = circuit.witness.calculate({ values: [-(1n << 13n), (1n << 13n) - 1n, 0n].map(toField), salt: 1n });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
  });
});
