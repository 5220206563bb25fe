import { readFile } from "node:fs/promises";
import type { CircuitShape, InputMode } from "@symbiote/sdk";
import {
  CONTRIBUTION_BITS,
  classifierScoreBits,
  computeBinding,
  DOMAIN_INPUTS,
  DOMAIN_WEIGHTS,
  decodePublicSignals,
  FAMILY,
  FIELD_MODULUS,
  FixedPointRangeError,
  FRAC_BITS,
  INDEX_BITS,
  type ModelFamily,
  mlpHiddenBits,
  mlpLogitBits,
  recommenderScoreBits,
  toField,
  VALUE_BITS,
  VALUE_LANES,
  VALUE_MAX,
  WEIGHT_BITS,
  WEIGHT_FRAC_BITS,
  WEIGHT_LANES,
  WEIGHT_MAX,
} from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { CIRCUITS } from "../../circuits/src/build/circuits.ts";
import type { CircuitCall, WitnessInput } from "../../circuits/src/circuitInput.ts";
import { chainHash, commitmentTag } from "../../circuits/src/commitment.ts";
import { type ClassifierModel, classifierCircuitCall, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { inferMlp, type MlpModel, mlpCircuitCall } from "../../circuits/src/models/mlp.ts";
import {
  inferRecommender,
  type RecommenderModel,
  recommenderCircuitCall,
} from "../../circuits/src/models/recommender.ts";
import { firstViolatedConstraint } from "../../circuits/src/r1cs.ts";
import { SAMPLE_REQUEST } from "../../circuits/src/sampleCalls.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
import { compileHarness, loadBuilt } from "./helpers.ts";
import { INPUT_LANES_FIXTURE_PATH, type InputLanesFixture } from "./inputLanesFixture.ts";

/**
 * Every circuit accepts exactly the values the TypeScript side produces: features, embeddings and the classifier's
 * parameters in [-(2^23 - 1), 2^23 - 1], compact parameters (MLP, item table) in [-(2^13 - 1), 2^13 - 1]. For every
 * range of every circuit: both ends are accepted, one step beyond each end is refused by the circuit (by its range
 * check, with every commitment recomputed so that nothing else objects) and by TypeScript. The outputs the decoders read
 * stay inside the bounds docs/circuits.md states over the whole accepted domain.
 */

const V = VALUE_MAX;
const W = WEIGHT_MAX;
const context = { binding: computeBinding(SAMPLE_REQUEST), weightsSalt: 5n, inputSalt: 6n };

/* ------------------------------------------------------------------ */
/*                 params.circom agrees with params.ts                 */
/* ------------------------------------------------------------------ */

describe("circuits/lib/params.circom = sdk/src/codecs/params.ts", () => {
  it("defines the same formats, ranges, domains and lane widths (for the shipped shapes)", async () => {
    const circuit = await compileHarness("params");
    const out = circuit.witness.calculate({}).slice(1, 21);
    const ts = [
      FRAC_BITS,
      VALUE_BITS,
      V,
      VALUE_LANES,
      WEIGHT_BITS,
      W,
      WEIGHT_FRAC_BITS,
      WEIGHT_LANES,
      DOMAIN_WEIGHTS,
      DOMAIN_INPUTS,
      FAMILY.classifier,
      FAMILY.mlp,
      FAMILY.recommender,
      CONTRIBUTION_BITS,
      classifierScoreBits(16),
      4,
      mlpHiddenBits(16),
      mlpLogitBits(16, 32),
      recommenderScoreBits(16),
      INDEX_BITS,
    ].map(BigInt);
    expect(out).toEqual(ts);
    // the symmetric ranges: the largest magnitude is one below the power of two the bits give
    expect(V).toBe((1n << BigInt(VALUE_BITS - 1)) - 1n);
    expect(W).toBe((1n << BigInt(WEIGHT_BITS - 1)) - 1n);
  });
});

/* ------------------------------------------------------------------ */
/*       raw witness inputs, bypassing every TypeScript range check     */
/* ------------------------------------------------------------------ */

/** PackSignedLanes as the circuit computes it: a plain sum, so a value beyond its lane carries into the next. */
function rawPack(values: readonly bigint[], bits: number, lanes: number): bigint[] {
  const words: bigint[] = [];
  for (let first = 0; first < values.length; first += lanes) {
    const offset = 1n << BigInt(bits - 1);
    words.push(
      values.slice(first, first + lanes).reduce((w, v, j) => w + ((v + offset) << BigInt(j * bits)), 0n) %
        FIELD_MODULUS,
    );
  }
  return words;
}

/** CommitLanes as the circuit computes it, over any values. */
function rawCommit(
  values: readonly bigint[],
  format: "value" | "weight",
  domain: bigint,
  family: ModelFamily,
  salt: bigint,
): bigint {
  const words =
    format === "value" ? rawPack(values, VALUE_BITS, VALUE_LANES) : rawPack(values, WEIGHT_BITS, WEIGHT_LANES);
  return chainHash([...words, salt], commitmentTag(domain, FAMILY[family], words.length + 1));
}

/** A model of any family in raw fixed point, its values unchecked (they may lie outside every range). */
type RawModel =
  | { family: "classifier"; model: ClassifierModel }
  | { family: "mlp"; model: MlpModel }
  | { family: "recommender"; model: RecommenderModel };

/** A witness input for any values, commitments recomputed as the circuit does (outputs are the circuit's business). */
function rawInput(mode: InputMode, raw: RawModel, inputs: readonly bigint[]): WitnessInput {
  let weightsCommitment: bigint;
  let privateModel: WitnessInput;
  switch (raw.family) {
    case "classifier": {
      const m = raw.model;
      const vector = [...m.weights, m.bias, m.threshold];
      weightsCommitment = rawCommit(vector, "value", DOMAIN_WEIGHTS, "classifier", context.weightsSalt);
      privateModel = { weights: m.weights.map(toField), bias: toField(m.bias), threshold: toField(m.threshold) };
      break;
    }
    case "mlp": {
      const m = raw.model;
      const vector = [...m.w1.flat(), ...m.b1, ...m.w2.flat(), ...m.b2];
      weightsCommitment = rawCommit(vector, "weight", DOMAIN_WEIGHTS, "mlp", context.weightsSalt);
      privateModel = {
        w1: m.w1.map((row) => row.map(toField)),
        b1: m.b1.map(toField),
        w2: m.w2.map((row) => row.map(toField)),
        b2: m.b2.map(toField),
      };
      break;
    }
    case "recommender": {
      const m = raw.model;
      weightsCommitment = rawCommit(m.items.flat(), "weight", DOMAIN_WEIGHTS, "recommender", context.weightsSalt);
      privateModel = { items: m.items.map((row) => row.map(toField)) };
      break;
    }
  }
  const common = { weightsCommitment, binding: context.binding, ...privateModel, weightsSalt: context.weightsSalt };
  const inputName = raw.family === "recommender" ? "user" : "features";
  if (mode === "public") {
    return {
      [raw.family === "recommender" ? "userWords" : "featureWords"]: rawPack(inputs, VALUE_BITS, VALUE_LANES),
      ...common,
    };
  }
  return {
    inputCommitment: rawCommit(inputs, "value", DOMAIN_INPUTS, raw.family, context.inputSalt),
    [inputName]: inputs.map(toField),
    inputSalt: context.inputSalt,
    ...common,
  };
}

/** The TypeScript call for the same model and inputs (throws where TypeScript refuses them). */
function tsCall(mode: InputMode, raw: RawModel, inputs: readonly bigint[]): CircuitCall {
  switch (raw.family) {
    case "classifier":
      return classifierCircuitCall(mode, raw.model, inputs, context);
    case "mlp":
      return mlpCircuitCall(mode, raw.model, inputs, context);
    case "recommender":
      return recommenderCircuitCall(mode, raw.model, inputs, 3, context);
  }
}

const fill = (n: number, value: bigint) => Array.from({ length: n }, () => value);
const alternate = (n: number, value: bigint) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? value : -value));

/** A model of the circuit's shape with every parameter at ±max (sign per `sign`), and inputs likewise. */
function extremeModel(shape: CircuitShape, sign: (i: number) => bigint): RawModel {
  switch (shape.family) {
    case "classifier":
      return {
        family: "classifier",
        model: {
          weights: Array.from({ length: shape.n }, (_, i) => sign(i) * V),
          bias: sign(shape.n) * V,
          threshold: -sign(0) * V,
        },
      };
    case "mlp":
      return {
        family: "mlp",
        model: {
          w1: Array.from({ length: shape.h }, (_, j) => Array.from({ length: shape.n }, (_, i) => sign(i + j) * W)),
          b1: Array.from({ length: shape.h }, (_, j) => sign(j) * W),
          w2: Array.from({ length: shape.k }, (_, c) => Array.from({ length: shape.h }, (_, j) => sign(c + j) * W)),
          b2: Array.from({ length: shape.k }, (_, c) => sign(c) * W),
        },
      };
    case "recommender":
      return {
        family: "recommender",
        model: {
          items: Array.from({ length: shape.m }, (_, m) => Array.from({ length: shape.d }, (_, d) => sign(m + d) * W)),
        },
      };
  }
}

function inputCount(shape: CircuitShape): number {
  return shape.family === "recommender" ? shape.d : shape.n;
}

/** One private range of a model: where its entries are, and how to rewrite one entry. */
type Range = {
  name: string;
  max: bigint;
  positions: number;
  set: (raw: RawModel, at: number, value: bigint) => RawModel;
};

function modelRanges(shape: CircuitShape): Range[] {
  const clone = (raw: RawModel) => structuredClone(raw);
  switch (shape.family) {
    case "classifier":
      return [
        {
          name: "classifier weight",
          max: V,
          positions: shape.n,
          set: (raw, at, value) => {
            const next = clone(raw) as Extract<RawModel, { family: "classifier" }>;
            next.model.weights[at] = value;
            return next;
          },
        },
        ...(["bias", "threshold"] as const).map((key) => ({
          name: `classifier ${key}`,
          max: V,
          positions: 1,
          set: (raw: RawModel, _at: number, value: bigint) => {
            const next = clone(raw) as Extract<RawModel, { family: "classifier" }>;
            next.model[key] = value;
            return next;
          },
        })),
      ];
    case "mlp": {
      const matrix = (key: "w1" | "w2", cols: number, rows: number): Range => ({
        name: `MLP ${key}`,
        max: W,
        positions: rows * cols,
        set: (raw, at, value) => {
          const next = clone(raw) as Extract<RawModel, { family: "mlp" }>;
          (next.model[key][Math.floor(at / cols)] as bigint[])[at % cols] = value;
          return next;
        },
      });
      const vector = (key: "b1" | "b2", length: number): Range => ({
        name: `MLP ${key}`,
        max: W,
        positions: length,
        set: (raw, at, value) => {
          const next = clone(raw) as Extract<RawModel, { family: "mlp" }>;
          next.model[key][at] = value;
          return next;
        },
      });
      return [
        matrix("w1", shape.n, shape.h),
        vector("b1", shape.h),
        matrix("w2", shape.h, shape.k),
        vector("b2", shape.k),
      ];
    }
    case "recommender":
      return [
        {
          name: "recommender item value",
          max: W,
          positions: shape.m * shape.d,
          set: (raw, at, value) => {
            const next = clone(raw) as Extract<RawModel, { family: "recommender" }>;
            (next.model.items[Math.floor(at / shape.d)] as bigint[])[at % shape.d] = value;
            return next;
          },
        },
      ];
  }
}

/** The circuit refuses `input`, and the refusal comes from a range check (or the unpacking of a public word). */
function expectCircuitRefuses(
  witness: { calculate(input: WitnessInput): bigint[] },
  input: WitnessInput,
  label: string,
) {
  let refusal: unknown;
  try {
    witness.calculate(input);
  } catch (error) {
    refusal = error;
  }
  expect({ label, refused: refusal instanceof WitnessError }).toEqual({ label, refused: true });
  expect({ label, details: (refusal as WitnessError).details }).toEqual({
    label,
    // the failing assert is a symmetric range check's (its inner RangeCheck first) or a public word's recomposition
    details: expect.stringMatching(
      /^(Error in template RangeCheck_\d+ line: \d+\nError in template SymmetricRangeCheck_|Error in template UnpackSignedLanes_)/,
    ),
  });
}

function expectTypeScriptRefuses(call: () => unknown, label: string) {
  let refusal: unknown;
  try {
    call();
  } catch (error) {
    refusal = error;
  }
  expect({ label, refused: refusal instanceof FixedPointRangeError }).toEqual({ label, refused: true });
}

/* ------------------------------------------------------------------ */
/*                 every range of every circuit, both ends              */
/* ------------------------------------------------------------------ */

describe.each(CIRCUITS.map((c) => c.id))("%s accepts exactly the TypeScript domain", (id) => {
  let loaded: Awaited<ReturnType<typeof loadBuilt>>;
  let shape: CircuitShape;
  let mode: InputMode;
  beforeAll(async () => {
    loaded = await loadBuilt(id);
    shape = loaded.circuit.shape;
    mode = loaded.circuit.inputMode;
  });

  it("accepts every parameter and input at either end of its range, with the outputs TypeScript computes", () => {
    const n = inputCount(shape);
    const signs: ((i: number) => bigint)[] = [
      () => 1n,
      () => -1n,
      (i) => (i % 2 === 0 ? 1n : -1n),
      (i) => (i % 3 === 0 ? -1n : 1n),
    ];
    for (const [s, sign] of signs.entries()) {
      for (const inputs of [fill(n, V), fill(n, -V), alternate(n, V)]) {
        const raw = extremeModel(shape, sign);
        const call = tsCall(mode, raw, inputs);
        const witness = loaded.witness.calculate(call.input);
        expect({ s, violated: firstViolatedConstraint(loaded.r1cs, witness) }).toEqual({ s, violated: -1 });
        expect(witness.slice(1, 1 + call.publicSignals.length)).toEqual(call.publicSignals);
        // the raw inputs (no TypeScript checks) are the same witness input
        expect(rawInput(mode, raw, inputs)).toEqual(call.input);
      }
    }
  });

  it("refuses one step beyond either end of every parameter range (and so does TypeScript)", () => {
    const base = extremeModel(shape, () => 1n);
    const inputs = alternate(inputCount(shape), V);
    for (const range of modelRanges(shape)) {
      for (const at of new Set([0, range.positions - 1])) {
        for (const beyond of [-(range.max + 1n), range.max + 1n]) {
          const raw = range.set(base, at, beyond);
          const label = `${range.name} ${at} = ${beyond}`;
          expectCircuitRefuses(loaded.witness, rawInput(mode, raw, inputs), label);
          expectTypeScriptRefuses(() => tsCall(mode, raw, inputs), label);
        }
      }
    }
  });

  it("refuses one step beyond either end of the input range in every lane (and so does TypeScript)", () => {
    const raw = extremeModel(shape, () => 1n);
    const n = inputCount(shape);
    for (let at = 0; at < n; at++) {
      for (const beyond of [-(V + 1n), V + 1n]) {
        // around the value: in-range neighbours at both ends, so a carry or borrow cannot land on a refused lane alone
        const inputs = alternate(n, V);
        inputs[at] = beyond;
        const label = `input ${at} = ${beyond}`;
        expectCircuitRefuses(loaded.witness, rawInput(mode, raw, inputs), label);
        expectTypeScriptRefuses(() => tsCall(mode, raw, inputs), label);
      }
    }
  });
});

/* ------------------------------------------------------------------ */
/*                       the classifier's overflow                      */
/* ------------------------------------------------------------------ */

describe("the classifier's contribution overflow: weight and feature both -2^23", () => {
  it.each(["classifier16-public", "classifier16-committed"])("%s refuses it, and so does TypeScript", async (id) => {
    const { circuit, witness } = await loadBuilt(id);
    const mode = circuit.inputMode;
    const raw = extremeModel({ family: "classifier", n: 16 }, () => 1n) as Extract<RawModel, { family: "classifier" }>;
    raw.model.weights[0] = -(1n << 23n);
    const features = fill(16, 1n);
    features[0] = -(1n << 23n);
    // (-2^23)^2 = 2^46 would fill the 47-bit contribution lane's offset 2^46 up to 2^47: a carry into the next lane,
    // and contribution[0] would decode as -2^46 (-16384.0) while the score counts +2^46
    expectCircuitRefuses(witness, rawInput(mode, raw, features), "w0 = x0 = -2^23");
    expectTypeScriptRefuses(() => tsCall(mode, raw, features), "w0 = x0 = -2^23");
    expectTypeScriptRefuses(() => inferClassifier(raw.model, features), "inferClassifier");
  });
});

/* ------------------------------------------------------------------ */
/*                 public input words: the registry's cases             */
/* ------------------------------------------------------------------ */

describe("public-input circuits: a word list has a witness exactly when ModelRegistry.checkInputWords passes it", () => {
  it.each(CIRCUITS.filter((c) => c.inputMode === "public").map((c) => c.id))("%s", async (id) => {
    const { circuit, r1cs, witness } = await loadBuilt(id);
    const fixture = JSON.parse(await readFile(INPUT_LANES_FIXTURE_PATH, "utf8")) as InputLanesFixture;
    const n = inputCount(circuit.shape);
    const familyIndex = { classifier: 0, mlp: 1, recommender: 2 }[circuit.shape.family];
    const cases = fixture.circuits.find((c) => c.family === familyIndex && c.mode === 0 && c.shape[0] === n);
    if (!cases) throw new Error(`the input-lanes fixture has no public ${circuit.shape.family} of ${n} inputs`);
    const honest = rawInput(
      "public",
      extremeModel(circuit.shape, () => 1n),
      fill(n, 0n),
    );
    const wordsName = circuit.shape.family === "recommender" ? "userWords" : "featureWords";
    for (const words of cases.accepted) {
      const accepted = witness.calculate({ ...honest, [wordsName]: words.map(BigInt) });
      expect(firstViolatedConstraint(r1cs, accepted)).toBe(-1);
    }
    let refusedByConstraints = 0;
    for (const refused of cases.refused) {
      const words = refused.words.map(BigInt);
      // a wrong word count or a word >= r is not even a witness input (nor a valid public signal); the rest reach
      // the constraints
      if (refused.error === "count" || words.some((word) => word >= FIELD_MODULUS)) continue;
      expectCircuitRefuses(witness, { ...honest, [wordsName]: words }, refused.what);
      refusedByConstraints++;
    }
    // in each of the two words: three placements of a lane at 0, two bits above the last lane
    expect(refusedByConstraints).toBe(10);
  });
});

/* ------------------------------------------------------------------ */
/*         decoders and documented bounds over the whole domain         */
/* ------------------------------------------------------------------ */

/** floor(a / 2^bits) in magnitude, rounded away from zero: the largest |floor(x / 2^bits)| for |x| <= a. */
const ceilShift = (a: bigint, bits: number) => (a + (1n << BigInt(bits)) - 1n) >> BigInt(bits);
const signedFits = (value: bigint, bits: number) =>
  value >= -(1n << BigInt(bits - 1)) && value < 1n << BigInt(bits - 1);

describe("decoders and the documented bounds hold over the whole accepted domain", () => {
  const scale = 1n << BigInt(FRAC_BITS);

  it("classifier: the worst cases fit their lanes, and at the extremes the explanation adds up to the score", async () => {
    const n = 16;
    // docs/circuits.md: contribution 47-bit signed (|w x| < 2^46), score and score - threshold * 2^16 52-bit signed
    expect(V * V < 1n << 46n).toBe(true);
    expect(signedFits(V * V, CONTRIBUTION_BITS) && signedFits(-V * V, CONTRIBUTION_BITS)).toBe(true);
    const worstScore = V * scale + BigInt(n) * V * V;
    expect(signedFits(worstScore, 52) && signedFits(-worstScore, 52)).toBe(true);
    expect(signedFits(worstScore + V * scale, classifierScoreBits(n))).toBe(true);
    expect(signedFits(-(worstScore + V * scale), classifierScoreBits(n))).toBe(true);

    for (const id of ["classifier16-public", "classifier16-committed"]) {
      const { circuit, witness } = await loadBuilt(id);
      for (const [ws, xs, bs] of [
        [1n, 1n, 1n],
        [1n, -1n, -1n],
        [-1n, -1n, 1n],
        [-1n, 1n, -1n],
      ] as const) {
        for (const threshold of [V, -V, 0n]) {
          const model = { weights: fill(n, ws * V), bias: bs * V, threshold };
          const features = fill(n, xs * V);
          const call = classifierCircuitCall(circuit.inputMode, model, features, context);
          const signals = witness.calculate(call.input).slice(1, 1 + call.publicSignals.length);
          const decoded = decodePublicSignals(circuit.publicSignals, signals);
          const contributions = Array.from({ length: n }, (_, i) => decoded[`contribution[${i}]`] as bigint);
          expect(contributions).toEqual(fill(n, ws * xs * V * V));
          expect(contributions.reduce((a, b) => a + b, bs * V * scale)).toBe(decoded.score);
          expect(decoded.decision).toBe((decoded.score as bigint) >= threshold * scale ? 1n : 0n);
          const reference = inferClassifier(model, features);
          expect([decoded.score, decoded.decision]).toEqual([reference.score, reference.decision ? 1n : 0n]);
        }
      }
    }
  });

  it("MLP: hidden units and logits stay inside their range checks and lanes, and decode to the reference", async () => {
    const [n, h] = [16, 32];
    // docs/circuits.md: hidden pre-activation |.| <= 2^31 (33-bit check), logit |.| <= 2^41 (49-bit lane)
    const worstPre = ceilShift(BigInt(n) * W * V + W * scale, WEIGHT_FRAC_BITS);
    expect(worstPre <= 1n << 31n && signedFits(-worstPre, mlpHiddenBits(n))).toBe(true);
    // after the ReLU a hidden unit is at most floor((n W V + W 2^16) / 2^10)
    const worstHidden = (BigInt(n) * W * V + W * scale) >> BigInt(WEIGHT_FRAC_BITS);
    expect(signedFits(worstHidden, mlpHiddenBits(n))).toBe(true);
    const worstLogit = ceilShift(BigInt(h) * W * worstHidden + W * scale, WEIGHT_FRAC_BITS);
    expect(worstLogit <= 1n << 41n && signedFits(-worstLogit, mlpLogitBits(n, h))).toBe(true);

    for (const id of ["mlp16x32x4-public", "mlp16x32x4-committed"]) {
      const { circuit, witness } = await loadBuilt(id);
      for (const sign of [1n, -1n]) {
        // every hidden unit at its largest, then logits pushed to either end
        const model: MlpModel = {
          w1: Array.from({ length: h }, () => fill(n, W)),
          b1: fill(h, W),
          w2: [fill(h, sign * W), fill(h, -sign * W), alternate(h, W), fill(h, 0n)],
          b2: [sign * W, -sign * W, W, -W],
        };
        const features = fill(n, V);
        const call = mlpCircuitCall(circuit.inputMode, model, features, context);
        const signals = witness.calculate(call.input).slice(1, 1 + call.publicSignals.length);
        const decoded = decodePublicSignals(circuit.publicSignals, signals);
        const reference = inferMlp(model, features);
        const logits = Array.from({ length: 4 }, (_, c) => decoded[`logit[${c}]`] as bigint);
        expect(logits).toEqual(reference.logits);
        expect(decoded.argmax).toBe(BigInt(reference.argmax));
        for (const logit of logits) expect(logit <= worstLogit && logit >= -worstLogit).toBe(true);
        // the extreme model reaches the worst case the bound allows, up to the floor's rounding
        expect(sign * (logits[0] as bigint) >= worstLogit - 1n).toBe(true);
      }
    }
  });

  it("recommender: scores stay inside their lane and decode to the reference ranking", async () => {
    const [d, m] = [16, 32];
    // docs/circuits.md: score |.| <= 2^30 (35-bit lane)
    const worstScore = ceilShift(BigInt(d) * W * V, WEIGHT_FRAC_BITS);
    expect(worstScore <= 1n << 30n && signedFits(-worstScore, recommenderScoreBits(d))).toBe(true);
    for (const id of ["recommender16x32-public", "recommender16x32-committed"]) {
      const { circuit, witness } = await loadBuilt(id);
      for (const sign of [1n, -1n]) {
        const items = Array.from({ length: m }, (_, i) => (i % 3 === 0 ? fill(d, W) : fill(d, -W)));
        const user = fill(d, sign * V);
        const call = recommenderCircuitCall(circuit.inputMode, { items }, user, 3, context);
        const signals = witness.calculate(call.input).slice(1, 1 + call.publicSignals.length);
        const decoded = decodePublicSignals(circuit.publicSignals, signals);
        const reference = inferRecommender({ items }, user, 3);
        const top = [0, 1, 2].map((r) => ({
          index: Number(decoded[`index[${r}]`]),
          score: decoded[`score[${r}]`] as bigint,
        }));
        expect(top).toEqual(reference.top);
        // the best items reach the worst case the bound allows, up to the floor's rounding
        for (const item of top) expect(item.score <= worstScore && item.score >= worstScore - 1n).toBe(true);
      }
    }
  });
});
