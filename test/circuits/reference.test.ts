import {
  computeBinding,
  decodePublicSignals,
  dequantize,
  dequantizeWeight,
  EncodingError,
  FIELD_MODULUS,
  FixedPointRangeError,
  fromFieldSigned,
  packFeatures,
  packSignedLanes,
  publicSignalLayout,
  quantize,
  quantizeWeight,
  toField,
  unpackFeatures,
  unpackSignedLanes,
  VALUE_MAX,
  WEIGHT_MAX,
} from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { computeWeightsCommitment } from "../../circuits/src/commitment.ts";
import {
  classifierCircuitCall,
  classifierWeightVector,
  inferClassifier,
} from "../../circuits/src/models/classifier.ts";
import { mlpCircuitCall, mlpWeightVector } from "../../circuits/src/models/mlp.ts";
import { recommenderCircuitCall } from "../../circuits/src/models/recommender.ts";
import { randomClassifier, randomMlp, SeededRandom } from "../../circuits/src/randomModels.ts";
import { SAMPLE_REQUEST } from "../../circuits/src/sampleCalls.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
import { loadBuilt } from "./helpers.ts";

const context = { binding: computeBinding(SAMPLE_REQUEST), weightsSalt: 11n, inputSalt: 22n };

describe("quantize()", () => {
  it("rounds to the nearest 2^-16 and round-trips", () => {
    expect(quantize(1.5, "x")).toBe(98_304n);
    expect(quantize(-0.25, "x")).toBe(-16_384n);
    expect(dequantize(quantize(-2.71, "x"))).toBeCloseTo(-2.71, 4);
  });

  it("accepts the edges of the symmetric range and refuses one step beyond, naming the value", () => {
    expect(quantize(127.99998, "x")).toBe(VALUE_MAX);
    expect(quantize(-127.99998, "x")).toBe(-VALUE_MAX);
    expect(() => quantize(128, "feature 7")).toThrow(FixedPointRangeError);
    expect(() => quantize(-128, "feature 7")).toThrow(/feature 7 is outside the fixed-point range/);
    expect(() => quantize(Number.NaN, "weight 0")).toThrow(/weight 0 is NaN; pass a finite number/);
    expect(() => quantize(Number.POSITIVE_INFINITY, "w")).toThrow(EncodingError);
  });
});

describe("quantizeWeight()", () => {
  it("rounds to the nearest 2^-10 and round-trips", () => {
    expect(quantizeWeight(1.5, "w")).toBe(1536n);
    expect(quantizeWeight(-0.25, "w")).toBe(-256n);
    expect(dequantizeWeight(quantizeWeight(-2.71, "w"))).toBeCloseTo(-2.71, 3);
  });

  it("accepts the edges of the compact range and refuses one step beyond, naming the parameter", () => {
    expect(quantizeWeight(7.999, "w")).toBe(WEIGHT_MAX);
    expect(quantizeWeight(-7.999, "w")).toBe(-WEIGHT_MAX);
    expect(() => quantizeWeight(8, "w1 row 2")).toThrow(FixedPointRangeError);
    expect(() => quantizeWeight(-8, "w1 row 2")).toThrow(/w1 row 2 is outside the compact weight range ±7.99/);
    expect(() => quantizeWeight(Number.NaN, "b2")).toThrow(/b2 is NaN; pass a finite number/);
  });
});

describe("packing", () => {
  it("packFeatures / unpackFeatures round-trip negative values and the range edges", () => {
    const features = [
      VALUE_MAX,
      -VALUE_MAX,
      0n,
      -1n,
      1n,
      12_345n,
      -987_654n,
      ...Array.from({ length: 9 }, (_, i) => BigInt(i * 1000 - 4000)),
    ];
    const words = packFeatures(features);
    expect(words).toHaveLength(2);
    expect(words.every((w) => w < FIELD_MODULUS)).toBe(true);
    expect(unpackFeatures(words, 16)).toEqual(features);
  });

  it("refuses a feature outside the range before packing", () => {
    expect(() => packFeatures([VALUE_MAX + 1n])).toThrow(/feature 0 is outside the fixed-point range/);
  });

  it("refuses lanes that overflow their bits and words with stray high bits", () => {
    expect(() => packSignedLanes([1n << 30n], 31)).toThrow(/lane 0 does not fit 31 signed bits/);
    expect(() =>
      packSignedLanes(
        Array.from({ length: 9 }, () => 0n),
        31,
      ),
    ).toThrow(/exceed 252 bits/);
    expect(() => unpackSignedLanes(1n << 100n, 2, 24)).toThrow(/bits set above its 2 lanes/);
    expect(() => unpackSignedLanes(FIELD_MODULUS, 2, 24)).toThrow(/not a BN254 field element/);
  });
});

describe("field encoding", () => {
  it("maps negatives to r - |x| and back", () => {
    expect(toField(-1n)).toBe(FIELD_MODULUS - 1n);
    expect(fromFieldSigned(FIELD_MODULUS - 5n)).toBe(-5n);
    expect(fromFieldSigned(5n)).toBe(5n);
  });
});

describe("computeBinding()", () => {
  it("changes with every field of the request and stays below r", () => {
    const base = computeBinding(SAMPLE_REQUEST);
    expect(base < FIELD_MODULUS).toBe(true);
    expect(computeBinding({ ...SAMPLE_REQUEST, requestId: 43n })).not.toBe(base);
    expect(computeBinding({ ...SAMPLE_REQUEST, chainId: 1n })).not.toBe(base);
    expect(computeBinding({ ...SAMPLE_REQUEST, operator: "0x0000000000000000000000000000000000000b0c" })).not.toBe(
      base,
    );
    expect(computeBinding({ ...SAMPLE_REQUEST, coordinator: "0x0000000000000000000000000000000000000b0c" })).not.toBe(
      base,
    );
  });

  it("refuses a malformed address", () => {
    expect(() => computeBinding({ ...SAMPLE_REQUEST, operator: "0x1234" })).toThrow(
      /operator 0x1234 is not an address/,
    );
  });
});

describe("refusals before proving", () => {
  const rng = new SeededRandom(7n);
  const model = randomClassifier(rng, 16);
  const features = rng.vector(16);

  it("refuses an out-of-range classifier weight, bias or threshold by name", () => {
    const weights = [...model.weights];
    weights[3] = VALUE_MAX + 1n;
    expect(() => classifierCircuitCall("public", { ...model, weights }, features, context)).toThrow(
      /classifier weight 3 is outside/,
    );
    expect(() => inferClassifier({ ...model, bias: -(1n << 23n) }, features)).toThrow(/classifier bias is outside/);
    expect(() => inferClassifier({ ...model, threshold: 1n << 40n }, features)).toThrow(
      /classifier threshold is outside/,
    );
  });

  it("refuses an out-of-range feature and a wrong feature count", () => {
    const bad = [...features];
    bad[15] = -(VALUE_MAX + 1n);
    expect(() => classifierCircuitCall("committed", model, bad, context)).toThrow(/feature 15 is outside/);
    expect(() => classifierCircuitCall("public", model, features.slice(1), context)).toThrow(
      /features has 15 entries but the circuit takes 16/,
    );
  });

  it("refuses an out-of-range MLP weight and a committed call without its salt", () => {
    const mlp = randomMlp(rng, 16, 32, 4);
    mlp.w2[2] = [...(mlp.w2[2] as bigint[])];
    (mlp.w2[2] as bigint[])[31] = WEIGHT_MAX + 1n;
    expect(() => mlpCircuitCall("public", mlp, features, context)).toThrow(
      /w2\[2\]\[31\] is outside the compact weight range/,
    );
    const valueSized = randomMlp(rng, 16, 32, 4);
    valueSized.b1[0] = VALUE_MAX;
    expect(() => mlpCircuitCall("public", valueSized, features, context)).toThrow(/b1\[0\] is outside/);
    // a value-format vector (say from a version-1 artifact) cannot open or form a compact commitment
    expect(() => computeWeightsCommitment("mlp", mlpWeightVector(valueSized), 1n)).toThrow(
      /committed parameter 512 is outside the compact weight range/,
    );
    expect(() =>
      mlpCircuitCall("committed", randomMlp(rng, 16, 32, 4), features, { binding: 1n, weightsSalt: 1n }),
    ).toThrow(/need inputSalt/);
  });

  it("refuses a recommender item outside the range and a k beyond the table", () => {
    const items = Array.from({ length: 32 }, () => rng.vector(16, WEIGHT_MAX));
    expect(() => recommenderCircuitCall("public", { items }, features, 33, context)).toThrow(
      /k = 33 must be between 1 and the item count 32/,
    );
    (items[9] as bigint[])[4] = -(WEIGHT_MAX + 1n);
    expect(() => recommenderCircuitCall("public", { items }, features, 3, context)).toThrow(
      /item 9 value 4 is outside/,
    );
  });

  it("refuses a salt or binding that is not a field element", () => {
    expect(() => classifierCircuitCall("public", model, features, { ...context, binding: FIELD_MODULUS })).toThrow(
      /binding is not a BN254 field element/,
    );
    expect(() => computeWeightsCommitment("classifier", classifierWeightVector(model), -1n)).toThrow(
      /salt is not a BN254 field element/,
    );
  });

  it("the circuit itself refuses an out-of-range weight that bypasses the TypeScript checks", async () => {
    const { witness } = await loadBuilt("classifier16-public");
    const call = classifierCircuitCall("public", model, features, context);
    const weights = [...(call.input.weights as bigint[])];
    weights[0] = toField(1n << 23n);
    expect(() => witness.calculate({ ...call.input, weights })).toThrow(WitnessError);
  });
});

describe("decodePublicSignals()", () => {
  it("reads the classifier's score, decision and every contribution back from its public signals", () => {
    const rng = new SeededRandom(99n);
    const model = randomClassifier(rng, 16);
    const features = rng.vector(16);
    const out = inferClassifier(model, features);
    const call = classifierCircuitCall("public", model, features, context);
    const decoded = decodePublicSignals(
      publicSignalLayout({ family: "classifier", n: 16 }, "public"),
      call.publicSignals,
    );
    expect(decoded.score).toBe(out.score);
    expect(decoded.decision).toBe(out.decision ? 1n : 0n);
    expect(out.contributions.map((_, i) => decoded[`contribution[${i}]`])).toEqual(out.contributions);
    expect(features.map((_, i) => decoded[`feature[${i}]`])).toEqual(features);
    // the explanation adds up to the score exactly (32 fractional bits: the bias is scaled by 2^16)
    expect(out.contributions.reduce((a, b) => a + b, model.bias * 65_536n)).toBe(out.score);
    expect(out.decision).toBe(out.score >= model.threshold * 65_536n);
  });
});
