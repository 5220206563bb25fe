/**
 * The SDK decodes any compiled circuit's outputs through its manifest entry: dense networks of any depth (logits and
 * arg-max) and tree ensembles (every tree's path and leaf, the scores, the label). The outputs are the ones the
 * compiler's witness builders produce, which compiler/test/denseCircuit.test.ts and treeCircuit.test.ts prove equal to
 * the compiled circuits' witnesses; the tree decoding is checked against the compiler's own decoder.
 */

import {
  commitTreeEnsemble,
  decodeTreeSignals,
  denseCircuitCall,
  denseSignalLayout,
  type IntDenseModel,
  layoutTreeEnsemble,
  treeEnsembleCircuitCall,
  treePublicSignalLayout,
} from "@symbiote/compiler";
import { type CircuitEntry, CircuitFamily, decodeEntryOutputs, EncodingError, entryForCircuit } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { randomFeatures, randomIntegerEnsemble, rng } from "../../compiler/test/treeHelpers.ts";

const context = { binding: 9n, weightsSalt: 4n, inputSalt: 2n };
const backends = (vkey: string) => [{ vkey: { sha256: vkey } }];

function randomDense(seed: number, widths: number[]): IntDenseModel {
  const r = rng(seed);
  const weight = () => BigInt(Math.round((r() * 2 - 1) * 1500));
  return {
    inputs: widths[0] as number,
    layers: widths.slice(1).map((out, l) => ({
      weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, weight)),
      bias: Array.from({ length: out }, weight),
      relu: l < widths.length - 2,
    })),
  };
}

describe("decodeEntryOutputs", () => {
  it("a dense network of three layers: its logits and arg-max (10 random models, both modes)", () => {
    const widths = [12, 7, 5, 4];
    for (const mode of ["public", "committed"] as const) {
      const entry: CircuitEntry = {
        id: `mlp${widths.join("x")}-${mode}`,
        shape: { family: "dense", widths },
        publicSignals: denseSignalLayout(widths, mode),
      };
      const outputCount = entry.publicSignals.filter((s) => s.kind === "output").length;
      for (let seed = 1; seed <= 10; seed++) {
        const r = rng(seed + 100);
        const x = Array.from({ length: 12 }, () => BigInt(Math.round((r() * 2 - 1) * 4 * 65_536)));
        const call = denseCircuitCall(mode, randomDense(seed, widths), x, context);
        const decoded = decodeEntryOutputs(entry, call.publicSignals.slice(0, outputCount));
        expect(decoded.family).toBe("dense");
        if (decoded.family !== "dense") continue;
        expect(decoded.logits.map((l) => l.raw)).toEqual(call.output.logits);
        expect(decoded.logits.map((l) => l.value)).toEqual(call.output.logits.map((l) => Number(l) / 65_536));
        expect(decoded.predictedClass).toBe(call.output.argmax);
      }
    }
  });

  it("a tree ensemble: every tree's directions, leaf and leaf values, the scores and the label (12 random ensembles x 4 inputs)", () => {
    const shape = { trees: 4, depth: 3, features: 6, columns: 2 };
    const entry: CircuitEntry = {
      id: "trees4x3x6x2-committed",
      shape: { family: "trees", ...shape },
      publicSignals: treePublicSignalLayout(shape, "committed"),
    };
    const outputCount = entry.publicSignals.filter((s) => s.kind === "output").length;
    for (let seed = 1; seed <= 12; seed++) {
      const layout = layoutTreeEnsemble(randomIntegerEnsemble(seed, shape), shape);
      const committed = commitTreeEnsemble(layout, context.weightsSalt);
      const r = rng(seed + 700);
      for (let i = 0; i < 4; i++) {
        const call = treeEnsembleCircuitCall(
          "committed",
          layout,
          randomFeatures(r, shape.features),
          context,
          committed,
        );
        const reference = decodeTreeSignals(shape, "committed", call.publicSignals);
        const decoded = decodeEntryOutputs(entry, call.publicSignals.slice(0, outputCount));
        if (decoded.family !== "trees") throw new Error("not decoded as trees");
        expect(decoded.paths.map((p) => p.leaf)).toEqual(reference.leaves);
        expect(decoded.paths.map((p) => p.directions.map((d) => d === "right"))).toEqual(reference.directions);
        expect(decoded.paths.map((p) => p.leafValues.map((v) => v.raw))).toEqual(reference.leafValues);
        expect(decoded.scores.map((s) => s.raw)).toEqual(reference.scores);
        expect(decoded.label).toBe(reference.label);
      }
    }
  });

  it("refuses outputs of another length", () => {
    const widths = [4, 3, 3, 2];
    const entry: CircuitEntry = {
      id: "mlp4x3x3x2-public",
      shape: { family: "dense", widths },
      publicSignals: denseSignalLayout(widths, "public"),
    };
    expect(() => decodeEntryOutputs(entry, [1n])).toThrow(EncodingError);
    expect(() => decodeEntryOutputs(entry, [1n])).toThrow(/got 1 output words for circuit mlp4x3x3x2-public/);
  });
});

describe("entryForCircuit", () => {
  const shape = { trees: 2, depth: 2, features: 3, columns: 1 };
  const trees: CircuitEntry = {
    id: "trees2x2x3x1-public",
    shape: { family: "trees", ...shape },
    publicSignals: treePublicSignalLayout(shape, "public"),
    backends: backends("ab".repeat(32)),
  };
  const dense: CircuitEntry = {
    id: "mlp3x2x2x2-public",
    shape: { family: "dense", widths: [3, 2, 2, 2] },
    publicSignals: denseSignalLayout([3, 2, 2, 2], "public"),
    backends: backends("cd".repeat(32)),
  };

  it("finds a registry circuit's entry by its verification key hash", () => {
    const record = { family: CircuitFamily.TreeEnsemble, vkeyHash: `0x${"AB".repeat(32)}` };
    expect(entryForCircuit(record, [dense, trees], 7)).toBe(trees);
  });

  it("refuses when no entry has the key, or the entry's family is not the registry's", () => {
    const unknown = { family: CircuitFamily.TreeEnsemble, vkeyHash: `0x${"ee".repeat(32)}` };
    expect(() => entryForCircuit(unknown, [dense, trees], 7)).toThrow(
      /circuit 7 .* is not among the 2 manifest entries given; pass the manifest-entry.json/,
    );
    const wrongFamily = { family: CircuitFamily.Dense, vkeyHash: `0x${"ab".repeat(32)}` };
    expect(() => entryForCircuit(wrongFamily, [dense, trees], 7)).toThrow(EncodingError);
  });
});
