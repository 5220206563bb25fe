/**
 * The node proves a compiled one-hidden-layer network with the MLP family's witness builder (compiledModel.ts reads
 * the compiler's dense parameters as an MlpModel). That is sound only if the compiler's own witness builder for the
 * generated circuit, denseCircuitCall, gives the same witness input and public signals: checked here on random
 * models of several shapes, both input modes.
 */

import { denseCircuitCall } from "@symbiote/compiler";
import { describe, expect, it } from "vitest";
import { mlpCircuitCall } from "../../circuits/src/models/mlp.ts";
import { randomMlp, SeededRandom } from "../../circuits/src/randomModels.ts";

const SHAPES: [number, number, number][] = [
  [16, 32, 4],
  [5, 7, 3],
  [30, 8, 2],
];

describe("a compiled n-h-k network's witness", () => {
  for (const [n, h, k] of SHAPES) {
    for (const mode of ["public", "committed"] as const) {
      it(`is the MLP family's for ${n}-${h}-${k} (${mode} inputs)`, () => {
        const rng = new SeededRandom(BigInt(n * 1000 + h * 10 + k));
        for (let trial = 0; trial < 4; trial++) {
          const mlp = randomMlp(rng, n, h, k);
          const x = rng.vector(n);
          const context = { binding: rng.next64(), weightsSalt: rng.next64(), inputSalt: rng.next64() };
          const dense = {
            inputs: n,
            layers: [
              { weights: mlp.w1, bias: mlp.b1, relu: true },
              { weights: mlp.w2, bias: mlp.b2, relu: false },
            ],
          };
          const fromCompiler = denseCircuitCall(mode, dense, x, context);
          const fromFamily = mlpCircuitCall(mode, mlp, x, context);
          expect(fromFamily.publicSignals).toEqual(fromCompiler.publicSignals);
          expect(fromFamily.input).toEqual(fromCompiler.input);
        }
      });
    }
  }
});
