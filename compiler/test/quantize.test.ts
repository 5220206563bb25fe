import { evaluateDense } from "@symbiote/circuits";
import { FRAC_BITS } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { importOnnx } from "../src/import/importModel.ts";
import type { LinearModel, MlpModel } from "../src/ir/model.ts";
import { writeMlModel } from "../src/onnx/writer.ts";
import { assertAgreement, measureAgreement } from "../src/quantize/agreement.ts";
import { AgreementError, QuantizationError } from "../src/quantize/errors.ts";
import { fromFixed, quantizeInputs } from "../src/quantize/fixedPoint.ts";
import { quantizeDense } from "../src/quantize/quantizeDense.ts";
import { predictQuantized, quantizeModel } from "../src/quantize/quantizeModel.ts";
import { evaluate } from "../src/reference/evaluate.ts";
import { readFixture, readHeldOut } from "./fixtures.ts";
import { rng } from "./treeHelpers.ts";

const heldOut = readHeldOut();

describe("quantised fixtures against the original model in onnxruntime-node (64 held-out rows)", () => {
  it("logistic-30: every decision agrees, probabilities within 1e-4", async () => {
    const bytes = readFixture("logistic");
    const q = quantizeModel(importOnnx(bytes));
    expect(q.kind).toBe("linear");
    const report = await measureAgreement(bytes, q, heldOut.logistic.inputs);
    expect(report).toMatchObject({ rows: 64, agreement: 1, disagreements: [] });
    expect(report.maxScoreError).toBeLessThan(1e-4);
    assertAgreement(report);
  });

  it("MLP 16-32-4: every arg-max agrees, probabilities within 1e-2", async () => {
    const bytes = readFixture("mlp");
    const q = quantizeModel(importOnnx(bytes));
    expect(q.kind).toBe("dense");
    const report = await measureAgreement(bytes, q, heldOut.mlp.inputs);
    expect(report.agreement).toBe(1);
    expect(report.maxScoreError).toBeLessThan(1e-2);
  });

  it("refuses, with the numbers, a model whose quantised decisions drift from the original's", async () => {
    const bytes = readFixture("logistic");
    const ir = importOnnx(bytes) as LinearModel;
    // weights below half a fixed-point step all round to zero: the quantised model always says class 1
    const shrunk: LinearModel = { ...ir, weights: ir.weights.map((row) => row.map((w) => w * 1e-6)), bias: [0, 0] };
    const report = await measureAgreement(bytes, quantizeModel(shrunk), heldOut.logistic.inputs, 0.95);
    expect(report.agreement).toBeLessThan(0.95);
    expect(report.disagreements.length).toBe(Math.round((1 - report.agreement) * 64));
    let error: unknown;
    try {
      assertAgreement(report);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgreementError);
    expect((error as AgreementError).numbers).toMatchObject({ rows: 64, agreement: report.agreement, threshold: 0.95 });
    expect((error as AgreementError).message).toMatch(/below the required 95\.00%/);
  });

  it("refuses the loan-amount regressor, whose weights exceed the value range, naming the weight", () => {
    expect(() => quantizeModel(importOnnx(readFixture("linear")))).toThrow(QuantizationError);
    expect(() => quantizeModel(importOnnx(readFixture("linear")))).toThrow(/weight 0 = 742\.\d+ does not fit/);
  });
});

describe("integer references against the float reference on random models", () => {
  it("binary linear: the integer score is the float score within the rounding of weights and features", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 40);
      const w = Array.from({ length: n }, () => (r() * 2 - 1) * 4);
      const b = (r() * 2 - 1) * 2;
      const ir: LinearModel = {
        kind: "linear",
        task: { type: "classifier", classes: [0, 1] },
        inputs: n,
        weights: [w.map((v) => -v), w],
        bias: [-b, b],
        postTransform: "LOGISTIC",
      };
      const q = quantizeModel(ir);
      for (let i = 0; i < 5; i++) {
        const x = Array.from({ length: n }, () => (r() * 2 - 1) * 5);
        const float = evaluate(ir, x);
        const ours = predictQuantized(q, quantizeInputs(x));
        // each product errs by at most |w| 2^-17 + |x| 2^-17 + 2^-34; sigmoid's slope is at most 1/4
        const bound = (n * (4 + 5) + 2) * 2 ** -17;
        expect(Math.abs((ours.scores[1] as number) - (float.scores[1] as number))).toBeLessThan(bound);
      }
    }
  });

  it("dense stacks of 1-3 layers: integer logits within the compact format's rounding of the float logits", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const widths = Array.from({ length: 2 + Math.floor(r() * 3) }, () => 1 + Math.floor(r() * 12));
      const layers = widths.slice(1).map((out, l) => ({
        weights: Array.from({ length: out }, () =>
          Array.from({ length: widths[l] as number }, () => (r() * 2 - 1) * 0.5),
        ),
        bias: Array.from({ length: out }, () => (r() * 2 - 1) * 0.5),
        activation: l < widths.length - 2 ? ("relu" as const) : ("none" as const),
      }));
      const ir: MlpModel = {
        kind: "mlp",
        task: { type: "regressor", targets: widths.at(-1) as number },
        inputs: widths[0] as number,
        layers,
        postTransform: "NONE",
      };
      const q = quantizeDense(ir);
      for (let i = 0; i < 5; i++) {
        const x = Array.from({ length: ir.inputs }, () => (r() * 2 - 1) * 3);
        const float = evaluate(ir, x).raw;
        const ints = evaluateDense(q, quantizeInputs(x)).logits.map((v) => fromFixed(v, FRAC_BITS));
        // weights round by 2^-11 each; through at most 3 layers of width 12 with |x| <= 3 this stays below 0.05
        ints.forEach((v, k) => {
          expect(Math.abs(v - (float[k] as number)), `seed ${seed} widths ${widths}`).toBeLessThan(0.05);
        });
      }
    }
  });
});

describe("quantised random linear classifiers against onnxruntime-node", () => {
  it("binary (mirrored, LOGISTIC) and 3-6 classes (SOFTMAX, dense): decisions differ only within the rounding margin", async () => {
    let rows = 0;
    let agreeing = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const r = rng(seed + 500);
      const n = 2 + Math.floor(r() * 30);
      const classes = seed % 2 ? 2 : 3 + Math.floor(r() * 4);
      const w = Array.from({ length: n }, () => (r() * 2 - 1) * 2);
      const b = r() * 2 - 1;
      const weights =
        classes === 2
          ? [w.map((v) => -v), w]
          : Array.from({ length: classes }, () => Array.from({ length: n }, () => (r() * 2 - 1) * 2));
      const bias = classes === 2 ? [-b, b] : Array.from({ length: classes }, () => r() * 2 - 1);
      const post = classes === 2 ? "LOGISTIC" : "SOFTMAX";
      const onnx = writeMlModel("LinearClassifier", n, classes, [
        { name: "coefficients", floats: weights.flat() },
        { name: "intercepts", floats: bias },
        { name: "classlabels_ints", ints: Array.from({ length: classes }, (_, c) => c) },
        { name: "post_transform", s: post },
      ]);
      const ir = importOnnx(onnx);
      const q = quantizeModel(ir);
      expect(q.kind).toBe(classes === 2 ? "linear" : "dense");
      const inputs = Array.from({ length: 24 }, () => Array.from({ length: n }, () => (r() * 2 - 1) * 3));
      const report = await measureAgreement(onnx, q, inputs);
      // compact weights (steps of 2^-10) for the dense path, values (2^-16) for the linear one; features 2^-16
      const step = classes === 2 ? 2 ** -16 : 2 ** -10;
      const bound = (n * (3 * step + 2 * 2 ** -16) + step) * 2;
      for (const row of report.disagreements) {
        const raw = evaluate(ir, Array.from(Float32Array.from(inputs[row] as number[]))).raw;
        const [top = 0, second = 0] = [...raw].sort((a, c) => c - a);
        expect(top - second, `seed ${seed} row ${row}`).toBeLessThan(bound);
      }
      rows += report.rows;
      agreeing += report.rows - report.disagreements.length;
    }
    expect(agreeing / rows).toBeGreaterThan(0.97);
  }, 60_000);
});
