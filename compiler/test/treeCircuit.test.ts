import type { TreeEnsembleShape } from "@symbiote/circuits";
import {
  commitTreeEnsemble,
  decodeTreeSignals,
  evaluateIntegerTrees,
  evaluateTreeLayout,
  layoutTreeEnsemble,
  treeEnsembleCircuitCall,
  treeEnsembleShape,
  treePublicSignalLayout,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { type CompiledTree, compileTreeCircuit, randomFeatures, randomIntegerEnsemble, rng } from "./treeHelpers.ts";

/**
 * Property tests of the generated tree circuits: on random integer ensembles (every mode, early leaves, fewer trees
 * than the shape, thresholds beyond the feature range) and random inputs (on, next to and away from the
 * thresholds), the witness's public signals are exactly the integer reference's, and the reference is the source
 * model's own evaluation.
 */

const CASES: { shape: TreeEnsembleShape; mode: InputMode; why: string }[] = [
  {
    shape: { trees: 3, depth: 3, features: 4, columns: 1 },
    mode: "committed",
    why: "one block per tree, a binary label",
  },
  {
    shape: { trees: 2, depth: 4, features: 5, columns: 3 },
    mode: "public",
    why: "two blocks per tree, 5 features (index bits reach 7), arg-max over 3 columns",
  },
];
const MODELS = 20;
const INPUTS = 8;

for (const { shape, mode, why } of CASES) {
  const label = `${shape.trees} trees x depth ${shape.depth} x ${shape.features} features x ${shape.columns} column(s), ${mode} inputs (${why})`;
  describe(`tree circuit ${label}`, () => {
    let circuit: CompiledTree;
    beforeAll(async () => {
      circuit = await compileTreeCircuit(shape, mode, "treeCircuit");
    });

    it(`outputs the integer reference on ${MODELS} random ensembles x ${INPUTS} inputs`, () => {
      const turns = { left: 0, right: 0 };
      for (let seed = 1; seed <= MODELS; seed++) {
        const model = randomIntegerEnsemble(seed * 31 + shape.depth, shape);
        const layout = layoutTreeEnsemble(model, shape);
        const committed = commitTreeEnsemble(layout, BigInt(seed) * 1_000_003n);
        const r = rng(seed);
        for (let i = 0; i < INPUTS; i++) {
          const x = randomFeatures(r, shape.features);
          const context = { binding: BigInt(seed * 100 + i), weightsSalt: BigInt(seed) * 1_000_003n, inputSalt: 77n };
          const call = treeEnsembleCircuitCall(mode, layout, x, context, committed);
          const witness = circuit.witness.calculate(call.input);
          const where = `seed ${seed} input ${i}`;
          expect(witness.slice(1, 1 + call.publicSignals.length), where).toEqual(call.publicSignals);
          expect(violatedConstraints(circuit.r1cs, witness), where).toEqual([]);

          const decoded = decodeTreeSignals(shape, mode, call.publicSignals);
          expect(decoded.leaves, where).toEqual(call.output.decisions.map((d) => d.leaf));
          expect(decoded.directions, where).toEqual(call.output.decisions.map((d) => d.steps.map((s) => s.right)));
          expect(decoded.leafValues, where).toEqual(call.output.decisions.map((d) => d.values));
          expect(decoded.scores, where).toEqual(call.output.scores);
          expect(decoded.label, where).toBe(call.output.label);
          expect(decoded.weightsCommitment, where).toBe(committed.weightsCommitment);
          if (mode === "public") expect(decoded.features, where).toEqual(x);
          for (const step of call.output.decisions.flatMap((d) => d.steps)) {
            if (step.sourceId !== null) turns[step.right ? "right" : "left"]++;
          }
        }
      }
      // the inputs take both directions at the models' own nodes (padding nodes always go left)
      expect(turns.right).toBeGreaterThan((turns.left + turns.right) / 4);
      expect(turns.left).toBeGreaterThan((turns.left + turns.right) / 4);
    });

    it("changing any public signal of an honest witness violates the R1CS", () => {
      const model = randomIntegerEnsemble(5, shape);
      const layout = layoutTreeEnsemble(model, shape);
      const call = treeEnsembleCircuitCall(mode, layout, randomFeatures(rng(5), shape.features), {
        binding: 12345n,
        weightsSalt: 9n,
        inputSalt: 10n,
      });
      const honest = circuit.witness.calculate(call.input);
      const layoutSignals = treePublicSignalLayout(shape, mode);
      expect(layoutSignals).toHaveLength(call.publicSignals.length);
      for (const signal of layoutSignals) {
        const forged = [...honest];
        forged[1 + signal.index] = (honest[1 + signal.index] as bigint) + 1n;
        expect(violatedConstraints(circuit.r1cs, forged).length, signal.signal).toBeGreaterThan(0);
      }
    });
  });
}

describe("tree layout (padding to full depth, the LEQ form, clamped thresholds)", () => {
  it("keeps every source model's paths, leaves, scores and label on 200 random ensembles", () => {
    const shape = { trees: 4, depth: 5, features: 6, columns: 2 };
    for (let seed = 1; seed <= 200; seed++) {
      const model = randomIntegerEnsemble(seed, shape);
      const own = treeEnsembleShape(model);
      // laid out at the model's own shape and at a larger one (more trees, deeper)
      for (const target of [own, { ...shape, trees: shape.trees + 2, depth: shape.depth + 1 }]) {
        const layout = layoutTreeEnsemble(model, target);
        const r = rng(seed);
        for (let i = 0; i < 5; i++) {
          const x = randomFeatures(r, shape.features);
          const source = evaluateIntegerTrees(model, x);
          const circuit = evaluateTreeLayout(layout, x);
          const where = `seed ${seed} input ${i} depth ${target.depth}`;
          expect(circuit.scores, where).toEqual(source.scores);
          expect(circuit.label, where).toBe(source.label);
          source.decisions.forEach((d, t) => {
            const padded = circuit.decisions[t];
            expect(padded?.tree, where).toBe(d.tree);
            expect(padded?.leafId, where).toBe(d.leafId);
            // the padded path is the source path followed by left turns through padding nodes
            const steps = padded?.steps ?? [];
            expect(
              steps.filter((s) => s.sourceId !== null).map((s) => s.sourceId),
              where,
            ).toEqual(d.path);
            expect(
              steps.filter((s) => s.sourceId === null).every((s) => !s.right),
              where,
            ).toBe(true);
          });
          // trees added to reach the shape reach a zero leaf
          for (const extra of circuit.decisions.slice(model.trees.length))
            expect(extra.values.every((v) => v === 0n)).toBe(true);
        }
      }
    }
  });
});
