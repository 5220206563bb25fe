import { createHash } from "node:crypto";
import type { CircuitShape, InputMode } from "@symbiote/sdk";
import { computeBinding, FIELD_MODULUS } from "@symbiote/sdk";
import type { Address } from "viem";
import type { CircuitCall } from "./circuitInput.ts";
import { classifierCircuitCall } from "./models/classifier.ts";
import { mlpCircuitCall } from "./models/mlp.ts";
import { recommenderCircuitCall } from "./models/recommender.ts";
import { randomClassifier, randomMlp, randomRecommender, SeededRandom } from "./randomModels.ts";

/** The request every fixture proof is bound to; ProofBinding.binding() of these equals the fixtures' binding. */
export const SAMPLE_REQUEST = {
  chainId: 31337n,
  coordinator: "0x000000000000000000000000000000000000c0c0" as Address,
  requestId: 42n,
  operator: "0x0000000000000000000000000000000000000b0b" as Address,
};

/** A deterministic seed per label (circuit id and case number). */
export function seedFor(label: string): bigint {
  return BigInt(`0x${createHash("sha256").update(label).digest("hex").slice(0, 16)}`);
}

/**
 * A deterministic random model, input and context for a circuit: the same label always gives the same call,
 * so fixtures, tests and benchmarks share their cases.
 */
export function sampleCall(shape: CircuitShape, mode: InputMode, label: string, request = SAMPLE_REQUEST): CircuitCall {
  const rng = new SeededRandom(seedFor(label));
  const context = {
    binding: computeBinding(request),
    weightsSalt: (rng.next64() << 64n) % FIELD_MODULUS,
    inputSalt: ((rng.next64() << 128n) | rng.next64()) % FIELD_MODULUS,
  };
  switch (shape.family) {
    case "classifier":
      return classifierCircuitCall(mode, randomClassifier(rng, shape.n), rng.vector(shape.n), context);
    case "mlp":
      return mlpCircuitCall(mode, randomMlp(rng, shape.n, shape.h, shape.k), rng.vector(shape.n), context);
    case "recommender":
      return recommenderCircuitCall(
        mode,
        randomRecommender(rng, shape.d, shape.m),
        rng.vector(shape.d),
        shape.topK,
        context,
      );
  }
}
