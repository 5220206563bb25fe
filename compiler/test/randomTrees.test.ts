import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { importOnnx } from "../src/import/importModel.ts";
import { writeMlModel } from "../src/onnx/writer.ts";
import { evaluate } from "../src/reference/evaluate.ts";

const MODES = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"];
// Thresholds and inputs share a small grid so that equality cases (and EQ/NEQ) actually occur.
const GRID = [-1.5, -0.5, 0, 0.25, 1, 2];

/** Deterministic xorshift so a failure reproduces from its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function randomEnsemble(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const features = 2 + Math.floor(r() * 6);
  const classes = 3;
  const trees = 1 + Math.floor(r() * 5);
  const n = { treeids: [] as number[], nodeids: [] as number[], featureids: [] as number[], values: [] as number[] };
  const modes: string[] = [];
  const t: number[] = [];
  const f: number[] = [];
  const missing: number[] = [];
  const leaf = { treeids: [] as number[], nodeids: [] as number[], ids: [] as number[], weights: [] as number[] };
  for (let tree = 0; tree < trees; tree++) {
    let next = 0;
    const grow = (depth: number): number => {
      const id = next++;
      const slot = modes.length;
      n.treeids.push(tree);
      n.nodeids.push(id);
      if (depth === 0 || r() < 0.2) {
        n.featureids.push(0);
        n.values.push(0);
        modes.push("LEAF");
        t.push(0);
        f.push(0);
        missing.push(0);
        for (let c = 0; c < classes; c++) {
          leaf.treeids.push(tree);
          leaf.nodeids.push(id);
          leaf.ids.push(c);
          leaf.weights.push(Math.fround(r() * 2 - 0.5));
        }
        return id;
      }
      n.featureids.push(Math.floor(r() * features));
      n.values.push(pick(GRID));
      modes.push(pick(MODES));
      t.push(0);
      f.push(0);
      missing.push(r() < 0.5 ? 1 : 0);
      t[slot] = grow(depth - 1);
      f[slot] = grow(depth - 1);
      return id;
    };
    grow(1 + Math.floor(r() * 4));
  }
  const post = pick(["NONE", "SOFTMAX"]);
  const bytes = writeMlModel("TreeEnsembleClassifier", features, classes, [
    { name: "nodes_treeids", ints: n.treeids },
    { name: "nodes_nodeids", ints: n.nodeids },
    { name: "nodes_featureids", ints: n.featureids },
    { name: "nodes_values", floats: n.values },
    { name: "nodes_modes", strings: modes },
    { name: "nodes_truenodeids", ints: t },
    { name: "nodes_falsenodeids", ints: f },
    { name: "nodes_missing_value_tracks_true", ints: missing },
    { name: "class_treeids", ints: leaf.treeids },
    { name: "class_nodeids", ints: leaf.nodeids },
    { name: "class_ids", ints: leaf.ids },
    { name: "class_weights", floats: leaf.weights },
    { name: "classlabels_int64s", ints: [0, 1, 2] },
    { name: "post_transform", s: post },
  ]);
  const rows = Array.from({ length: 16 }, () =>
    Array.from({ length: features }, () => (r() < 0.1 ? Number.NaN : pick([...GRID, Math.fround(r() * 4 - 2)]))),
  );
  return { bytes, rows, features, classes };
}

describe("random tree ensembles (every BRANCH_* mode, missing values, arbitrary shapes)", () => {
  it("the reference equals onnxruntime-node on scores and labels for 40 random ensembles", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { bytes, rows, features, classes } = randomEnsemble(seed);
      const model = importOnnx(bytes);
      const session = await ort.InferenceSession.create(bytes);
      const out = await session.run({
        input: new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, features]),
      });
      const probs = out.probabilities?.data as Float32Array;
      const labels = Array.from(out.label?.data as BigInt64Array, Number);
      rows.forEach((x, i) => {
        const e = evaluate(model, x);
        e.scores.forEach((v, c) => {
          expect(v, `seed ${seed} row ${i} column ${c}`).toBeCloseTo(probs[i * classes + c] as number, 5);
        });
        expect(e.label, `seed ${seed} row ${i}`).toBe(labels[i]);
      });
      await session.release();
    }
  });
});
