import { randomBytes } from "node:crypto";
import {
  assertFieldElement,
  assertValueRange,
  assertWeightRange,
  type CircuitShape,
  type CompiledShape,
  DOMAIN_INPUTS,
  DOMAIN_WEIGHTS,
  FAMILY,
  FatalError,
  FIELD_MODULUS,
  type ModelFamily,
  packWords,
  VALUE_BITS,
  VALUE_LANES,
  WEIGHT_BITS,
  WEIGHT_LANES,
} from "@symbiote/sdk";
import { poseidon16 } from "./poseidon.ts";

/** Capacity tag of the first Poseidon call: domain * 2^40 + family * 2^32 + element count. */
export function commitmentTag(domain: bigint, family: bigint, count: number): bigint {
  return (domain << 40n) + (family << 32n) + BigInt(count);
}

/**
 * Poseidon chain over field elements, 16 per permutation (t = 17), the first capacity holding `tag` and each
 * later one the previous digest; the last chunk is zero-padded (the length is in the tag). ChainHash in-circuit.
 */
export function chainHash(elements: readonly bigint[], tag: bigint): bigint {
  if (elements.length === 0) throw new FatalError("chainHash needs at least one element.");
  let state = tag;
  for (let first = 0; first < elements.length; first += 16) {
    const chunk = elements.slice(first, first + 16);
    while (chunk.length < 16) chunk.push(0n);
    state = poseidon16(chunk, state);
  }
  return state;
}

/**
 * The commitment of the spec (docs/circuits.md, "Commitments"): values packed 10 lanes of 24 bits per word,
 * the salt appended, the words chain-hashed under the tag of (domain, family, words + 1).
 */
export function commitValues(values: readonly bigint[], salt: bigint, domain: bigint, family: ModelFamily): bigint {
  values.forEach((value, i) => {
    assertValueRange(value, `committed value ${i}`);
  });
  return commitLanes(values, VALUE_BITS, VALUE_LANES, salt, domain, family);
}

/**
 * The same commitment over parameters in the compact weight format (the MLP and the recommender): 18 lanes of 14 bits
 * per word, under the weights domain.
 */
export function commitWeights(values: readonly bigint[], salt: bigint, family: ModelFamily): bigint {
  values.forEach((value, i) => {
    assertWeightRange(value, `committed parameter ${i}`);
  });
  return commitLanes(values, WEIGHT_BITS, WEIGHT_LANES, salt, DOMAIN_WEIGHTS, family);
}

/** CommitLanes in-circuit: range-checked values packed `lanes` per word, the salt appended, the words chain-hashed. */
function commitLanes(
  values: readonly bigint[],
  bits: number,
  lanes: number,
  salt: bigint,
  domain: bigint,
  family: ModelFamily,
): bigint {
  assertFieldElement(salt, "salt");
  const words = packWords(values, bits, lanes);
  return chainHash([...words, salt], commitmentTag(domain, FAMILY[family], words.length + 1));
}

/**
 * Commitment to a model's weights in its family's canonical order (see the model's `weightVector`): the classifier's
 * in the value format, the MLP's and recommender's in the compact weight format.
 */
export function computeWeightsCommitment(family: ModelFamily, weightVector: readonly bigint[], salt: bigint): bigint {
  if (family === "trees") {
    throw new FatalError(
      "a tree ensemble is committed through its tree digests, not a weight vector: use commitTreeEnsemble (circuits/src/trees/treeCommitment.ts).",
    );
  }
  if (family === "classifier") return commitValues(weightVector, salt, DOMAIN_WEIGHTS, family);
  return commitWeights(weightVector, salt, family);
}

/**
 * The family whose tag a circuit's commitments carry: its shape's, except that a compiled dense network of any depth
 * commits its weights and inputs as the MLP family (the generated circuits share the MLP's CommitWeights and
 * CommitValues).
 */
export function commitmentFamily(shape: CircuitShape | CompiledShape): ModelFamily {
  return shape.family === "dense" ? "mlp" : shape.family;
}

/** Commitment to private inputs (features or a user embedding) under a blinding salt. */
export function computeInputCommitment(family: ModelFamily, inputs: readonly bigint[], salt: bigint): bigint {
  return commitValues(inputs, salt, DOMAIN_INPUTS, family);
}

/** A uniformly random blinding salt in [0, r). Keep it with the data: without it the commitment cannot be opened. */
export function randomSalt(): bigint {
  // 64 random bytes reduced modulo r: the bias is below 2^-250.
  return BigInt(`0x${randomBytes(64).toString("hex")}`) % FIELD_MODULUS;
}
