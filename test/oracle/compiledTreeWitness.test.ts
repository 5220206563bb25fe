/**
 * The node proves a compiled tree ensemble from the compiler's model.json alone: parseServedModel reads the
 * `symbiote-trees/1` layout back and checks it against the weights commitment, and the prover process builds the
 * witness with servedCircuitCall. That is sound only if it is the compiler's own witness for the same input, checked
 * here on the committed tree fixtures (held-out rows, both input modes, the model's own shape and a larger one that pads
 * trees and levels), with the decision path the witness proves equal to the source model's and, for committed inputs,
 * an input commitment that the node's data store opens.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compileTreeEnsemble, importOnnx, quantizeTreeFeatures, type TreeEnsembleModel } from "@symbiote/compiler";
import { describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { parseServedModel } from "../../circuits/src/models/servedModel.ts";
import { evaluateIntegerTrees } from "../../circuits/src/trees/treeReference.ts";
import { decodeTreeSignals } from "../../circuits/src/trees/treeSignals.ts";
import { servedCircuitCall } from "../../oracle/src/prover/circuitCall.ts";

const FIXTURES = resolve(REPO_ROOT, "compiler/fixtures");
const heldOut = JSON.parse(readFileSync(resolve(FIXTURES, "heldout.json"), "utf8")) as Record<
  string,
  { inputs: number[][] }
>;
const SALT = 271828182845904523n;

/** The model.json `npm run model -- compile` writes (compileModel), as the node reads it back from disk. */
function modelFile(compiled: ReturnType<typeof compileTreeEnsemble>): unknown {
  const json = {
    circuit: compiled.circuitId,
    note: "The quantised model and the salt that opens its weights commitment: keep this file private.",
    parameters: compiled.parameters,
    weightsSalt: SALT,
    weightsCommitment: compiled.weightsCommitment(SALT),
  };
  return JSON.parse(JSON.stringify(json, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}

const CASES = [
  { fixture: "gradient_boosting" },
  { fixture: "random_forest" },
  { fixture: "lightgbm" },
  { fixture: "decision_tree", shape: { trees: 3, depth: 6 } },
] as const;

describe("a compiled tree ensemble's witness, as the node builds it", () => {
  for (const { fixture, ...options } of CASES) {
    for (const inputMode of ["public", "committed"] as const) {
      const shape = "shape" in options ? options.shape : undefined;
      const label = `${fixture}${shape ? ` padded to ${shape.trees} trees of depth ${shape.depth}` : ""}`;
      it(`is the compiler's for ${label} (${inputMode} inputs) on 8 held-out rows`, () => {
        const ir = importOnnx(new Uint8Array(readFileSync(resolve(FIXTURES, `${fixture}.onnx`))));
        const compiled = compileTreeEnsemble(ir as TreeEnsembleModel, { inputMode, ...(shape ? { shape } : {}) });
        const file = modelFile(compiled);
        const served = parseServedModel(file, compiled.weightsCommitment(SALT), "model.json");
        expect(served.family).toBe("trees");
        const circuit = { inputMode, shape: { family: "trees" as const, ...compiled.shape } } as never;

        const rows = (heldOut[fixture]?.inputs ?? []).slice(0, 8);
        expect(rows).toHaveLength(8);
        rows.forEach((row, i) => {
          const context = { binding: 1000n + BigInt(i), inputSalt: 77n + BigInt(i) };
          const features = quantizeTreeFeatures(row, compiled.featureFracBits);
          const fromNode = servedCircuitCall(served, circuit, features, context);
          const fromCompiler = compiled.witnessInput(row, { ...context, weightsSalt: SALT });
          expect(fromNode.input).toEqual(fromCompiler.input);
          expect(fromNode.publicSignals).toEqual(fromCompiler.publicSignals);
          // the path the witness proves is the source model's, node for node
          const source = evaluateIntegerTrees(compiled.model, features);
          const proven = fromNode.output?.decisions ?? [];
          source.decisions.forEach((decision, t) => {
            const steps = proven[t]?.steps.flatMap((step) => (step.sourceId === null ? [] : [step.sourceId]));
            expect(steps).toEqual(decision.path);
            expect(proven[t]?.leafId).toBe(decision.leafId);
          });
          expect(fromNode.output?.label).toBe(source.label);
          if (inputMode === "committed") {
            // the node's data store opens a request's commitment with computeInputCommitment under the circuit's
            // family: it must be the commitment the tree circuit checks
            const signals = decodeTreeSignals(compiled.shape, inputMode, fromNode.publicSignals);
            expect(signals.inputCommitment).toBe(computeInputCommitment("trees", features, context.inputSalt));
          }
        });
      });
    }
  }

  it("refuses a task whose ensemble does not open the commitment it names, rather than prove another model", () => {
    const ir = importOnnx(new Uint8Array(readFileSync(resolve(FIXTURES, "gradient_boosting.onnx"))));
    const compiled = compileTreeEnsemble(ir as TreeEnsembleModel, { inputMode: "public" });
    const served = parseServedModel(modelFile(compiled), compiled.weightsCommitment(SALT), "model.json");
    const features = quantizeTreeFeatures(heldOut.gradient_boosting?.inputs[0] ?? [], compiled.featureFracBits);
    const altered = { ...served, weightsCommitment: served.weightsCommitment + 1n };
    const circuit = { inputMode: "public", shape: { family: "trees", ...compiled.shape } } as never;
    expect(() => servedCircuitCall(altered, circuit, features, { binding: 1n })).toThrow(/does not open commitment/);
  });
});
