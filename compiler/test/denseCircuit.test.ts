import { resolve } from "node:path";
import { type DenseWidths, denseCircuitCall, type IntDenseModel } from "@symbiote/circuits";
import { type InputMode, VALUE_MAX, WEIGHT_MAX } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { denseCircuitId, denseCircuitSource } from "../src/circuit/denseCircuit.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { type CompiledTree, compileEntry, rng } from "./treeHelpers.ts";

/**
 * Property tests of the generated dense circuits: on random widths' models with random parameters anywhere in the
 * compact range and random features (small and full-range), the witness's public signals are exactly the integer
 * reference's (circuits/src/dense/denseModel.ts) and satisfy the R1CS; forged witnesses (a changed public signal, a hidden activation
 * off by one, an out-of-range parameter) are refused.
 */

function randomDense(seed: number, widths: DenseWidths): IntDenseModel {
  const r = rng(seed);
  // a third of the models use the whole compact range, the rest trained-like small weights
  const span = r() < 0.34 ? Number(WEIGHT_MAX) : 1500;
  const weight = () => BigInt(Math.round((r() * 2 - 1) * span));
  return {
    inputs: widths[0] as number,
    layers: widths.slice(1).map((out, l) => ({
      weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, weight)),
      bias: Array.from({ length: out }, weight),
      relu: l < widths.length - 2,
    })),
  };
}

function randomFeatures(r: () => number, n: number): bigint[] {
  const span = r() < 0.3 ? Number(VALUE_MAX) : 4 * 65_536;
  return Array.from({ length: n }, () => BigInt(Math.round((r() * 2 - 1) * span)));
}

const CASES: { widths: DenseWidths; mode: InputMode; why: string }[] = [
  { widths: [3, 4, 2], mode: "public", why: "one hidden layer, as today's MLP" },
  { widths: [5, 4, 3, 3], mode: "committed", why: "two hidden layers (bounds grow layer by layer)" },
  { widths: [4, 3], mode: "committed", why: "no hidden layer: a multi-class linear model" },
  { widths: [3, 2, 1], mode: "public", why: "one output: a regressor" },
];
const MODELS = 15;
const INPUTS = 4;
const OUT = resolve(REPO_ROOT, "compiler/out/tests/denseCircuit");

for (const { widths, mode, why } of CASES) {
  describe(`dense circuit ${widths.join("-")}, ${mode} inputs (${why})`, () => {
    let circuit: CompiledTree;
    beforeAll(async () => {
      const id = denseCircuitId(widths, mode);
      const relu = widths.slice(2).map(() => true);
      circuit = await compileEntry(writeEntry(OUT, id, denseCircuitSource(widths, relu, mode, OUT)), "O2");
    }, 120_000);

    it(`outputs the integer reference on ${MODELS} random models x ${INPUTS} inputs`, () => {
      let negative = 0;
      for (let seed = 1; seed <= MODELS; seed++) {
        const model = randomDense(seed * 17 + widths.length, widths);
        const r = rng(seed);
        for (let i = 0; i < INPUTS; i++) {
          const x = randomFeatures(r, widths[0] as number);
          const context = { binding: BigInt(seed * 1000 + i), weightsSalt: BigInt(seed) * 7919n, inputSalt: 31n };
          const call = denseCircuitCall(mode, model, x, context);
          const witness = circuit.witness.calculate(call.input);
          const where = `seed ${seed} input ${i}`;
          expect(witness.slice(1, 1 + call.publicSignals.length), where).toEqual(call.publicSignals);
          expect(violatedConstraints(circuit.r1cs, witness), where).toEqual([]);
          negative += call.output.logits.filter((v) => v < 0n).length;
        }
      }
      // the logits take both signs
      expect(negative).toBeGreaterThan(0);
    });

    it("refuses forged witnesses: any public signal changed, any hidden activation off by one (a clamped ReLU included)", () => {
      // the first seed from 99 on whose input clamps a hidden unit, so that a clamped ReLU is among the forgeries
      let seed = 99;
      const callOf = (s: number) =>
        denseCircuitCall(mode, randomDense(s, widths), randomFeatures(rng(s), widths[0] as number), {
          binding: 5n,
          weightsSalt: 6n,
          inputSalt: 7n,
        });
      const clamps = (s: number) => callOf(s).output.activations.slice(0, -1).flat().includes(0n);
      while (widths.length > 2 && !clamps(seed)) seed++;
      const call = callOf(seed);
      const honest = circuit.witness.calculate(call.input);
      call.publicSignals.forEach((_, index) => {
        const forged = [...honest];
        forged[1 + index] = (honest[1 + index] as bigint) + 1n;
        expect(violatedConstraints(circuit.r1cs, forged).length, `public signal ${index}`).toBeGreaterThan(0);
      });
      // the last layer's outputs are only packed (O2 folds them into the public words the first loop covers)
      let clamped = 0;
      for (let l = 1; l < widths.length - 1; l++) {
        for (let j = 0; j < (widths[l] as number); j++) {
          const wire = circuit.wires.get(`main.a${l}[${j}]`);
          if (wire === undefined) throw new Error(`no wire main.a${l}[${j}]`);
          if (honest[wire] === 0n) clamped++;
          for (const delta of [1n, -1n]) {
            const forged = [...honest];
            forged[wire] = (honest[wire] as bigint) + delta;
            expect(violatedConstraints(circuit.r1cs, forged).length, `a${l}[${j}] ${delta}`).toBeGreaterThan(0);
          }
        }
      }
      if (widths.length > 2) expect(clamped).toBeGreaterThan(0);
    });

    it("refuses a parameter outside the compact range, even when committed to", () => {
      const model = randomDense(3, widths);
      (model.layers[0]?.weights[0] as bigint[])[0] = WEIGHT_MAX + 1n;
      const x = randomFeatures(rng(3), widths[0] as number);
      // the reference refuses it too; build the witness input by hand around an honest call
      const honest = denseCircuitCall(mode, randomDense(3, widths), x, { binding: 1n, weightsSalt: 2n, inputSalt: 3n });
      const input = { ...honest.input, w1: model.layers[0]?.weights ?? [] };
      expect(() => circuit.witness.calculate(input)).toThrow();
    });
  });
}
