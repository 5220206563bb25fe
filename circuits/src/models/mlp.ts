import {
  assertSignedBits,
  assertValueRange,
  assertWeightRange,
  FRAC_BITS,
  floorDivPow2,
  type InputMode,
  mlpHiddenBits,
  mlpLogitBits,
  mlpLogitLanes,
  packWords,
  toField,
  WEIGHT_FRAC_BITS,
} from "@symbiote/sdk";
import { assertLength, type CircuitCall, checkContext, modelCircuitCall, type ProofContext } from "../circuitInput.ts";
import { computeInputCommitment, computeWeightsCommitment } from "../commitment.ts";

/**
 * An N -> H (ReLU) -> K perceptron. Weights and biases are raw compact weights (scale 2^10, |raw| <= 2^13 - 1);
 * features, hidden activations and logits are raw values (scale 2^16).
 */
export type MlpModel = {
  /** H rows of N weights. */
  w1: bigint[][];
  b1: bigint[];
  /** K rows of H weights. */
  w2: bigint[][];
  b2: bigint[];
};

export type MlpOutput = {
  logits: bigint[];
  /** The logits packed as the circuit outputs them (offset binary lanes). */
  logitWords: bigint[];
  /** Index of the largest logit, the lowest index on a tie. */
  argmax: number;
};

export type MlpShape = { n: number; h: number; k: number };

export function mlpShape(model: MlpModel): MlpShape {
  return { n: model.w1[0]?.length ?? 0, h: model.w1.length, k: model.w2.length };
}

/** The committed order: w1 row-major, b1, w2 row-major, b2. */
export function mlpWeightVector(model: MlpModel): bigint[] {
  return [...model.w1.flat(), ...model.b1, ...model.w2.flat(), ...model.b2];
}

/** Refuses a ragged model or a parameter outside the compact weight range, naming the parameter. */
export function validateMlp(model: MlpModel): void {
  const { n, h, k } = mlpShape(model);
  model.w1.forEach((row, j) => {
    assertLength(row, n, `w1 row ${j}`);
  });
  assertLength(model.b1, h, "b1");
  model.w2.forEach((row, c) => {
    assertLength(row, h, `w2 row ${c}`);
  });
  assertLength(model.b2, k, "b2");
  for (const [j, row] of model.w1.entries()) {
    for (const [i, w] of row.entries()) assertWeightRange(w, `w1[${j}][${i}]`);
  }
  model.b1.forEach((b, j) => {
    assertWeightRange(b, `b1[${j}]`);
  });
  for (const [c, row] of model.w2.entries()) {
    for (const [j, w] of row.entries()) assertWeightRange(w, `w2[${c}][${j}]`);
  }
  model.b2.forEach((b, c) => {
    assertWeightRange(b, `b2[${c}]`);
  });
}

/** Reference inference: exactly the circuit's outputs. */
export function inferMlp(model: MlpModel, features: readonly bigint[]): MlpOutput {
  validateMlp(model);
  const { n, h } = mlpShape(model);
  assertLength(features, n, "features");
  features.forEach((x, i) => {
    assertValueRange(x, `feature ${i}`);
  });
  // w * x carries 10 + 16 fractional bits; the bias is lifted to match, and the sum is rescaled by 2^10.
  const scale = 1n << BigInt(FRAC_BITS);
  const hidden = model.w1.map((row, j) => {
    const acc = row.reduce((sum, w, i) => sum + w * (features[i] as bigint), (model.b1[j] as bigint) * scale);
    const pre = floorDivPow2(acc, WEIGHT_FRAC_BITS);
    assertSignedBits(pre, mlpHiddenBits(n), `hidden unit ${j}`);
    return pre > 0n ? pre : 0n;
  });
  const logits = model.w2.map((row, c) => {
    const acc = row.reduce((sum, w, j) => sum + w * (hidden[j] as bigint), (model.b2[c] as bigint) * scale);
    const logit = floorDivPow2(acc, WEIGHT_FRAC_BITS);
    assertSignedBits(logit, mlpLogitBits(n, h), `logit ${c}`);
    return logit;
  });
  let argmax = 0;
  logits.forEach((logit, c) => {
    if (logit > (logits[argmax] as bigint)) argmax = c;
  });
  return { logits, logitWords: packWords(logits, mlpLogitBits(n, h), mlpLogitLanes(n, h)), argmax };
}

/** The MLP circuit's witness input and expected public signals for one request. */
export function mlpCircuitCall(
  mode: InputMode,
  model: MlpModel,
  features: readonly bigint[],
  context: ProofContext,
): CircuitCall {
  const inputSalt = checkContext(mode, context);
  const out = inferMlp(model, features);
  const weightsCommitment = computeWeightsCommitment("mlp", mlpWeightVector(model), context.weightsSalt);
  const outputs = [...out.logitWords, BigInt(out.argmax)];
  const privateModel = {
    w1: model.w1.map((row) => row.map(toField)),
    b1: model.b1.map(toField),
    w2: model.w2.map((row) => row.map(toField)),
    b2: model.b2.map(toField),
    weightsSalt: context.weightsSalt,
  };
  return modelCircuitCall({
    inputSalt,
    features,
    privateModel,
    outputs,
    weightsCommitment,
    binding: context.binding,
    inputCommitment: (values, salt) => computeInputCommitment("mlp", values, salt),
  });
}
