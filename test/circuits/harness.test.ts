import { FIELD_MODULUS, fromFieldSigned, toField } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { constraintWires, firstViolatedConstraint, violatedConstraints } from "../../circuits/src/r1cs.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
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

describe("SymmetricRangeCheck (every value and weight the circuits take)", () => {
  let circuit: LoadedCircuit;
  // the harness checks 8 bits: [-127, 127]
  const max = 127n;
  beforeAll(async () => {
    circuit = await compileHarness("symmetric_range_check");
  });

  it("accepts exactly [-(2^7 - 1), 2^7 - 1]: both ends in, one step beyond each end out", () => {
    for (let value = -300n; value <= 300n; value++) {
      const inRange = value >= -max && value <= max;
      if (inRange) {
        expect(violatedConstraints(circuit.r1cs, circuit.witness.calculate({ in: toField(value) }))).toEqual([]);
      } else {
        expect(() => circuit.witness.calculate({ in: toField(value) })).toThrow(WitnessError);
      }
    }
  });

  it("has no witness at all beyond either end: every sign hint and every bit pattern breaks a constraint", () => {
    const honest = circuit.witness.calculate({ in: 0n });
    const base = new Forgery(circuit, honest);
    const [inner] = base.rangeChecks();
    for (const value of [-(max + 1n), max + 1n, -(2n * max + 1n), 2n * max + 2n, FIELD_MODULUS - 1n - (1n << 100n)]) {
      for (const negative of [0n, 1n]) {
        for (let pattern = 0n; pattern < 1n << 7n; pattern++) {
          const f = new Forgery(circuit, honest);
          f.set("main.in", value);
          f.set("main.negative", negative);
          f.set(`${inner}.in`, value + negative * max);
          for (let i = 0; i < 7; i++) f.set(`${inner}.bits[${i}]`, (pattern >> BigInt(i)) & 1n);
          expect(violatedConstraints(circuit.r1cs, f.witness).length).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe("UnpackSignedLanes (public input words)", () => {
  let circuit: LoadedCircuit;
  // the harness unpacks two 8-bit lanes: values in [-127, 127], lanes value + 128 in [1, 255]
  beforeAll(async () => {
    circuit = await compileHarness("unpack_signed_lanes");
  });

  it("has a witness for a word exactly when it holds two non-zero lanes and nothing above them", () => {
    // every word below 2^16, then words with a bit above the lanes
    const words = [
      ...Array.from({ length: 1 << 16 }, (_, w) => BigInt(w)),
      ...Array.from({ length: 512 }, (_, i) => (1n << BigInt(16 + (i % 238))) | BigInt(i * 257 + 1)),
    ];
    for (const word of words) {
      const lane0 = word & 0xffn;
      const lane1 = (word >> 8n) & 0xffn;
      if (lane0 !== 0n && lane1 !== 0n && word < 1n << 16n) {
        const witness = circuit.witness.calculate({ in: word });
        expect([fromFieldSigned(witness[1] as bigint), fromFieldSigned(witness[2] as bigint)]).toEqual([
          lane0 - 128n,
          lane1 - 128n,
        ]);
      } else {
        expect(() => circuit.witness.calculate({ in: word })).toThrow(WitnessError);
      }
    }
  });

  it("no pair of in-range values recomposes a word with a lane at 0 (the refused -2^7)", () => {
    const honest = circuit.witness.calculate({ in: 0x0505n });
    const checks = new Forgery(circuit, honest).symmetricChecks().sort();
    expect(checks).toHaveLength(2);
    for (const word of [0x0500n, 0xff00n, 0x0005n]) {
      const f = new Forgery(circuit, honest);
      f.set("main.in", word);
      for (let v0 = -127n; v0 <= 127n; v0++) {
        for (let v1 = -127n; v1 <= 127n; v1++) {
          f.set("main.values[0]", v0);
          f.set("main.values[1]", v1);
          // both values pass their range checks honestly: only the recomposition can object
          f.resign(checks[0] as string, v0, v0 < 0n ? 1n : 0n, 8);
          f.resign(checks[1] as string, v1, v1 < 0n ? 1n : 0n, 8);
          if (firstViolatedConstraint(circuit.r1cs, f.witness) < 0)
            throw new Error(`${word} recomposed from ${v0}, ${v1}`);
        }
      }
    }
  });
});

describe("CheckWeights + CommitWeights (the compact parameters' commitment)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("commit_weights");
  });

  /** The symmetric range check of parameter `index` (the components are numbered in parameter order). */
  function checkOf(f: Forgery, index: number): string {
    const found = f.symmetricChecks().filter((name) => name.endsWith(`[${index}]`));
    expect(found).toHaveLength(1);
    return found[0] as string;
  }

  function innerBitWires(f: Forgery, component: string): number[] {
    const inner = f.rangeChecks().find((name) => name.startsWith(`${component}.`)) as string;
    return [f.wire(`${component}.negative`), f.wire(`${inner}.in`), ...bitWires(f, inner, 13)];
  }

  it("refuses a parameter carried into its neighbour's lane: the packed word, and so the commitment, is unchanged", () => {
    const values = [-1234n, 4321n, -8191n];
    const honest = circuit.witness.calculate({ values: values.map(toField), salt: 99n });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    for (const negative of [0n, 1n]) {
      const f = new Forgery(circuit, honest);
      const check0 = checkOf(f, 0);
      const check1 = checkOf(f, 1);
      // the lie: lane 0 holds 2^14 more and lane 1 one less, which packs to the same word and opens the same
      // commitment; lane 1's check is redone honestly, lane 0's as well as either sign hint allows
      const forged0 = (values[0] as bigint) + (1n << 14n);
      const forged1 = (values[1] as bigint) - 1n;
      f.set("main.values[0]", forged0);
      f.set("main.values[1]", forged1);
      f.resign(check1, forged1, 0n, 14);
      f.resign(check0, forged0, negative, 14);
      expect(f.get("main.out")).toBe(honest[1]);
      // only lane 0's range check fails: without it the two parameter vectors would share a commitment
      const violated = expectCaughtOnlyBy(circuit, f.witness, [f.wire("main.values[0]"), ...innerBitWires(f, check0)]);
      expect(violated).toHaveLength(1);
    }
  });

  it("accepts both ends of the compact range and refuses one step beyond each", () => {
    const honest = circuit.witness.calculate({
      values: [-(2n ** 13n - 1n), 2n ** 13n - 1n, 0n].map(toField),
      salt: 1n,
    });
    expect(violatedConstraints(circuit.r1cs, honest)).toEqual([]);
    for (const beyond of [-(1n << 13n), 1n << 13n]) {
      expect(() => circuit.witness.calculate({ values: [beyond, 0n, 0n].map(toField), salt: 1n })).toThrow(
        WitnessError,
      );
    }
  });
});
