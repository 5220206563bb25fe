import type { InputMode } from "@symbiote/sdk";
import { assertFieldElement, FatalError, packFeatures, toField } from "@symbiote/sdk";

/** A witness-calculator input: signal name to a field element or a (nested) array of them. */
export type WitnessInput = Record<string, bigint | readonly bigint[] | readonly (readonly bigint[])[]>;

/** The secrets and the binding a proof needs beside the model and the data. */
export type ProofContext = {
  /** computeBinding(chainId, coordinator, requestId, operator). */
  binding: bigint;
  /** Salt of the model's weights commitment (kept by the model owner with the weights). */
  weightsSalt: bigint;
  /** Salt of the input commitment; required in committed mode, ignored in public mode. */
  inputSalt?: bigint;
};

/** Everything a prover needs for one proof, and the public signals the proof must carry (snarkjs order). */
export type CircuitCall = {
  input: WitnessInput;
  publicSignals: bigint[];
};

/** Checks the context's field elements and returns the input salt when the mode needs one. */
export function checkContext(mode: InputMode, context: ProofContext): bigint | undefined {
  assertFieldElement(context.binding, "binding");
  assertFieldElement(context.weightsSalt, "weightsSalt");
  if (mode === "public") return undefined;
  if (context.inputSalt === undefined) {
    throw new FatalError("committed-input proofs need inputSalt: pass the salt the data owner committed with.");
  }
  assertFieldElement(context.inputSalt, "inputSalt");
  return context.inputSalt;
}

/** Refuses a vector whose length is not the circuit's shape. */
export function assertLength(values: readonly unknown[], expected: number, label: string): void {
  if (values.length !== expected) {
    throw new FatalError(
      `${label} has ${values.length} entries but the circuit takes ${expected}; use a model of the circuit's shape.`,
    );
  }
}

/** What a model circuit adds around the conventions every circuit shares. */
export type ModelCircuitParts = {
  /** From `checkContext`: undefined in public mode. */
  inputSalt: bigint | undefined;
  features: readonly bigint[];
  /** The circuit's own private inputs (weights, their salt, and whatever else the model opens). */
  privateModel: WitnessInput;
  /** The circuit's outputs, first among its public signals. */
  outputs: readonly bigint[];
  weightsCommitment: bigint;
  binding: bigint;
  /** The model family's commitment to the features under `inputSalt`. */
  inputCommitment: (features: readonly bigint[], inputSalt: bigint) => bigint;
};

/**
 * The witness input and public signals of a model circuit, by the conventions every circuit shares
 * (docs/circuits.md): public mode takes the packed feature words as public signals; committed mode takes the features
 * and their salt privately and the commitment to them publicly; then the weights commitment and the binding.
 */
export function modelCircuitCall(parts: ModelCircuitParts): CircuitCall {
  const { inputSalt, features, privateModel, outputs, weightsCommitment, binding } = parts;
  if (inputSalt === undefined) {
    const featureWords = packFeatures(features);
    return {
      input: { featureWords, weightsCommitment, binding, ...privateModel },
      publicSignals: [...outputs, ...featureWords, weightsCommitment, binding],
    };
  }
  const inputCommitment = parts.inputCommitment(features, inputSalt);
  return {
    input: { inputCommitment, weightsCommitment, binding, features: features.map(toField), inputSalt, ...privateModel },
    publicSignals: [...outputs, inputCommitment, weightsCommitment, binding],
  };
}
