import type { Element, Group } from "./bn128.ts";
import { writeField } from "./fieldBytes.ts";
import { BN254_R } from "./provingKey.ts";

/** Scalar widths, in bytes, the witness is split by: a multi-scalar multiplication's windows follow the width. */
const WIDTHS = [1, 2, 4, 8, 32] as const;
/** The narrow widths: a value below 2^64, or whose negation is, goes in one of these classes. */
const NARROW = 1n << 64n;

/**
 * One class's signals: their indices and their scalars as `width`-byte little-endian integers. A negated class holds
 * r − value, so its product is subtracted.
 */
type ScalarClass = { width: number; negated: boolean; indices: Uint32Array; scalars: Uint8Array };

/** The narrowest width of {@link WIDTHS} that holds `value` (0 < value < r). */
function widthOf(value: bigint): (typeof WIDTHS)[number] {
  return value < 0x100n ? 1 : value < 0x10000n ? 2 : value < 0x100000000n ? 4 : value < NARROW ? 8 : 32;
}

/**
 * The witness's signals grouped by how wide their values are, zeros left out.
 *
 * snarkjs multiplies every base by a 32-byte scalar: about 20 windows of bucket sums per multiplication whatever the
 * values. A circuit's witness is mostly zeros and range-check bits, with small sums beside a few thousand hash
 * states: a bit's scalar needs one window, a 16-bit value two. Splitting the multiplication by width keeps the
 * result (a sum of the same terms) and spends the windows only on the values that need them.
 *
 * A negative value (a signed feature, a score below the threshold, a difference) is r − x in the field: 32 bytes
 * for a small x. It goes in a negated class of x's width, whose product x·P is subtracted: −x·P = (r − x)·P.
 */
export class WitnessScalars {
  private readonly classes: ScalarClass[];

  /** Groups `witness[first..]` (every signal from `first` on is the i - first-th base of a multiplication). */
  constructor(witness: readonly bigint[], first = 0) {
    // positive classes in WIDTHS' order, then the negated narrow ones
    const slots = [
      ...WIDTHS.map((width) => ({ width, negated: false })),
      ...WIDTHS.filter((width) => width < 32).map((width) => ({ width, negated: true })),
    ];
    const members: { index: number; scalar: bigint }[][] = slots.map(() => []);
    for (let i = first; i < witness.length; i++) {
      const value = witness[i] as bigint;
      if (value === 0n) continue;
      const negated = value >= NARROW && BN254_R - value < NARROW;
      const scalar = negated ? BN254_R - value : value;
      const slot = WIDTHS.indexOf(widthOf(scalar)) + (negated ? WIDTHS.length : 0);
      (members[slot] as { index: number; scalar: bigint }[]).push({ index: i - first, scalar });
    }
    this.classes = [];
    for (const [slot, { width, negated }] of slots.entries()) {
      const entries = members[slot] as { index: number; scalar: bigint }[];
      if (entries.length === 0) continue;
      const scalars = new Uint8Array(entries.length * width);
      const view = new DataView(scalars.buffer);
      for (const [j, { scalar }] of entries.entries()) {
        if (width === 1) scalars[j] = Number(scalar);
        else if (width === 2) view.setUint16(j * 2, Number(scalar), true);
        else if (width === 4) view.setUint32(j * 4, Number(scalar), true);
        else if (width === 8) view.setBigUint64(j * 8, scalar, true);
        else writeField(view, j * 32, scalar);
      }
      this.classes.push({ width, negated, indices: Uint32Array.from(entries, (e) => e.index), scalars });
    }
  }

  /** How many signals each class holds, by width and sign: what the split saves on a given witness. */
  get sizes(): { width: number; negated: boolean; count: number }[] {
    return this.classes.map(({ width, negated, indices }) => ({ width, negated, count: indices.length }));
  }

  /** Σ witness[i] · bases[i] over the grouped signals, `pointSize` bytes per affine base. */
  async multiply(group: Group, bases: Uint8Array, pointSize: number): Promise<Element> {
    const parts = await Promise.all(
      this.classes.map(({ indices, scalars }) => {
        const gathered = new Uint8Array(indices.length * pointSize);
        for (const [j, index] of indices.entries()) {
          gathered.set(bases.subarray(index * pointSize, (index + 1) * pointSize), j * pointSize);
        }
        return group.multiExpAffine(gathered, scalars);
      }),
    );
    return parts.reduce(
      (sum, part, i) => ((this.classes[i] as ScalarClass).negated ? group.sub(sum, part) : group.add(sum, part)),
      group.zero,
    );
  }
}
