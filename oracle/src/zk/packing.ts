import { FatalError } from "../errors.ts";
import { assertFieldElement } from "./field.ts";
import { assertSignedBits, assertValueRange } from "./fixedPoint.ts";
import { MAX_PACKED_BITS, VALUE_BITS, VALUE_LANES } from "./params.ts";

/**
 * Packs signed values into one field element: lane j holds values[j] + 2^(bits-1) at bit offset j * bits
 * (offset binary, least significant lane first) — the layout of PackSignedLanes in the circuits.
 */
export function packSignedLanes(values: readonly bigint[], bits: number): bigint {
  if (values.length * bits > MAX_PACKED_BITS) {
    throw new FatalError(
      `${values.length} lanes of ${bits} bits exceed ${MAX_PACKED_BITS} bits; split them over more words.`,
    );
  }
  const offset = 1n << BigInt(bits - 1);
  let word = 0n;
  values.forEach((value, j) => {
    assertSignedBits(value, bits, `lane ${j}`);
    word |= (value + offset) << BigInt(j * bits);
  });
  return word;
}

/** Inverse of {@link packSignedLanes}: reads `count` signed lanes of `bits` bits, refusing stray high bits. */
export function unpackSignedLanes(word: bigint, count: number, bits: number): bigint[] {
  assertFieldElement(word, "packed word");
  if (word >> BigInt(count * bits) !== 0n) {
    throw new FatalError(
      `packed word has bits set above its ${count} lanes of ${bits} bits; it was not produced by packSignedLanes.`,
    );
  }
  const mask = (1n << BigInt(bits)) - 1n;
  const offset = 1n << BigInt(bits - 1);
  return Array.from({ length: count }, (_, j) => ((word >> BigInt(j * bits)) & mask) - offset);
}

/** Splits values into words of `lanes` lanes each (the last word may be shorter) and packs each. */
export function packWords(values: readonly bigint[], bits: number, lanes: number): bigint[] {
  const words: bigint[] = [];
  for (let first = 0; first < values.length; first += lanes)
    words.push(packSignedLanes(values.slice(first, first + lanes), bits));
  return words;
}

/** Reads `count` values back from words written by {@link packWords}. */
export function unpackWords(words: readonly bigint[], count: number, bits: number, lanes: number): bigint[] {
  const expectedWords = Math.ceil(count / lanes);
  if (words.length !== expectedWords) {
    throw new FatalError(`expected ${expectedWords} packed words for ${count} values, got ${words.length}.`);
  }
  return words.flatMap((word, w) => unpackSignedLanes(word, Math.min(lanes, count - w * lanes), bits));
}

/**
 * Packs raw fixed-point features (or any model values) into the public words a public-input circuit takes:
 * 10 lanes of 24 bits per word. Each value must be within ±(2^23 - 1).
 *
 * @example packFeatures([65536n, -32768n]) // one word holding 1.0 and -0.5
 */
export function packFeatures(features: readonly bigint[]): bigint[] {
  features.forEach((value, i) => {
    assertValueRange(value, `feature ${i}`);
  });
  return packWords(features, VALUE_BITS, VALUE_LANES);
}

/** Inverse of {@link packFeatures}. */
export function unpackFeatures(words: readonly bigint[], count: number): bigint[] {
  return unpackWords(words, count, VALUE_BITS, VALUE_LANES);
}
