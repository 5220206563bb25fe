/**
 * The SDK's codecs against the circuits: every layout equals the one circuits/manifest.json records for the compiled
 * circuit, and decodeCircuitOutputs reads the outputs of real proofs (test/fixtures/coordinator) to the values the prover
 * recorded, for every family.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  CircuitFamily,
  circuitShape,
  decodeCircuitOutputs,
  EncodingError,
  featureCount,
  INPUT_MODE_COMMITTED,
  inputModeName,
  packFeatures,
  publicSignalLayout,
  RequestStatus,
  unpackFeatures,
} from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";

const manifest = loadManifest();

type Fixture = { circuit: string; outputs: string[]; decodedNames: string[]; decoded: string[] };
const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(resolve(REPO_ROOT, "test/fixtures/coordinator", `${name}.json`), "utf8")) as Fixture;
const FIXTURES = ["classifier16-public-groth16", "mlp16x32x4-committed-groth16", "recommender16x32-public-groth16"];

describe("sdk codecs", () => {
  it("derives every manifest circuit's public-signal layout from its shape and input mode", () => {
    expect(manifest.circuits.length).toBeGreaterThanOrEqual(6);
    for (const circuit of manifest.circuits) {
      expect(publicSignalLayout(circuit.shape, circuit.inputMode), circuit.id).toEqual(circuit.publicSignals);
    }
  });

  it.each(FIXTURES)("decodes the outputs of a real %s proof to the prover's values", (name) => {
    const { circuit, outputs, decodedNames, decoded } = fixture(name);
    const entry = manifest.circuits.find((c) => c.id === circuit);
    if (!entry) throw new Error(`no manifest circuit ${circuit}`);
    const expected = new Map(decodedNames.map((n, i) => [n, BigInt(decoded[i] as string)]));
    const out = decodeCircuitOutputs(entry.shape, outputs.map(BigInt));
    switch (out.family) {
      case "classifier":
        expect(out.contributions.map((c) => c.raw)).toEqual(
          out.contributions.map((_, i) => expected.get(`contribution[${i}]`)),
        );
        expect(out.score.raw).toBe(expected.get("score"));
        expect(out.decision).toBe(expected.get("decision") === 1n);
        // 32 fractional bits: the real value is raw / 2^32
        expect(out.score.value).toBeCloseTo(Number(out.score.raw) / 2 ** 32, 9);
        break;
      case "mlp":
        expect(out.logits.map((l) => l.raw)).toEqual(out.logits.map((_, c) => expected.get(`logit[${c}]`)));
        expect(out.predictedClass).toBe(Number(expected.get("argmax")));
        break;
      case "recommender":
        expect(out.topK.map((r) => r.item)).toEqual(out.topK.map((_, r) => Number(expected.get(`index[${r}]`))));
        expect(out.topK.map((r) => r.score.raw)).toEqual(out.topK.map((_, r) => expected.get(`score[${r}]`)));
        break;
    }
  });

  it("refuses outputs of another circuit's length, naming what to do", () => {
    const { outputs } = fixture("classifier16-public-groth16");
    expect(() => decodeCircuitOutputs({ family: "mlp", n: 16, h: 32, k: 4 }, outputs.map(BigInt))).toThrow(
      EncodingError,
    );
    expect(() => decodeCircuitOutputs({ family: "classifier", n: 16 }, [])).toThrow(
      /decode with the shape of the circuit/,
    );
  });

  it("reads the registry's circuit record as a shape, and the enums by name", () => {
    expect(circuitShape({ family: CircuitFamily.Mlp, shape: [16, 32, 4] })).toEqual({
      family: "mlp",
      n: 16,
      h: 32,
      k: 4,
    });
    const recommender = circuitShape({ family: CircuitFamily.Recommender, shape: [16, 32, 3] });
    expect(featureCount(recommender)).toBe(16);
    expect(() => circuitShape({ family: 9, shape: [1, 0, 0] })).toThrow(/upgrade @symbiote\/sdk/);
    expect(RequestStatus).toEqual({ None: 0, Pending: 1, Fulfilled: 2, CallbackFailed: 3, Expired: 4 });
    expect(inputModeName(INPUT_MODE_COMMITTED)).toBe("committed");
  });

  it("packs features into the public input words and back", () => {
    const features = [65_536n, -32_768n, 0n, 8_388_607n, -8_388_607n, 1n, 2n, 3n, 4n, 5n, 6n];
    const words = packFeatures(features);
    expect(words).toHaveLength(2);
    expect(unpackFeatures(words, features.length)).toEqual(features);
    expect(() => packFeatures([1n << 23n])).toThrow(EncodingError);
  });
});
