import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { importOnnx } from "../src/import/importModel.ts";
import type { ModelIR } from "../src/ir/model.ts";
import { argMax, compare, evaluate } from "../src/reference/evaluate.ts";
import { FIXTURE_NAMES, type FixtureName, readFixture, readHeldOut } from "./fixtures.ts";

const heldOut = readHeldOut();
const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** Runs the fixture through onnxruntime-node: scores [rows × columns] and labels when the graph has them. */
async function runOrt(name: FixtureName, rows: number[][]): Promise<{ scores: number[][]; labels: number[] | null }> {
  const session = await ort.InferenceSession.create(readFixture(name));
  sessions.push(session);
  const width = rows[0]?.length ?? 0;
  const input = new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, width]);
  const out = await session.run({ [session.inputNames[0] as string]: input });
  const scoreTensor = out.probabilities ?? out.variable;
  if (!scoreTensor) throw new Error(`${name}: no score output among ${Object.keys(out)}`);
  const cols = scoreTensor.dims[1] as number;
  const flat = Array.from(scoreTensor.data as Float32Array);
  const scores = rows.map((_, r) => flat.slice(r * cols, (r + 1) * cols));
  const labels = out.label ? Array.from(out.label.data as BigInt64Array, Number) : null;
  return { scores, labels };
}

/** Float32 rounding of the held-out features, as onnxruntime sees them. */
function asFloat32(rows: number[][]): number[][] {
  return rows.map((r) => Array.from(Float32Array.from(r)));
}

function maxError(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      m = Math.max(m, Math.abs(v - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return m;
}

const EXPECTED_KIND: Record<FixtureName, ModelIR["kind"]> = {
  logistic: "linear",
  linear: "linear",
  mlp: "mlp",
  decision_tree: "treeEnsemble",
  random_forest: "treeEnsemble",
  gradient_boosting: "treeEnsemble",
  gradient_boosting_regressor: "treeEnsemble",
  lightgbm: "treeEnsemble",
};

describe.each(FIXTURE_NAMES)("reference evaluation of %s", (name) => {
  const model = importOnnx(readFixture(name));
  const rows = asFloat32(heldOut[name].inputs);
  const ours = rows.map((x) => evaluate(model, x));
  const regressor = model.task.type === "regressor";
  // Regression outputs are in currency units (thousands); compare relative to magnitude there.
  const tolerance = (ref: number[][]) => (regressor ? 2e-6 * Math.max(...ref.flat().map(Math.abs)) : 2e-6);

  it(`imports as ${EXPECTED_KIND[name]}`, () => {
    expect(model.kind).toBe(EXPECTED_KIND[name]);
    expect(model.inputs).toBe(rows[0]?.length);
  });

  it("matches onnxruntime-node on every held-out row: scores within float32 tolerance, identical arg-max", async () => {
    const ref = await runOrt(name, rows);
    const scores = ours.map((e) => e.scores);
    expect(maxError(scores, ref.scores)).toBeLessThan(tolerance(ref.scores));
    if (!regressor) {
      expect(ours.map((e) => e.label)).toEqual(ref.labels ?? ref.scores.map(argMax));
      expect(ref.scores.map(argMax)).toEqual(scores.map(argMax));
    }
  });

  it("matches the trained Python model's recorded outputs", () => {
    const expected = heldOut[name].expected;
    const scores = ours.map((e) => e.scores);
    expect(maxError(scores, expected)).toBeLessThan(
      regressor ? 1e-4 * Math.max(...expected.flat().map(Math.abs)) : 1e-4,
    );
    if (!regressor) expect(scores.map(argMax)).toEqual(expected.map(argMax));
  });

  if (model.kind === "treeEnsemble") {
    it("reports, for every tree, a decision path whose tests hold and whose leaves sum to the raw score", () => {
      ours.forEach((e, r) => {
        const x = rows[r] as number[];
        expect(e.paths).toHaveLength(model.trees.length);
        const sums = [...model.baseValues];
        for (const path of e.paths ?? []) {
          const tree = model.trees.find((t) => t.id === path.tree);
          expect(path.steps[0]?.node ?? path.leaf).toBe(tree?.root);
          for (const [k, step] of path.steps.entries()) {
            expect(step.value).toBe(x[step.feature]);
            expect(step.wentTrue).toBe(compare(step.mode, step.value, step.threshold));
            const node = tree?.nodes.get(step.node);
            const next = path.steps[k + 1]?.node ?? path.leaf;
            expect(node?.kind === "branch" && (step.wentTrue ? node.trueId : node.falseId)).toBe(next);
          }
          expect(tree?.nodes.get(path.leaf)?.kind).toBe("leaf");
          expect(path.steps.length).toBeLessThanOrEqual(4);
          for (const { target, weight } of path.leafWeights) sums[target] = (sums[target] ?? 0) + weight;
        }
        const s = sums[0] as number;
        const raw = !model.binarySingleColumn ? sums : model.binaryLayout === "probability" ? [1 - s, s] : [-s, s];
        raw.forEach((v, c) => {
          expect(e.raw[c]).toBeCloseTo(v, 12);
        });
      });
    });
  }
});
