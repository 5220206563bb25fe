import { EncodingError } from "../errors/base.ts";
import { assertFieldElement } from "./field.ts";
import { assertSignedBits, assertValueRange } from "./fixedPoint.ts";
import { MAX_PACKED_BITS, VALUE_BITS, VALUE_LANES } from "./params.ts";

/**
 * Packs signed values into one field element: lane j holds values[j] + 2^(bits-1) at bit offset j * bits
 * (offset binary, least significant lane first) — the layout of PackSignedLanes in the circuits.
 */
export function packSignedLanes(values: readonly bigint[], bits: number): bigint {
  if (values.length * bits > MAX_PACKED_BITS) {
    throw new EncodingError(
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
    throw new EncodingError(
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
    throw new EncodingError(`expected ${expectedWords} packed words for ${count} values, got ${words.length}.`);
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

/**
 * Inverse of {@link packFeatures}, refusing what the public-input circuits refuse: a wrong word count, bits above the
 * last lane, and a lane holding 0 (the raw value -2^23, outside the symmetric domain). Words that pass are exactly
 * those ModelRegistry.checkInputWords accepts.
 */
export function unpackFeatures(words: readonly bigint[], count: number): bigint[] {
  const values = unpackWords(words, count, VALUE_BITS, VALUE_LANES);
  values.forEach((value, i) => {
    assertValueRange(value, `feature ${i} (lane ${i % VALUE_LANES} of word ${Math.floor(i / VALUE_LANES)})`);
  });
  return values;
}

/** Where a lane sits: word index and bit offset inside the word. */
export type LanePosition = { word: number; shift: number };

/**
 * Assigns lanes of the given widths to words greedily, least significant first: a lane that would cross the
 * 252-bit limit opens the next word. The circuits pack mixed-width outputs (the classifier's explanation) the
 * same way.
 */
export function laneLayout(bits: readonly number[]): LanePosition[] {
  let word = 0;
  let used = 0;
  return bits.map((width) => {
    if (used + width > MAX_PACKED_BITS) {
      word++;
      used = 0;
    }
    const position = { word, shift: used };
    used += width;
    return position;
  });
}

/** Packs lanes of mixed widths (value + offset in `bits` bits each) into words following {@link laneLayout}. */
export function packMixedLanes(lanes: readonly { value: bigint; bits: number; offset: bigint }[]): bigint[] {
  const layout = laneLayout(lanes.map((l) => l.bits));
  const words: bigint[] = new Array((layout[layout.length - 1]?.word ?? -1) + 1).fill(0n);
  lanes.forEach((lane, i) => {
    const stored = lane.value + lane.offset;
    if (stored < 0n || stored >= 1n << BigInt(lane.bits)) {
      throw new EncodingError(`lane ${i} (${lane.value}) does not fit ${lane.bits} bits with offset ${lane.offset}.`);
    }
    const { word, shift } = layout[i] as LanePosition;
    words[word] = (words[word] as bigint) | (stored << BigInt(shift));
  });
  return words;
}
