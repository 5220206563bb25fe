import { resolve } from "node:path";
import {
  type DenseWidths,
  denseAttribution,
  denseAttributionPacking,
  denseCircuitCall,
  denseWeightsCommitment,
  evaluateDense,
  type IntDenseModel,
  packDenseAttribution,
} from "@symbiote/circuits";
import { decodePublicSignals, type InputMode, VALUE_MAX, WEIGHT_MAX } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { denseCircuitId, denseCircuitSource } from "../src/circuit/denseCircuit.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { planBakedCircuit } from "../src/compile/plan.ts";
import type { QuantizedModel } from "../src/quantize/quantizeModel.ts";
import { type CompiledTree, compileEntry, rng } from "./treeHelpers.ts";

/**
 * The baked-weights dense circuit (one version's parameters as constants): on random inputs its public signals are
 * the committed-weights circuit's (the integer reference's), it costs fewer constraints than the committed-weights
 * circuit of the same shape, and forged witnesses are refused: any public signal changed (another version's weights
 * commitment included), a hidden activation off by one, another version's outputs.
 */

function randomDense(seed: number, widths: DenseWidths): IntDenseModel {
  const r = rng(seed);
  const weight = () => BigInt(Math.round((r() * 2 - 1) * 1500));
  return {
    inputs: widths[0] as number,
    layers: widths.slice(1).map((out, l) => ({
      weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, weight)),
      bias: Array.from({ length: out }, weight),
      relu: l < widths.length - 2,
    })),
  };
}

const features = (r: () => number, n: number) =>
  Array.from({ length: n }, () => BigInt(Math.round((r() * 2 - 1) * (r() < 0.3 ? Number(VALUE_MAX) : 4 * 65_536))));

const quantized = (model: IntDenseModel, classes: number): QuantizedModel => ({
  kind: "dense",
  model,
  task: { type: "classifier", classes: Array.from({ length: classes }, (_, i) => i) },
  postTransform: "SOFTMAX",
});

const CASES: { widths: DenseWidths; mode: InputMode }[] = [
  { widths: [5, 4, 3, 3], mode: "committed" },
  { widths: [3, 4, 2], mode: "public" },
];
const OUT = resolve(REPO_ROOT, "compiler/out/tests/denseBaked");
const SALT = 4242n;

for (const { widths, mode } of CASES) {
  describe(`baked dense circuit ${widths.join("-")}, ${mode} inputs`, () => {
    const model = randomDense(widths.length * 7, widths);
    const plan = planBakedCircuit(quantized(model, widths.at(-1) as number), mode, SALT);
    let baked: CompiledTree;
    let committed: CompiledTree;
    beforeAll(async () => {
      baked = await compileEntry(writeEntry(OUT, plan.id, plan.source(OUT)), "O2");
      const id = denseCircuitId(widths, mode);
      const relu = widths.slice(2).map(() => true);
      committed = await compileEntry(writeEntry(OUT, id, denseCircuitSource(widths, relu, mode, OUT)), "O2");
    }, 180_000);

    it("has the committed-weights circuit's public signals and fewer constraints", () => {
      const tag = denseWeightsCommitment(model, SALT).toString(16).padStart(64, "0").slice(0, 8);
      expect(plan.id).toBe(`${denseCircuitId(widths, mode)}-baked-${tag}`);
      expect(plan.weightsCommitment(SALT)).toBe(denseWeightsCommitment(model, SALT));
      expect(() => plan.weightsCommitment(SALT + 1n)).toThrow(RangeError);
      expect(baked.r1cs.nConstraints).toBeLessThan(committed.r1cs.nConstraints);
    });

    it("outputs the integer reference on random inputs", () => {
      const r = rng(11);
      for (let i = 0; i < 12; i++) {
        const x = features(r, widths[0] as number);
        const context = { binding: BigInt(100 + i), weightsSalt: SALT, inputSalt: 9n };
        const call = plan.call(x, context);
        const reference = denseCircuitCall(mode, model, x, context);
        expect(call.publicSignals).toEqual(reference.publicSignals);
        const witness = baked.witness.calculate(call.input);
        expect(witness.slice(1, 1 + call.publicSignals.length), `input ${i}`).toEqual(call.publicSignals);
        expect(violatedConstraints(baked.r1cs, witness), `input ${i}`).toEqual([]);
      }
    });

    it("refuses forged witnesses: a public signal changed, a hidden activation off by one", () => {
      const call = plan.call(features(rng(5), widths[0] as number), { binding: 1n, weightsSalt: SALT, inputSalt: 2n });
      const honest = baked.witness.calculate(call.input);
      call.publicSignals.forEach((_, index) => {
        const forged = [...honest];
        forged[1 + index] = (honest[1 + index] as bigint) + 1n;
        expect(violatedConstraints(baked.r1cs, forged).length, `public signal ${index}`).toBeGreaterThan(0);
      });
      for (let l = 1; l < widths.length - 1; l++) {
        for (let j = 0; j < (widths[l] as number); j++) {
          const wire = baked.wires.get(`main.a${l}[${j}]`);
          if (wire === undefined) throw new Error(`no wire main.a${l}[${j}]`);
          for (const delta of [1n, -1n]) {
            const forged = [...honest];
            forged[wire] = (honest[wire] as bigint) + delta;
            expect(violatedConstraints(baked.r1cs, forged).length, `a${l}[${j}] ${delta}`).toBeGreaterThan(0);
          }
        }
      }
    });

    it("refuses another version: its weights commitment, or its outputs on the same input", () => {
      const other = randomDense(widths.length * 7 + 1, widths);
      const x = features(rng(6), widths[0] as number);
      const context = { binding: 3n, weightsSalt: SALT, inputSalt: 4n };
      const theirs = denseCircuitCall(mode, other, x, context);
      const ours = plan.call(x, context);
      // the other version's commitment as the public input: the pinned constant refuses it
      expect(() =>
        baked.witness.calculate({ ...ours.input, weightsCommitment: denseWeightsCommitment(other, SALT) }),
      ).toThrow();
      // the other version's outputs in an otherwise honest witness
      const honest = baked.witness.calculate(ours.input);
      const forged = [...honest];
      theirs.publicSignals.forEach((v, i) => {
        forged[1 + i] = v;
      });
      expect(theirs.publicSignals).not.toEqual(ours.publicSignals);
      expect(violatedConstraints(baked.r1cs, forged).length).toBeGreaterThan(0);
    });
  });
}

describe("baked dense circuit with gradient x input attribution (5-4-3-3, committed inputs)", () => {
  const widths = [5, 4, 3, 3];
  const model = randomDense(99, widths);
  const plan = planBakedCircuit(quantized(model, 3), "committed", SALT, { attribution: true });
  const packing = denseAttributionPacking(widths);
  let circuit: CompiledTree;
  beforeAll(async () => {
    circuit = await compileEntry(writeEntry(OUT, plan.id, plan.source(OUT)), "O2");
  }, 180_000);

  it("outputs the integer reference's attribution after the arg-max, and the layout names it", () => {
    const r = rng(21);
    let nonZero = 0;
    for (let i = 0; i < 12; i++) {
      const x = features(r, 5);
      const call = plan.call(x, { binding: BigInt(i + 1), weightsSalt: SALT, inputSalt: 3n });
      const witness = circuit.witness.calculate(call.input);
      expect(witness.slice(1, 1 + call.publicSignals.length), `input ${i}`).toEqual(call.publicSignals);
      expect(violatedConstraints(circuit.r1cs, witness), `input ${i}`).toEqual([]);
      const expected = denseAttribution(model, x);
      const decoded = decodePublicSignals(plan.publicSignals, call.publicSignals);
      expect(Array.from({ length: 5 }, (_, f) => decoded[`attribution[${f}]`])).toEqual(expected);
      expect(call.publicSignals.slice(2, 2 + packing.words)).toEqual(packDenseAttribution(widths, expected));
      nonZero += expected.filter((v) => v !== 0n).length;
    }
    expect(nonZero).toBeGreaterThan(0);
    // 23 + 3 x 13 + log2(4) + log2(3) + 1 = 67-bit lanes, three to a word
    expect(packing).toEqual({ bits: 67, lanes: 3, words: 2 });
    expect(plan.publicSignals.map((s) => s.signal).slice(0, 5)).toEqual([
      "logits[0]",
      "argmax",
      "attributions[0]",
      "attributions[1]",
      "inputCommitment",
    ]);
  });

  it("packs the extreme network of the shape: every weight at the compact bound, every feature at the value bound", () => {
    const extreme: IntDenseModel = {
      inputs: 5,
      layers: widths.slice(1).map((out, l) => ({
        weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, () => WEIGHT_MAX)),
        bias: Array.from({ length: out }, () => 0n),
        relu: l < widths.length - 2,
      })),
    };
    const extremePlan = planBakedCircuit(quantized(extreme, 3), "committed", SALT, { attribution: true });
    for (const sign of [1n, -1n]) {
      const x = Array.from({ length: 5 }, () => sign * VALUE_MAX);
      const attribution = denseAttribution(extreme, x);
      // the largest attribution the lanes must hold, and it fits
      if (sign === 1n) expect(attribution[0]).toBe(WEIGHT_MAX ** 3n * 4n * 3n * VALUE_MAX);
      expect(() => packDenseAttribution(widths, attribution)).not.toThrow();
      expect(extremePlan.call(x, { binding: 1n, weightsSalt: SALT, inputSalt: 2n }).publicSignals.length).toBe(
        plan.publicSignals.length,
      );
    }
    const tooLarge: IntDenseModel = {
      ...extreme,
      layers: extreme.layers.map((layer, l) => ({
        ...layer,
        weights: layer.weights.map((row, o) => row.map((w, i) => (l === 0 && o === 0 && i === 0 ? w + 1n : w))),
      })),
    };
    // no commitment opens it, and the generator refuses it too
    expect(() => planBakedCircuit(quantized(tooLarge, 3), "committed", SALT, { attribution: true })).toThrow(
      /outside the compact weight range/,
    );
    const relu = [true, true];
    const baked = { model: tooLarge, commitment: 1n, attribution: true };
    expect(() => denseCircuitSource(widths, relu, "committed", OUT, baked)).toThrow(/outside the compact range/);
  });

  it("equals x times the float gradient of the predicted logit (finite differences on the integer model)", () => {
    const x = features(rng(8), 5);
    const out = evaluateDense(model, x);
    const attribution = denseAttribution(model, x, out);
    // logits and features share the 2^16 scale and the gradient is a product of three 2^10 weights: along feature i,
    // while no ReLU changes state, logit[argmax] moves by gradient / 2^30 per unit of x (the floors aside)
    let checked = 0;
    for (let i = 0; i < 5; i++) {
      const step = 1n << 20n;
      const moved = [...x];
      moved[i] = (x[i] as bigint) + step;
      const after = evaluateDense(model, moved);
      const sameState = after.activations
        .slice(0, -1)
        .every((layer, l) => layer.every((v, j) => (v === 0n) === ((out.activations[l] as bigint[])[j] === 0n)));
      if (!sameState || x[i] === 0n) continue;
      const slope = Number((after.logits[out.argmax] as bigint) - (out.logits[out.argmax] as bigint)) / Number(step);
      const gradient = Number(attribution[i] as bigint) / Number(x[i] as bigint) / 2 ** 30;
      expect(Math.abs(slope - gradient), `feature ${i}`).toBeLessThan(1e-3 * Math.max(1, Math.abs(gradient)) + 1e-4);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("refuses a forged attribution: any word changed, or one feature's share moved into the next lane", () => {
    const call = plan.call(features(rng(4), 5), { binding: 1n, weightsSalt: SALT, inputSalt: 2n });
    const honest = circuit.witness.calculate(call.input);
    for (let w = 0; w < packing.words; w++) {
      for (const delta of [1n, (1n << BigInt(packing.bits)) - 1n]) {
        const forged = [...honest];
        forged[3 + w] = (honest[3 + w] as bigint) + delta;
        expect(violatedConstraints(circuit.r1cs, forged).length, `attributions[${w}] + ${delta}`).toBeGreaterThan(0);
      }
    }
  });
});
