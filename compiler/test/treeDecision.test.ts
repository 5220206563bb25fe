import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import {
  commitTreeEnsemble,
  evaluateIntegerTrees,
  layoutTreeEnsemble,
  TreeCircuitError,
  treeEnsembleCircuitCall,
  treeLayoutFromParameters,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { importChain, importGraph } from "../../test/explorer/helpers/importGraph.ts";
import { writeTreeCircuit } from "../src/circuit/treeCircuit.ts";
import { compileTreeEnsemble } from "../src/circuit/treeCompile.ts";
import { decodeTreeDecision } from "../src/circuit/treeDecision.ts";
import { treeShapeOf } from "../src/circuit/treeEntry.ts";
import { treeManifestEntry } from "../src/circuit/treeManifest.ts";
import { importOnnx } from "../src/import/importModel.ts";
import { quantizeTreeFeatures } from "../src/quantize/trees.ts";
import { evaluate } from "../src/reference/evaluate.ts";
import { readFixture, readHeldOut } from "./fixtures.ts";
import { randomFeatures, randomIntegerEnsemble, rng } from "./treeHelpers.ts";

/**
 * The manifest entry of a tree circuit and the decoder from its public signals to every tree's decision path. The
 * signals are the ones the witness builder expects, which the property tests (treeCircuit.test.ts) prove equal to a
 * compiled circuit's witness.
 */

const OUT = resolve(REPO_ROOT, "compiler/out/tests/treeDecision");
const context = { binding: 5n, weightsSalt: 6n, inputSalt: 7n };

describe("treeManifestEntry", () => {
  const ir = importOnnx(readFixture("random_forest"));
  if (ir.kind !== "treeEnsemble") throw new Error("random_forest is not a tree ensemble");
  const compiled = compileTreeEnsemble(ir, { inputMode: "committed", outDir: resolve(OUT, "entry") });

  it("records the shape, the repository-relative entry, its source hash and the layout", () => {
    const entry = treeManifestEntry(compiled);
    expect(entry.id).toBe("trees5x4x30x1-committed");
    expect(entry.shape).toEqual({ family: "trees", trees: 5, depth: 4, features: 30, columns: 1 });
    expect(entry.entry).toBe("compiler/out/tests/treeDecision/entry/trees5x4x30x1-committed.circom");
    expect(entry.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.publicSignals).toEqual(compiled.publicSignalLayout);
    expect(entry.backends).toEqual([]);
    expect(treeShapeOf(entry)).toEqual(compiled.shape);
  });

  it("refuses an entry of another family or with another layout", () => {
    const entry = treeManifestEntry(compiled);
    expect(() => treeShapeOf({ ...entry, shape: { family: "mlp" } })).toThrow(/is a mlp circuit, not a tree ensemble/);
    expect(() => treeShapeOf({ ...entry, shape: { ...entry.shape, trees: 6 } })).toThrow(
      /recorded public signals are not the layout of 6 x 4 x 30 x 1 trees/,
    );
  });
});

describe("decodeTreeDecision", () => {
  const shape = { trees: 3, depth: 4, features: 5, columns: 2 };
  const entryOf = (mode: InputMode) => {
    const { id, entry } = writeTreeCircuit(shape, mode, resolve(OUT, "random"));
    return treeManifestEntry({ shape, inputMode: mode, circuitId: id, circuitPath: entry });
  };

  it("gives every tree's proven path, with the model the feature, threshold and source node at each level (12 random ensembles x 6 inputs, both modes)", () => {
    for (const mode of ["committed", "public"] as const) {
      const entry = entryOf(mode);
      for (let seed = 1; seed <= 12; seed++) {
        const model = randomIntegerEnsemble(seed, shape);
        const layout = layoutTreeEnsemble(model, shape);
        // committing hashes every block of every tree: once per model
        const committed = commitTreeEnsemble(layout, context.weightsSalt);
        const r = rng(seed + 500);
        for (let i = 0; i < 6; i++) {
          const x = randomFeatures(r, shape.features);
          const call = treeEnsembleCircuitCall(mode, layout, x, context, committed);
          const bare = decodeTreeDecision(entry, call.publicSignals);
          const full = decodeTreeDecision(entry, call.publicSignals, { layout });
          const where = `${mode} seed ${seed} input ${i}`;
          call.output.decisions.forEach((d, t) => {
            const path = full.paths[t];
            expect(
              bare.paths[t]?.steps.map((s) => s.direction),
              where,
            ).toEqual(d.steps.map((s) => (s.right ? "right" : "left")));
            expect(bare.paths[t]?.steps[0]?.feature, where).toBeUndefined();
            expect(path?.leaf, where).toBe(d.leaf);
            expect(path?.leafValues, where).toEqual(d.values);
            expect(path?.leafNumbers, where).toEqual(d.values.map((v) => Number(v) / 2 ** 16));
            expect(
              path?.steps.map((s) => [s.feature, s.threshold, s.direction, s.sourceNodeId]),
              where,
            ).toEqual(d.steps.map((s) => [s.feature, s.threshold, s.right ? "right" : "left", s.sourceId]));
            expect(path?.sourceLeafId, where).toBe(d.leafId);
          });
          // the source model's own walk: its node ids are the path's non-padding steps, padded trees add none
          const source = evaluateIntegerTrees(model, x).decisions;
          full.paths.forEach((path, t) => {
            const ids = path.steps.flatMap((s) => (s.sourceNodeId === null ? [] : [s.sourceNodeId]));
            expect(ids, where).toEqual(source[t]?.path ?? []);
            expect(path.sourceTreeId, where).toBe(source[t]?.tree ?? null);
          });
          expect(full.scores, where).toEqual(call.output.scores);
          expect(full.label, where).toBe(call.output.label);
          expect(full.features, where).toEqual(mode === "public" ? x.map((v) => Number(v) / 2 ** 16) : undefined);
        }
      }
    }
  });

  it("refuses a layout that is not the proof's model, and one of another shape", () => {
    const entry = entryOf("committed");
    const layout = layoutTreeEnsemble(randomIntegerEnsemble(1, shape), shape);
    const other = layoutTreeEnsemble(randomIntegerEnsemble(2, shape), shape);
    const x = randomFeatures(rng(3), shape.features);
    const { publicSignals } = treeEnsembleCircuitCall("committed", layout, x, context);
    expect(() => decodeTreeDecision(entry, publicSignals, { layout: other })).toThrow(TreeCircuitError);
    expect(() => decodeTreeDecision(entry, publicSignals, { layout: other })).toThrow(/not the model the proof/);
    const deeper = layoutTreeEnsemble(randomIntegerEnsemble(1, shape), { ...shape, depth: 5 });
    expect(() => decodeTreeDecision(entry, publicSignals, { layout: deeper })).toThrow(/laid out for/);
  });

  it("reads a fixture's proof as the float model's path, feature for feature (random_forest, 64 held-out rows)", () => {
    const ir = importOnnx(readFixture("random_forest"));
    if (ir.kind !== "treeEnsemble") throw new Error("random_forest is not a tree ensemble");
    const compiled = compileTreeEnsemble(ir, { inputMode: "committed", outDir: resolve(OUT, "entry") });
    const entry = treeManifestEntry(compiled);
    const rows = readHeldOut().random_forest.inputs.map((row) => Array.from(Float32Array.from(row)));
    for (const x of rows) {
      const { publicSignals } = compiled.witnessInput(x, context);
      const decision = decodeTreeDecision(entry, publicSignals, { layout: compiled.layout });
      const float = evaluate(ir, x).paths ?? [];
      decision.paths.forEach((path, t) => {
        const own = path.steps.filter((s) => s.sourceNodeId !== null);
        const steps = float[t]?.steps ?? [];
        expect(own.map((s) => [s.sourceNodeId, s.feature])).toEqual(steps.map((s) => [s.node, s.feature]));
        // sklearn's x <= t: the threshold rounded down to the grid, so within 2^-16 below the float one
        own.forEach((s, l) => {
          const t = steps[l]?.threshold as number;
          expect(t - (s.thresholdValue as number)).toBeGreaterThanOrEqual(0);
          expect(t - (s.thresholdValue as number)).toBeLessThan(2 ** -16);
        });
        expect(path.sourceLeafId).toBe(float[t]?.leaf);
      });
    }
  });
});

describe("the model file (treeParameters) and the plan hooks", () => {
  const ir = importOnnx(readFixture("gradient_boosting"));
  if (ir.kind !== "treeEnsemble") throw new Error("gradient_boosting is not a tree ensemble");
  const compiled = compileTreeEnsemble(ir, {
    inputMode: "public",
    shape: { trees: 12 },
    featureFracBits: 12,
    outDir: resolve(OUT, "parameters"),
  });

  it("reads back through JSON to the same layout and scales, which prove and decode alike", () => {
    const json = JSON.parse(JSON.stringify(compiled.parameters));
    const { layout, scales } = treeLayoutFromParameters(json);
    expect(layout).toEqual(compiled.layout);
    expect(scales).toEqual({ featureFracBits: 12, valueFracBits: 16 });
    const x = readHeldOut().gradient_boosting.inputs[0] as number[];
    const raw = quantizeTreeFeatures(Array.from(Float32Array.from(x)), 12);
    const call = compiled.call(raw, context);
    expect(call.publicSignals).toEqual(compiled.witnessInput(Array.from(Float32Array.from(x)), context).publicSignals);
    expect(treeEnsembleCircuitCall("public", layout, raw, context).publicSignals).toEqual(call.publicSignals);
    const entry = treeManifestEntry(compiled);
    expect(decodeTreeDecision(entry, call.publicSignals, { layout, scales })).toEqual(
      decodeTreeDecision(entry, call.publicSignals, { layout: compiled.layout, scales }),
    );
    // features read at the model's own scale, given or as its entry records it
    const features = raw.map((v) => Number(v) / 2 ** 12);
    expect(decodeTreeDecision(entry, call.publicSignals, { scales }).features).toEqual(features);
    expect(decodeTreeDecision(entry, call.publicSignals).features).toEqual(features);
    // another model of the shape: the circuit is the same, its entry only reads values at other scales
    expect(treeShapeOf(entry)).toEqual(compiled.shape);
    expect(entry.publicSignals.find((s) => s.signal === "featureWords[0]")?.lanes?.[0]?.fracBits).toBe(12);
  });

  it("refuses a parameters file that is not a full layout of its shape", () => {
    const p = compiled.parameters;
    const [first, ...rest] = p.trees;
    if (!first) throw new Error("no tree");
    const short = { ...first, nodes: first.nodes.slice(1) };
    expect(() => treeLayoutFromParameters({ ...p, trees: [short, ...rest] })).toThrow(
      /tree 0 is not a full tree of depth 3/,
    );
    expect(() => treeLayoutFromParameters({ ...p, trees: rest })).toThrow(/11 trees for a shape of 12/);
    const far = { ...first, nodes: first.nodes.map(([, t]): [number, string] => [30, t]) };
    expect(() => treeLayoutFromParameters({ ...p, trees: [far, ...rest] })).toThrow(/feature outside \[0, 30\)/);
  });

  it("writes the main component its source hook renders", () => {
    expect(readFileSync(compiled.circuitPath, "utf8")).toBe(compiled.source(dirname(compiled.circuitPath)));
  });
});

describe("the decoder in a browser", () => {
  it("reaches no Node.js module and no package but the SDK, the circuits' trees subpath and viem (the explorer's import rule, docs/explorer.md)", () => {
    const graph = importGraph(resolve(REPO_ROOT, "compiler/src/circuit/treeDecision.ts"));
    expect(graph.files.map((f) => f.slice(REPO_ROOT.length + 1))).toEqual(
      expect.arrayContaining(["compiler/src/circuit/treeEntry.ts", "circuits/src/trees/treeSignals.ts"]),
    );
    expect(graph.edges.some((edge) => edge.specifier === "@symbiote/sdk")).toBe(true);
    const outside = graph.edges.flatMap((edge) => {
      const relative = edge.specifier.startsWith(".") || edge.specifier.startsWith("/");
      if (relative && edge.resolved) return [];
      // the SDK's entry point and the circuits' trees subpath are browser-safe: test/explorer/layering.test.ts holds
      // them to viem alone, and the walk goes through them here too
      const browserSafe = edge.specifier === "@symbiote/sdk" || edge.specifier === "@symbiote/circuits/trees";
      if (browserSafe || edge.specifier === "viem" || edge.specifier.startsWith("viem/")) {
        return [];
      }
      const kind =
        edge.specifier.startsWith("node:") || builtinModules.includes(edge.specifier) ? "Node.js module" : "package";
      return [`${importChain(graph, edge.from, REPO_ROOT)} imports the ${kind} ${edge.specifier}`];
    });
    expect(outside).toEqual([]);
  });
});
