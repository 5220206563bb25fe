import { resolve } from "node:path";
import {
  commitTreeEnsemble,
  layoutTreeEnsemble,
  REPO_ROOT,
  type TreeEnsembleShape,
  type TreeLayout,
  treeEnsembleBakedCircuitCall,
  treeEnsembleCircuitCall,
} from "@symbiote/circuits";
import { type InputMode, VALUE_BITS, VALUE_LANES } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { violatedConstraints } from "../../circuits/src/r1cs.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { treeBakedCircuitId, treeBakedCircuitSource } from "../src/circuit/treeBakedCircuit.ts";
import {
  type CompiledTree,
  compileEntry,
  compileTreeCircuit,
  randomFeatures,
  randomIntegerEnsemble,
  rng,
} from "./treeHelpers.ts";

/**
 * One version's trees baked into the circuit (treeBakedCircuitSource): on random ensembles and inputs its public
 * signals are the TypeScript reference's and the committed circuit's, with far fewer constraints, and a witness that
 * lies about a decision is refused: a direction flipped at a threshold (the wrong branch, or a node skipped), a leaf
 * of another tree or another leaf of the same tree, a score or label changed, another version's commitment.
 */

const OUT = resolve(REPO_ROOT, "compiler/out/tests/treeBaked");
const SALT = 777n;

const CASES: { shape: TreeEnsembleShape; mode: InputMode; seed: number }[] = [
  { shape: { trees: 4, depth: 3, features: 6, columns: 1 }, mode: "committed", seed: 31 },
  { shape: { trees: 3, depth: 4, features: 5, columns: 3 }, mode: "public", seed: 32 },
];

for (const { shape, mode, seed } of CASES) {
  const name = `${shape.trees}x${shape.depth}x${shape.features}x${shape.columns}`;
  describe(`baked tree ensemble ${name}, ${mode} inputs`, () => {
    const layout: TreeLayout = layoutTreeEnsemble(randomIntegerEnsemble(seed, shape), shape);
    const commitment = commitTreeEnsemble(layout, SALT).weightsCommitment;
    const id = treeBakedCircuitId(shape, mode, commitment);
    let baked: CompiledTree;
    let committed: CompiledTree;
    beforeAll(async () => {
      baked = await compileEntry(writeEntry(OUT, id, treeBakedCircuitSource(layout, mode, commitment, OUT)), "O2");
      committed = await compileTreeCircuit(shape, mode, "treeBaked");
    }, 240_000);

    const call = (x: bigint[], binding = 5n) =>
      treeEnsembleBakedCircuitCall(mode, layout, x, { binding, weightsSalt: SALT, inputSalt: 9n });

    it("has the committed circuit's public signals and a fraction of its constraints", () => {
      expect(id).toMatch(new RegExp(`^trees${name}-${mode}-baked-[0-9a-f]{8}$`));
      expect(baked.r1cs.nOutputs + baked.r1cs.nPublicInputs).toBe(
        committed.r1cs.nOutputs + committed.r1cs.nPublicInputs,
      );
      expect(baked.r1cs.nConstraints * 2).toBeLessThan(committed.r1cs.nConstraints);
    });

    it("outputs the integer reference's paths, leaves, scores and label on random inputs", () => {
      const r = rng(seed * 10);
      for (let i = 0; i < 16; i++) {
        const x = randomFeatures(r, shape.features);
        const c = call(x, BigInt(100 + i));
        const reference = treeEnsembleCircuitCall(mode, layout, x, {
          binding: BigInt(100 + i),
          weightsSalt: SALT,
          inputSalt: 9n,
        });
        expect(c.publicSignals).toEqual(reference.publicSignals);
        expect(Object.keys(c.input).some((k) => ["nodes", "leaves", "weightsSalt"].includes(k))).toBe(false);
        const witness = baked.witness.calculate(c.input);
        expect(witness.slice(1, 1 + c.publicSignals.length), `input ${i}`).toEqual(c.publicSignals);
        expect(violatedConstraints(baked.r1cs, witness), `input ${i}`).toEqual([]);
      }
    });

    it("refuses a flipped direction (the wrong branch at a threshold), another leaf, or any public signal changed", () => {
      const x = randomFeatures(rng(seed * 11), shape.features);
      const c = call(x);
      const honest = baked.witness.calculate(c.input);
      const violated = (edits: [number, bigint][]) => {
        const w = [...honest];
        for (const [wire, value] of edits) w[wire] = value;
        return violatedConstraints(baked.r1cs, w).length;
      };
      const perWord = Math.floor(252 / shape.depth);
      const pathWords = c.output.pathWords.length;
      for (let t = 0; t < shape.trees; t++) {
        // the path word's lane of tree t, read as the leaf index: flipping level l's direction is another branch
        const pathWire = 1 + Math.floor(t / perWord);
        const shift = BigInt(shape.depth * (t % perWord));
        for (let l = 0; l < shape.depth; l++) {
          const bit = 1n << (shift + BigInt(shape.depth - 1 - l));
          const word = honest[pathWire] as bigint;
          expect(violated([[pathWire, word ^ bit]]), `tree ${t} level ${l}: path flipped`).toBeGreaterThan(0);
          const wire = baked.wires.get(`main.directions[${t}][${l}]`);
          if (wire !== undefined) {
            expect(
              violated([[wire, 1n - (honest[wire] as bigint)]]),
              `tree ${t} level ${l}: direction`,
            ).toBeGreaterThan(0);
          }
        }
        for (let col = 0; col < shape.columns; col++) {
          // the leaf values word's lane of (t, col): any other leaf of this tree, or any leaf of another tree
          const j = t * shape.columns + col;
          const leafWire = 1 + pathWords + Math.floor(j / VALUE_LANES);
          const lane = BigInt((j % VALUE_LANES) * VALUE_BITS);
          const own = c.output.decisions[t]?.values[col] as bigint;
          const others = new Set(layout.trees.flatMap((tree) => tree.leaves.map((leaf) => leaf[col] as bigint)));
          others.delete(own);
          expect(others.size).toBeGreaterThan(0);
          for (const value of others) {
            const word = (honest[leafWire] as bigint) + ((value - own) << lane);
            expect(violated([[leafWire, word]]), `tree ${t} column ${col}: leaf value ${value}`).toBeGreaterThan(0);
          }
        }
      }
      c.publicSignals.forEach((_, index) => {
        expect(violated([[1 + index, (honest[1 + index] as bigint) + 1n]]), `public signal ${index}`).toBeGreaterThan(
          0,
        );
      });
    });

    it("refuses another version's commitment", () => {
      const c = call(randomFeatures(rng(seed * 12), shape.features));
      const other = commitTreeEnsemble(layout, SALT + 1n).weightsCommitment;
      expect(() => baked.witness.calculate({ ...c.input, weightsCommitment: other })).toThrow();
    });
  });
}
