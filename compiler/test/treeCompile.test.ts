import { resolve } from "node:path";
import { decodeTreeSignals, TreeCircuitError } from "@symbiote/circuits";
import { decodePublicSignals, type InputMode } from "@symbiote/sdk";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { type CompiledTreeEnsemble, compileTreeEnsemble } from "../src/circuit/treeCompile.ts";
import { decodeTreeDecision } from "../src/circuit/treeDecision.ts";
import { treeManifestEntry } from "../src/circuit/treeManifest.ts";
import { importOnnx } from "../src/import/importModel.ts";
import type { TreeEnsembleModel } from "../src/ir/model.ts";
import { evaluate } from "../src/reference/evaluate.ts";
import { type FixtureName, readFixture, readHeldOut } from "./fixtures.ts";
import { type CompiledTree, compileEntry } from "./treeHelpers.ts";

/**
 * compileTreeEnsemble, the entry the model CLI uses for tree models, on the tree fixtures trained in Python: the
 * generated circuit's witness carries the integer reference's public signals and satisfies the constraints, every
 * tree's proven path is the float model's (compiler/src/reference/evaluate.ts), and the label (or score) is
 * onnxruntime-node's on every held-out row.
 */

const heldOut = readHeldOut();
const OUT = resolve(REPO_ROOT, "compiler/out/tests/treeCompile");
const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const session of sessions) await session.release();
});

function treeFixture(name: FixtureName): TreeEnsembleModel {
  const ir = importOnnx(readFixture(name));
  if (ir.kind !== "treeEnsemble") throw new Error(`${name} is not a tree ensemble`);
  return ir;
}

/** onnxruntime-node's labels (classifiers) or first output column (regressors) on float32 rows. */
async function runOrt(name: FixtureName, rows: number[][]): Promise<{ labels: number[] | null; scores: number[] }> {
  const session = await ort.InferenceSession.create(readFixture(name));
  sessions.push(session);
  const width = rows[0]?.length ?? 0;
  const input = new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, width]);
  const out = await session.run({ [session.inputNames[0] as string]: input });
  const scores = out.variable ?? out.probabilities;
  if (!scores) throw new Error(`${name}: no score output`);
  const columns = scores.dims[1] as number;
  return {
    labels: out.label ? Array.from(out.label.data as BigInt64Array, Number) : null,
    scores: rows.map((_, r) => (scores.data as Float32Array)[r * columns] as number),
  };
}

/** Witnesses every row through a compiled circuit; returns the decoded signals of each row. */
function proveRows(compiled: CompiledTreeEnsemble, circuit: CompiledTree, rows: number[][]) {
  return rows.map((x, i) => {
    const call = compiled.witnessInput(x, { binding: BigInt(i + 1), weightsSalt: 99n, inputSalt: 7n });
    const witness = circuit.witness.calculate(call.input);
    const signals = witness.slice(1, 1 + call.publicSignals.length);
    expect(signals, `row ${i}`).toEqual(call.publicSignals);
    // a satisfied system on the first row (the check walks every constraint; treeCircuit.test.ts checks many)
    if (i === 0) expect(violatedConstraints(circuit.r1cs, witness), `row ${i}`).toEqual([]);
    expect(signals[signals.length - 2], "the registry's commitment").toBe(compiled.weightsCommitment(99n));
    return decodeTreeSignals(compiled.shape, compiled.inputMode, signals);
  });
}

const CLASSIFIERS: FixtureName[] = ["decision_tree", "random_forest", "gradient_boosting", "lightgbm"];

describe("compileTreeEnsemble: binary tree classifiers in one 10 x 4 circuit (committed inputs)", () => {
  // every binary classifier fixture fits 10 trees of depth 4 over its 30 features, one score column
  const shape = { trees: 10, depth: 4 };
  const mode: InputMode = "committed";
  const compiled = new Map(
    CLASSIFIERS.map((name) => [
      name,
      compileTreeEnsemble(treeFixture(name), { inputMode: mode, shape, outDir: resolve(OUT, name) }),
    ]),
  );
  let circuit: CompiledTree;
  beforeAll(async () => {
    circuit = await compileEntry((compiled.get("decision_tree") as CompiledTreeEnsemble).circuitPath, "O2");
  });

  it("gives every fixture the same circuit id and public-signal layout", () => {
    const ids = new Set([...compiled.values()].map((c) => c.circuitId));
    expect(ids).toEqual(new Set(["trees10x4x30x1-committed"]));
    const layouts = new Set([...compiled.values()].map((c) => JSON.stringify(c.publicSignalLayout)));
    expect(layouts.size).toBe(1);
  });

  it.each(CLASSIFIERS)(
    "%s: on the 64 held-out rows every tree's proven path is the float model's and the label onnxruntime-node's",
    async (name) => {
      const ir = treeFixture(name);
      const model = compiled.get(name) as CompiledTreeEnsemble;
      const rows = heldOut[name].inputs.map((row) => Array.from(Float32Array.from(row)));
      const decoded = proveRows(model, circuit, rows);
      // no held-out row lies within 2^-17 of a threshold, so no rounding flips a comparison: the paths are the float ones
      const entry = treeManifestEntry(model);
      rows.forEach((x, i) => {
        const signals = model.witnessInput(x, {
          binding: BigInt(i + 1),
          weightsSalt: 99n,
          inputSalt: 7n,
        }).publicSignals;
        const proven = decodeTreeDecision(entry, signals, { layout: model.layout }).paths;
        (evaluate(ir, x).paths ?? []).forEach((float, t) => {
          const path = proven[t];
          const own = path?.steps.flatMap((s) => (s.sourceNodeId === null ? [] : [s.sourceNodeId]));
          expect(own, `row ${i} tree ${t}`).toEqual(float.steps.map((s) => s.node));
          expect(path?.sourceLeafId, `row ${i} tree ${t}`).toBe(float.leaf);
        });
      });
      const ours = decoded.map((d) => (ir.task.type === "classifier" ? ir.task.classes[d.label] : Number.NaN));
      const { labels } = await runOrt(name, rows);
      expect(labels).not.toBeNull();
      expect(ours).toEqual(labels);
      // both classes occur: the comparison can fail either way
      expect(new Set(ours).size).toBe(2);
    },
  );
});

describe("compileTreeEnsemble: a regressor with values beyond ±128 (public inputs, 8 fractional bits)", () => {
  const name: FixtureName = "gradient_boosting_regressor";
  const ir = treeFixture(name);
  const compiled = compileTreeEnsemble(ir, { inputMode: "public", valueFracBits: 8, outDir: resolve(OUT, name) });
  let circuit: CompiledTree;
  beforeAll(async () => {
    circuit = await compileEntry(compiled.circuitPath, "O2");
  });

  it("proves onnxruntime-node's prediction within the rounding of 11 values at 2^-8 on the held-out rows", async () => {
    expect(compiled.circuitId).toBe("trees10x3x30x1-public");
    const rows = heldOut[name].inputs.map((row) => Array.from(Float32Array.from(row)));
    const decoded = proveRows(compiled, circuit, rows);
    const { scores } = await runOrt(name, rows);
    // ten leaves and the base value, each rounded by at most 2^-9, plus float32 accumulation in onnxruntime
    const tolerance = 11 * 2 ** -9 + 1e-2;
    decoded.forEach((d, i) => {
      expect(Math.abs(Number(d.scores[0]) / 2 ** 8 - (scores[i] as number)), `row ${i}`).toBeLessThan(tolerance);
    });
    // the layout reads scores at the model's scale
    const signals = compiled.witnessInput(rows[0] as number[], { binding: 1n, weightsSalt: 99n }).publicSignals;
    const score = compiled.publicSignalLayout.find((s) => s.signal === "scores[0]");
    expect(score?.lanes?.[0]?.fracBits).toBe(8);
    expect(decodePublicSignals(compiled.publicSignalLayout, signals)["score[0]"]).toBe(decoded[0]?.scores[0]);
  });
});

describe("compileTreeEnsemble refusals", () => {
  const outDir = resolve(OUT, "refusals");
  const ir = treeFixture("random_forest");

  it("refuses a shape smaller than the model, naming both", () => {
    expect(() => compileTreeEnsemble(ir, { inputMode: "public", shape: { trees: 4 }, outDir })).toThrow(
      /has 5 trees of depth up to 4; the requested shape holds 4/,
    );
  });

  it("refuses values beyond ±128 at 16 fractional bits, naming the scale that fits", () => {
    expect(() =>
      compileTreeEnsemble(treeFixture("gradient_boosting_regressor"), { inputMode: "public", outDir }),
    ).toThrow(/valueFracBits: at most \d+/);
  });

  it("refuses a missing or out-of-range feature and a wrong feature count", () => {
    const compiled = compileTreeEnsemble(ir, { inputMode: "public", outDir });
    const row = Array.from({ length: 30 }, () => 0.5);
    const context = { binding: 1n, weightsSalt: 2n };
    expect(() => compiled.witnessInput([...row.slice(1), Number.NaN], context)).toThrow(/Feature 29 is NaN/);
    expect(() => compiled.witnessInput([...row.slice(1), 128], context)).toThrow(TreeCircuitError);
    expect(() => compiled.witnessInput(row.slice(1), context)).toThrow(/Expected 30 features, got 29/);
  });

  it("refuses categorical splits", () => {
    const [tree] = ir.trees;
    if (!tree) throw new Error("no tree");
    const nodes = new Map(
      [...tree.nodes].map(([id, node]) => [
        id,
        node.kind === "branch" ? { ...node, mode: "BRANCH_EQ" as const } : node,
      ]),
    );
    expect(() => compileTreeEnsemble({ ...ir, trees: [{ ...tree, nodes }] }, { inputMode: "public", outDir })).toThrow(
      /BRANCH_EQ splits have no form in the tree circuit/,
    );
  });
});
