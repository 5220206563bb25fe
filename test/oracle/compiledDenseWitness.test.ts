/**
 * The node proves a compiled dense network of any depth from the compiler's model.json alone: parseServedModel reads
 * the `compact weights (scale 2^10)` parameters back into the dense family and checks them against the weights
 * commitment, and the prover process builds the witness with servedCircuitCall. That is sound only if it is the
 * compiler's own witness (planCircuit's call) for the same input: checked here on random widths, random parameters
 * anywhere in the compact range and random features, both input modes. A model file that does not open its
 * commitment, or whose layers do not chain through its widths, or that names a baked circuit, is refused.
 */
import { type CircuitPlan, planBakedCircuit, planCircuit, type QuantizedModel } from "@symbiote/compiler";
import { FatalError, type InputMode } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { commitmentFamily, computeInputCommitment } from "../../circuits/src/commitment.ts";
import {
  type DenseWidths,
  denseLogitPacking,
  evaluateDense,
  type IntDenseModel,
} from "../../circuits/src/dense/denseModel.ts";
import { isBakedCircuitId, provesAttribution } from "../../circuits/src/models/compiledModel.ts";
import { fitsShape, ModelCommitmentMismatchError, parseServedModel } from "../../circuits/src/models/servedModel.ts";
import { randomDense, SeededRandom } from "../../circuits/src/randomModels.ts";
import { servedCircuitCall } from "../../oracle/src/prover/circuitCall.ts";

const SALT = 314159265358979323n;

const quantized = (model: IntDenseModel): QuantizedModel => ({
  kind: "dense",
  model,
  task: { type: "classifier", classes: model.layers.at(-1)?.bias.map((_, i) => i) ?? [] },
  postTransform: "SOFTMAX",
});

/** The model.json `npm run model -- compile` writes for a plan (compileModel), as the node reads it from disk. */
function modelFile(plan: CircuitPlan): Record<string, unknown> {
  const json = {
    circuit: plan.id,
    note: "The quantised model and the salt that opens its weights commitment: keep this file private.",
    parameters: plan.parameters,
    weightsSalt: SALT,
    weightsCommitment: plan.weightsCommitment(SALT),
  };
  return JSON.parse(JSON.stringify(json, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/** Random widths: 1 to 4 layers, none of them the one-hidden-layer shape the MLP family serves. */
function randomWidths(rng: SeededRandom): DenseWidths {
  const pick = (max: number) => 1 + Number(rng.next64() % BigInt(max));
  for (;;) {
    const layers = pick(4);
    const widths = [pick(12), ...Array.from({ length: layers }, () => pick(10))];
    if (widths.length !== 3) return widths;
  }
}

const SHAPES = 6;
const INPUTS = 5;

describe("a compiled dense network's witness, as the node builds it", () => {
  for (const mode of ["public", "committed"] as InputMode[]) {
    it(`is the compiler's on ${SHAPES} random widths x ${INPUTS} inputs (${mode} inputs), plus 8-8-8-3`, () => {
      const rng = new SeededRandom(mode === "public" ? 1501n : 1502n);
      const shapes = [[8, 8, 8, 3], ...Array.from({ length: SHAPES }, () => randomWidths(rng))];
      for (const widths of shapes) {
        const model = randomDense(rng, widths);
        const plan = planCircuit(quantized(model), mode);
        const served = parseServedModel(modelFile(plan), plan.weightsCommitment(SALT), "model.json");
        expect(served.family, widths.join("-")).toBe("dense");
        expect(plan.shape).toEqual({ family: "dense", widths });
        expect(fitsShape(served, plan.shape as never)).toBe(true);
        const circuit = { inputMode: mode, shape: plan.shape } as never;
        for (let i = 0; i < INPUTS; i++) {
          const features = rng.vector(widths[0] as number);
          const context = { binding: rng.next64(), inputSalt: rng.next64() };
          const where = `${widths.join("-")} input ${i}`;
          const fromNode = servedCircuitCall(served, circuit, features, context);
          const fromCompiler = plan.call(features, { ...context, weightsSalt: SALT });
          expect(fromNode.input, where).toEqual(fromCompiler.input);
          expect(fromNode.publicSignals, where).toEqual(fromCompiler.publicSignals);
          // the arg-max the node proves is the integer reference's
          const reference = evaluateDense(model, features);
          expect(fromNode.publicSignals[denseLogitPacking(widths).words], where).toBe(BigInt(reference.argmax));
          if (mode === "committed") {
            // the node's data store opens a request's commitment under the circuit's commitment family: it must be
            // the commitment the generated circuit checks (before the weights commitment and the binding)
            const shape = plan.shape as { family: "dense"; widths: number[] };
            const commitment = computeInputCommitment(commitmentFamily(shape), features, context.inputSalt);
            expect(fromNode.publicSignals.at(-3), where).toBe(commitment);
          }
        }
      }
    });
  }

  it("serves an n-h-k network without ReLU on its hidden layer with the dense witness, on the MLP shape it is recorded as", () => {
    const rng = new SeededRandom(1503n);
    const model = randomDense(rng, [7, 5, 3]);
    model.layers[0] = { ...(model.layers[0] as IntDenseModel["layers"][number]), relu: false };
    for (const mode of ["public", "committed"] as InputMode[]) {
      const plan = planCircuit(quantized(model), mode);
      expect(plan.shape).toEqual({ family: "mlp", n: 7, h: 5, k: 3 });
      const served = parseServedModel(modelFile(plan), plan.weightsCommitment(SALT), "model.json");
      // the MLP family's witness applies ReLU: a network without it is the dense family's
      expect(served.family).toBe("dense");
      expect(fitsShape(served, plan.shape as never)).toBe(true);
      expect(fitsShape(served, { family: "mlp", n: 7, h: 6, k: 3 })).toBe(false);
      const circuit = { inputMode: mode, shape: plan.shape } as never;
      for (let i = 0; i < INPUTS; i++) {
        const features = rng.vector(7);
        const context = { binding: rng.next64(), inputSalt: rng.next64() };
        const fromNode = servedCircuitCall(served, circuit, features, context);
        const fromCompiler = plan.call(features, { ...context, weightsSalt: SALT });
        expect(fromNode.input).toEqual(fromCompiler.input);
        expect(fromNode.publicSignals).toEqual(fromCompiler.publicSignals);
      }
    }
  });

  it("refuses a model.json that does not open its commitment: a weight of a hidden layer, a bias, the salt", () => {
    const model = randomDense(new SeededRandom(77n), [6, 5, 4, 3]);
    const plan = planCircuit(quantized(model), "public");
    const commitment = plan.weightsCommitment(SALT);
    const edits: [string, (json: { parameters: { layers: { weights: string[][]; bias: string[] }[] } }) => void][] = [
      ["second layer weight", (json) => bump(json.parameters.layers[1]?.weights[2], 3)],
      ["output bias", (json) => bump(json.parameters.layers[2]?.bias, 0)],
      ["salt", (json) => Object.assign(json, { weightsSalt: String(SALT + 1n) })],
    ];
    for (const [what, edit] of edits) {
      const json = modelFile(plan);
      edit(json as never);
      const call = () => parseServedModel(json, commitment, "model.json");
      expect(call, what).toThrow(ModelCommitmentMismatchError);
      expect(call, what).toThrow(/do not open the registry's commitment/);
    }
  });

  it("refuses parameters whose layers do not chain through the widths, naming the layer", () => {
    const model = randomDense(new SeededRandom(78n), [6, 5, 4, 3]);
    const plan = planCircuit(quantized(model), "public");
    type Json = { parameters: { widths: number[]; layers: { weights: string[][]; bias: string[]; relu: boolean }[] } };
    const edits: [string, (json: Json) => void, RegExp][] = [
      ["a missing row", (json) => json.parameters.layers[1]?.weights.pop(), /layer 2: weights are not 4 rows of 5/],
      ["a missing bias", (json) => json.parameters.layers[2]?.bias.pop(), /layer 3: 2 biases for 3 outputs/],
      ["an extra width", (json) => json.parameters.widths.push(2), /3 layers for widths 6-5-4-3-2/],
      [
        "ReLU on the logits",
        (json) => Object.assign(json.parameters.layers[2] ?? {}, { relu: true }),
        /the output layer applies ReLU/,
      ],
    ];
    for (const [what, edit, details] of edits) {
      const json = modelFile(plan);
      edit(json as never);
      const call = () => parseServedModel(json, plan.weightsCommitment(SALT), "model.json");
      expect(call, what).toThrow(FatalError);
      expect(call, what).toThrow(/dense parameters are damaged/);
      expect(call, what).toThrow(details);
    }
  });

  it("serves a baked circuit's weights, with or without a proven attribution", () => {
    const model = randomDense(new SeededRandom(79n), [6, 5, 4, 3]);
    const plan = planCircuit(quantized(model), "committed");
    const baked = planBakedCircuit(quantized(model), "committed", SALT);
    const attributed = planBakedCircuit(quantized(model), "committed", SALT, { attribution: true });
    expect(isBakedCircuitId(baked.id)).toBe(true);
    expect(isBakedCircuitId(plan.id)).toBe(false);
    expect([plan.id, baked.id, attributed.id].map(provesAttribution)).toEqual([false, false, true]);
    for (const id of [baked.id, attributed.id]) {
      const served = parseServedModel({ ...modelFile(plan), circuit: id }, baked.weightsCommitment(SALT), "m.json");
      expect(served.family === "dense" && served.model).toEqual(model);
    }
  });

  it("builds a baked circuit's witness (no weights, the same signals, the attribution words where the id says) when the circuit is baked, for dense and MLP-family weights", () => {
    for (const widths of [
      [6, 5, 4, 3],
      [4, 5, 3],
    ]) {
      const model = randomDense(new SeededRandom(81n), widths);
      for (const [mode, attribution] of [
        ["committed", false],
        ["public", false],
        ["committed", true],
        ["public", true],
      ] as const) {
        const plan = planBakedCircuit(quantized(model), mode, SALT, { attribution });
        const served = parseServedModel(
          { ...modelFile(planCircuit(quantized(model), mode)), circuit: plan.id },
          plan.weightsCommitment(SALT),
          "model.json",
        );
        const circuit = { inputMode: mode, shape: plan.shape, manifestId: plan.id } as never;
        const features = new SeededRandom(82n).vector(widths[0] as number);
        const context = { binding: 7n, inputSalt: mode === "committed" ? 3n : undefined };
        const fromNode = servedCircuitCall(served, circuit, features, context);
        const fromCompiler = plan.call(features, { ...context, weightsSalt: SALT });
        expect(fromNode.input).toEqual(fromCompiler.input);
        expect(fromNode.publicSignals).toEqual(fromCompiler.publicSignals);
        expect(Object.keys(fromNode.input).some((name) => /^[wb]\d+$/.test(name))).toBe(false);
      }
    }
  });

  it("does not fit a dense circuit of other widths, nor an MLP entry of the same inputs and outputs", () => {
    const model = randomDense(new SeededRandom(80n), [6, 5, 4, 3]);
    const plan = planCircuit(quantized(model), "public");
    const served = parseServedModel(modelFile(plan), plan.weightsCommitment(SALT), "model.json");
    expect(fitsShape(served, { family: "dense", widths: [6, 5, 4, 3] })).toBe(true);
    for (const widths of [
      [6, 5, 4],
      [6, 5, 4, 3, 3],
      [6, 4, 5, 3],
      [7, 5, 4, 3],
    ]) {
      expect(fitsShape(served, { family: "dense", widths }), widths.join("-")).toBe(false);
    }
    expect(fitsShape(served, { family: "mlp", n: 6, h: 5, k: 3 })).toBe(false);
  });
});

function bump(values: string[] | undefined, at: number): void {
  if (!values) throw new Error("no such layer");
  const value = BigInt(values[at] ?? "0");
  // one step toward zero, so that the altered parameter is still in the compact range
  values[at] = String(value > 0n ? value - 1n : value + 1n);
}
