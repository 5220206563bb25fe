import { FIELD_MODULUS } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { CIRCUITS } from "../../circuits/src/build/circuits.ts";
import { firstViolatedConstraint } from "../../circuits/src/r1cs.ts";
import { sampleCall } from "../../circuits/src/sampleCalls.ts";
import { loadBuilt } from "./helpers.ts";

/**
 * Forged public signals against the full model circuits (the R1CS the verifiers check): changing any output
 * (score, decision, contributions, logits, arg-max, top-k), either commitment or the binding, while keeping
 * the rest of the honest witness, violates a constraint — the witness no longer proves anything. Forgeries of
 * the hints behind these outputs are in harness.test.ts.
 */
describe.each(CIRCUITS.map((c) => c.id))("%s: forged public signals", (id) => {
  let loaded: Awaited<ReturnType<typeof loadBuilt>>;
  let honest: bigint[];

  beforeAll(async () => {
    loaded = await loadBuilt(id);
    honest = loaded.witness.calculate(
      sampleCall(loaded.circuit.shape, loaded.circuit.inputMode, `${id}/soundness`).input,
    );
  });

  it("the honest witness satisfies every constraint", () => {
    expect(firstViolatedConstraint(loaded.r1cs, honest)).toBe(-1);
  });

  it("a forged value in any lane of a packed output (each score, decision, contribution, logit, rank) breaks a constraint", () => {
    const packed = loaded.circuit.publicSignals.filter((s) => s.encoding === "packed");
    expect(packed.length).toBeGreaterThan(0);
    for (const signal of packed) {
      for (const lane of signal.lanes ?? []) {
        const forged = [...honest];
        // +1 in the lane (the word stays a valid field element: lanes use at most 252 bits)
        forged[1 + signal.index] = ((forged[1 + signal.index] as bigint) + (1n << BigInt(lane.shift))) % FIELD_MODULUS;
        expect({ lane: lane.name, violated: firstViolatedConstraint(loaded.r1cs, forged) >= 0 }).toEqual({
          lane: lane.name,
          violated: true,
        });
      }
    }
  });

  it("every public signal enters a constraint, and a forged value breaks one", () => {
    for (const signal of loaded.circuit.publicSignals) {
      for (const delta of [1n, FIELD_MODULUS - 1n, 1n << 31n]) {
        const forged = [...honest];
        forged[1 + signal.index] = ((forged[1 + signal.index] as bigint) + delta) % FIELD_MODULUS;
        expect({ signal: signal.signal, violated: firstViolatedConstraint(loaded.r1cs, forged) >= 0 }).toEqual({
          signal: signal.signal,
          violated: true,
        });
      }
    }
  });
});
