import { computeBinding, decodePublicSignals, VALUE_MAX, WEIGHT_MAX } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { CIRCUITS } from "../../circuits/src/build/circuits.ts";
import type { CircuitCall } from "../../circuits/src/circuitInput.ts";
import { inferMlp, mlpCircuitCall } from "../../circuits/src/models/mlp.ts";
import { inferRecommender, recommenderCircuitCall } from "../../circuits/src/models/recommender.ts";
import { SAMPLE_REQUEST, sampleCall } from "../../circuits/src/sampleCalls.ts";
import { loadBuilt } from "./helpers.ts";

/** Random cases per circuit: each model family has a public and a committed circuit, so 1,000 per model. */
const CASES = 500;

function publicOf(witness: bigint[], call: CircuitCall): bigint[] {
  return witness.slice(1, 1 + call.publicSignals.length);
}

describe.each(CIRCUITS.map((c) => c.id))("%s: TypeScript reference = circuit", (id) => {
  it(`agrees on ${CASES} random models and inputs (negative values, zeros and range edges included)`, async () => {
    const { circuit, witness } = await loadBuilt(id);
    for (let i = 0; i < CASES; i++) {
      const call = sampleCall(circuit.shape, circuit.inputMode, `${id}/equivalence/${i}`);
      const actual = publicOf(witness.calculate(call.input), call);
      if (actual.some((v, j) => v !== call.publicSignals[j])) {
        // report the case by name so it can be replayed
        expect({ case: i, signals: actual }).toEqual({ case: i, signals: call.publicSignals });
      }
    }
  });
});

describe("ties and extremes", () => {
  const context = { binding: computeBinding(SAMPLE_REQUEST), weightsSalt: 1n, inputSalt: 2n };

  it("MLP: equal logits give class 0, as the reference says", async () => {
    const { witness } = await loadBuilt("mlp16x32x4-committed");
    const zero = (n: number) => Array.from({ length: n }, () => 0n);
    const model = {
      w1: Array.from({ length: 32 }, () => zero(16)),
      b1: zero(32),
      w2: Array.from({ length: 4 }, () => zero(32)),
      b2: [5n, 5n, 5n, 5n],
    };
    const features = zero(16).map(() => VALUE_MAX);
    expect(inferMlp(model, features).argmax).toBe(0);
    const call = mlpCircuitCall("committed", model, features, context);
    expect(publicOf(witness.calculate(call.input), call)).toEqual(call.publicSignals);
  });

  it("MLP: the largest magnitudes everywhere stay inside the circuit's bounds", async () => {
    const { witness } = await loadBuilt("mlp16x32x4-public");
    for (const sign of [1n, -1n]) {
      const full = (n: number) => Array.from({ length: n }, () => sign * WEIGHT_MAX);
      const model = {
        w1: Array.from({ length: 32 }, () => full(16).map(() => WEIGHT_MAX)),
        b1: full(32).map(() => WEIGHT_MAX),
        w2: Array.from({ length: 4 }, () => full(32)),
        b2: full(4),
      };
      const call = mlpCircuitCall(
        "public",
        model,
        full(16).map(() => VALUE_MAX),
        context,
      );
      expect(publicOf(witness.calculate(call.input), call)).toEqual(call.publicSignals);
    }
  });

  it("recommender: equal scores rank the lower item index first", async () => {
    const { circuit, witness } = await loadBuilt("recommender16x32-public");
    const row = Array.from({ length: 16 }, (_, d) => BigInt(d * 100 - 700));
    const items = Array.from({ length: 32 }, (_, m) => (m % 5 === 0 ? row : row.map((v) => -v)));
    const user = row.map((v) => v * 3000n);
    const expected = inferRecommender({ items }, user, 3);
    expect(expected.top.map((t) => t.index)).toEqual([0, 5, 10]);
    const call = recommenderCircuitCall("public", { items }, user, 3, context);
    const signals = publicOf(witness.calculate(call.input), call);
    expect(signals).toEqual(call.publicSignals);
    const decoded = decodePublicSignals(circuit.publicSignals, signals);
    expect([decoded["index[0]"], decoded["index[1]"], decoded["index[2]"]]).toEqual([0n, 5n, 10n]);
  });
});
