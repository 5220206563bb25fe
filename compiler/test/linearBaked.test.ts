import { resolve } from "node:path";
import {
  type ClassifierModel,
  classifierCircuitCall,
  classifierWeightVector,
  computeWeightsCommitment,
  inferClassifier,
} from "@symbiote/circuits";
import { classifierLaneBits, type InputMode, packMixedLanes, VALUE_MAX } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { linearBakedCircuitSource } from "../src/circuit/linearBakedCircuit.ts";
import { linearCircuitId, linearCircuitSource } from "../src/circuit/linearCircuit.ts";
import { planBakedCircuit } from "../src/compile/plan.ts";
import type { QuantizedModel } from "../src/quantize/quantizeModel.ts";
import { type CompiledTree, compileEntry, rng } from "./treeHelpers.ts";

/**
 * The baked-weights linear circuit (one version's weights, bias and threshold as constants): on random inputs, the
 * extremes of the value range included, its public signals are the committed-weights circuit's (the integer
 * reference's); it costs fewer constraints; and forged witnesses are refused: any public signal changed, the
 * decision flipped, a contribution moved from one feature to another (the score unchanged), another version's
 * commitment or outputs.
 */

const value = (r: () => number) => {
  const u = r();
  // a third of the values at the ends of the range, where the lanes and the score's sign check are tight
  if (u < 0.15) return VALUE_MAX;
  if (u < 0.3) return -VALUE_MAX;
  return BigInt(Math.round((r() * 2 - 1) * 4 * 65_536));
};

function randomLinear(seed: number, n: number): ClassifierModel {
  const r = rng(seed);
  return {
    weights: Array.from({ length: n }, () => value(r)),
    bias: BigInt(Math.round((r() * 2 - 1) * 65_536)),
    threshold: BigInt(Math.round((r() * 2 - 1) * 65_536)),
  };
}

const quantized = (model: ClassifierModel): QuantizedModel => ({
  kind: "linear",
  model,
  task: { type: "classifier", classes: [0, 1] },
  layout: "difference",
  postTransform: "LOGISTIC",
});

/** The explanation words of chosen contributions, score and decision, packed as the circuit packs them. */
function packExplanation(contributions: bigint[], score: bigint, decision: boolean): bigint[] {
  const bits = classifierLaneBits(contributions.length);
  const values = [...contributions, score, decision ? 1n : 0n];
  return packMixedLanes(
    values.map((v, i) => ({
      value: v,
      bits: bits[i] as number,
      offset: i < values.length - 1 ? 1n << BigInt((bits[i] as number) - 1) : 0n,
    })),
  );
}

const CASES: { n: number; mode: InputMode }[] = [
  { n: 7, mode: "committed" },
  { n: 12, mode: "public" },
];
const OUT = resolve(REPO_ROOT, "compiler/out/tests/linearBaked");
const SALT = 4242n;

for (const { n, mode } of CASES) {
  describe(`baked linear circuit over ${n} features, ${mode} inputs`, () => {
    const model = randomLinear(n * 13, n);
    const plan = planBakedCircuit(quantized(model), mode, SALT);
    const commitment = computeWeightsCommitment("classifier", classifierWeightVector(model), SALT);
    let baked: CompiledTree;
    let committed: CompiledTree;
    beforeAll(async () => {
      baked = await compileEntry(writeEntry(OUT, plan.id, plan.source(OUT)), "O2");
      const id = linearCircuitId(n, mode);
      committed = await compileEntry(writeEntry(OUT, id, linearCircuitSource(n, mode, OUT)), "O2");
    }, 180_000);

    it("has the committed-weights circuit's public signals, the version's pinned commitment and fewer constraints", () => {
      const tag = commitment.toString(16).padStart(64, "0").slice(0, 8);
      expect(plan.id).toBe(`${linearCircuitId(n, mode)}-baked-${tag}`);
      expect(plan.weightsCommitment(SALT)).toBe(commitment);
      expect(() => plan.weightsCommitment(SALT + 1n)).toThrow(RangeError);
      expect(() => plan.call([], { binding: 1n, weightsSalt: SALT + 1n, inputSalt: 1n })).toThrow(RangeError);
      // no weight, bias, threshold or salt in the witness input: the circuit holds them
      const call = plan.call(
        Array.from({ length: n }, () => 1n),
        { binding: 1n, weightsSalt: SALT, inputSalt: 2n },
      );
      expect(Object.keys(call.input).sort()).toEqual(
        (mode === "committed"
          ? ["binding", "features", "inputCommitment", "inputSalt", "weightsCommitment"]
          : ["binding", "featureWords", "weightsCommitment"]
        ).sort(),
      );
      expect(baked.r1cs.nConstraints).toBeLessThan(committed.r1cs.nConstraints / 2);
    });

    it("outputs the integer reference on random inputs, range ends included", () => {
      const r = rng(11);
      const decisions = new Set<boolean>();
      for (let i = 0; i < 16; i++) {
        const x = Array.from({ length: n }, () => value(r));
        const context = { binding: BigInt(100 + i), weightsSalt: SALT, inputSalt: 9n };
        const call = plan.call(x, context);
        expect(call.publicSignals).toEqual(classifierCircuitCall(mode, model, x, context).publicSignals);
        const witness = baked.witness.calculate(call.input);
        expect(witness.slice(1, 1 + call.publicSignals.length), `input ${i}`).toEqual(call.publicSignals);
        expect(violatedConstraints(baked.r1cs, witness), `input ${i}`).toEqual([]);
        decisions.add(inferClassifier(model, x).decision);
      }
      // both decisions were exercised
      expect(decisions.size).toBe(2);
    });

    it("refuses forged witnesses: a public signal changed, the decision flipped, a contribution moved", () => {
      const x = Array.from({ length: n }, (_, i) => BigInt((i + 1) * 65_536));
      const call = plan.call(x, { binding: 1n, weightsSalt: SALT, inputSalt: 2n });
      const honest = baked.witness.calculate(call.input);
      call.publicSignals.forEach((_, index) => {
        const forged = [...honest];
        forged[1 + index] = (honest[1 + index] as bigint) + 1n;
        expect(violatedConstraints(baked.r1cs, forged).length, `public signal ${index}`).toBeGreaterThan(0);
      });
      const out = inferClassifier(model, x);
      const words = out.explanationWords.length;
      const forgeries: [string, bigint[]][] = [
        ["decision flipped", packExplanation(out.contributions, out.score, !out.decision)],
        [
          "contribution moved from feature 0 to feature 1",
          packExplanation(
            out.contributions.map((c, i) => (i === 0 ? c - 65_536n : i === 1 ? c + 65_536n : c)),
            out.score,
            out.decision,
          ),
        ],
      ];
      for (const [what, explanation] of forgeries) {
        expect(explanation).not.toEqual(out.explanationWords);
        const forged = [...honest];
        explanation.forEach((word, w) => {
          forged[1 + w] = word;
        });
        expect(words).toBe(explanation.length);
        expect(violatedConstraints(baked.r1cs, forged).length, what).toBeGreaterThan(0);
      }
    });

    it("refuses another version: its weights commitment, or its outputs on the same input", () => {
      const other = randomLinear(n * 13 + 1, n);
      const x = Array.from({ length: n }, (_, i) => BigInt((i - 3) * 65_536));
      const context = { binding: 3n, weightsSalt: SALT, inputSalt: 4n };
      const theirs = classifierCircuitCall(mode, other, x, context);
      const ours = plan.call(x, context);
      const otherCommitment = computeWeightsCommitment("classifier", classifierWeightVector(other), SALT);
      expect(() => baked.witness.calculate({ ...ours.input, weightsCommitment: otherCommitment })).toThrow();
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

describe("linearBakedCircuitSource refusals", () => {
  it("refuses a weight outside the value range the lanes are sized for, naming it", () => {
    const model = randomLinear(1, 4);
    model.weights[2] = VALUE_MAX + 1n;
    expect(() => linearBakedCircuitSource(model, "committed", 1n, OUT)).toThrow(/classifier weight 2/);
  });

  it("has no attribution option: the contributions are the attribution", () => {
    expect(() => planBakedCircuit(quantized(randomLinear(2, 4)), "public", SALT, { attribution: true })).toThrow(
      /contributions/,
    );
  });
});
