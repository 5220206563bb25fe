/**
 * The decision page's tree-ensemble explanation: from a tree circuit's manifest entry and a decision's outputs (the
 * witness builder's public signals, which compiler/test/treeCompile.test.ts proves a compiled circuit's witness
 * equals), every tree's proven path labelled with the card's feature names and the published thresholds, checked
 * against the float model's own decision path (compiler/src/reference/evaluate.ts).
 */

import { resolve } from "node:path";
import { compileTreeEnsemble, evaluate, importOnnx, treeManifestEntry, treeParameters } from "@symbiote/compiler";
import { decodeEntryOutputs } from "@symbiote/sdk";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { readFixture, readHeldOut } from "../../compiler/test/fixtures.ts";
import { TreePathView } from "../../explorer/src/components/TreePathView.tsx";
import { describeStep, formatThreshold, treePathOf } from "../../explorer/src/format/treePath.ts";

const ir = importOnnx(readFixture("gradient_boosting"));
if (ir.kind !== "treeEnsemble") throw new Error("gradient_boosting is not a tree ensemble");
// a deeper circuit than the model: the padding nodes below shallow branches must show as padding
const compiled = compileTreeEnsemble(ir, {
  inputMode: "committed",
  shape: { trees: 12, depth: 4 },
  outDir: resolve(REPO_ROOT, "compiler/out/tests/explorerTreePath"),
});
const entry = { ...treeManifestEntry(compiled), shape: { family: "trees" as const, ...compiled.shape } };
const outputCount = entry.publicSignals.filter((s) => s.kind === "output").length;
const published = treeParameters(compiled.layout, {
  featureFracBits: compiled.featureFracBits,
  valueFracBits: compiled.valueFracBits,
});
const names = Array.from({ length: compiled.shape.features }, (_, i) => `column ${i + 1}`);
const rows = readHeldOut().gradient_boosting.inputs.map((row) => Array.from(Float32Array.from(row)));
const context = { binding: 3n, weightsSalt: 11n, inputSalt: 5n };
const outputsOf = (x: number[]) => compiled.witnessInput(x, context).publicSignals.slice(0, outputCount);

describe("treePathOf", () => {
  it("labels every visited node with the card's feature name, the model's threshold and the float model's direction (16 held-out rows)", () => {
    for (const [r, x] of rows.slice(0, 16).entries()) {
      const view = treePathOf(entry, outputsOf(x), { featureNames: names, published });
      expect(view.structure).toBe("published");
      const float = evaluate(ir, x);
      expect(view.label, `row ${r}`).toBe(float.label);
      for (const path of float.paths ?? []) {
        const tree = view.trees[path.tree];
        const own = tree?.steps.filter((s) => !s.padding) ?? [];
        // the model's own nodes in order: feature, threshold (to the 2^-16 grid) and direction
        expect(
          own.map((s) => s.feature),
          `row ${r} tree ${path.tree}`,
        ).toEqual(path.steps.map((s) => names[s.feature]));
        own.forEach((step, i) => {
          const float = path.steps[i];
          if (!float) throw new Error("missing step");
          expect(Math.abs((step.threshold ?? Number.NaN) - float.threshold)).toBeLessThanOrEqual(2 ** -16);
          expect(step.direction).toBe(float.wentTrue ? "left" : "right");
        });
        expect(tree?.leafValues[0]).toBeCloseTo(path.leafWeights[0]?.weight ?? Number.NaN, 4);
      }
      // the trees padding the ensemble up to 12 are marked, and add nothing
      for (const tree of view.trees.slice((float.paths ?? []).length)) {
        expect(tree.padding).toBe(true);
        expect(tree.leafValues).toEqual([0]);
      }
    }
  });

  it("without published trees shows the proven directions and leaf values only", () => {
    const outputs = outputsOf(rows[0] as number[]);
    const view = treePathOf(entry, outputs, { featureNames: names });
    const decoded = decodeEntryOutputs(entry, outputs);
    if (decoded.family !== "trees") throw new Error("not decoded as trees");
    expect(view.structure).toBe("withheld");
    expect(view.trees.map((t) => t.steps.map((s) => s.direction))).toEqual(decoded.paths.map((p) => p.directions));
    expect(view.trees.every((t) => t.steps.every((s) => s.feature === undefined && s.threshold === undefined))).toBe(
      true,
    );
    expect(describeStep(view.trees[0]?.steps[0] ?? { level: 0, direction: "left" })).toMatch(/^→ (left|right)$/);
  });

  it("refuses published trees that are not the proven model: another leaf value, another shape", () => {
    const outputs = outputsOf(rows[1] as number[]);
    const proven = treePathOf(entry, outputs, { published });
    const tree = proven.trees[0];
    if (!tree) throw new Error("no tree");
    const altered = structuredClone(published);
    const leaf = altered.trees[0]?.leaves[tree.leaf];
    if (!leaf) throw new Error("no leaf");
    leaf[0] = (BigInt(leaf[0] as string) + 1n).toString();
    const refused = treePathOf(entry, outputs, { featureNames: names, published: altered });
    expect(refused.structure).toBe("mismatch");
    expect(refused.mismatch).toBe(`tree 0: the card's leaf ${tree.leaf} is not the proven one`);
    expect(refused.trees.every((t) => t.steps.every((s) => s.feature === undefined))).toBe(true);

    const otherShape = { ...published, shape: { ...published.shape, depth: 3 } };
    expect(treePathOf(entry, outputs, { published: otherShape }).structure).toBe("mismatch");
  });
});

describe("TreePathView", () => {
  it("draws each tree's steps as sentences and its leaf, and says where the thresholds come from", () => {
    const x = rows[2] as number[];
    const view = treePathOf(entry, outputsOf(x), { featureNames: names, published });
    const html = renderToStaticMarkup(<TreePathView path={view} />);
    expect(html).toContain('data-structure="published"');
    const first = view.trees[0];
    const step = first?.steps[0];
    if (!first || !step) throw new Error("no step");
    // e.g. "column 13 > 0.141922 → right"
    expect(describeStep(step)).toBe(
      `${step.feature} ${step.direction === "right" ? ">" : "≤"} ${formatThreshold(step.threshold as number)} → ${step.direction}`,
    );
    expect(html).toContain(describeStep(step).replace(">", "&gt;"));
    expect(html).toContain(`leaf ${first.leaf}: ${formatThreshold(first.leafValues[0] as number)}`);
    // padding trees are not drawn
    const drawn = [...html.matchAll(/data-testid="tree" data-tree="(\d+)"/g)].map((m) => Number(m[1]));
    expect(drawn).toEqual(view.trees.filter((t) => !t.padding).map((t) => t.tree));
    expect(drawn.length).toBeGreaterThan(0);
  });
});
