import type { Bn128, Element } from "./bn128.ts";
import { writeField } from "./fieldBytes.ts";
import { multiExpAffine } from "./msm.ts";
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

/** The points of `bases` at `indices`, in order: copied as 32-bit words (a subarray per point costs more). */
function gather(bases: Uint8Array, indices: Uint32Array, pointSize: number): Uint8Array {
  const gathered = new Uint8Array(indices.length * pointSize);
  const words = pointSize / 4;
  // the key's sections are copies, so aligned; a view at an odd offset is copied once to be read by words
  const aligned = bases.byteOffset % 4 === 0 ? bases : bases.slice();
  const from = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
  const to = new Uint32Array(gathered.buffer);
  for (let j = 0; j < indices.length; j++) {
    const source = (indices[j] as number) * words;
    for (let k = 0; k < words; k++) to[j * words + k] = from[source + k] as number;
  }
  return gathered;
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
    // positive classes in WIDTHS' order, then the negated narrow ones; a first pass finds each signal's slot (-1 for
    // a zero) and each slot's size, a second fills the classes' arrays: no object per signal, this runs every proof
    const slots = [
      ...WIDTHS.map((width) => ({ width, negated: false })),
      ...WIDTHS.filter((width) => width < 32).map((width) => ({ width, negated: true })),
    ];
    const slotOf = new Int8Array(Math.max(witness.length - first, 0)).fill(-1);
    const counts = new Array<number>(slots.length).fill(0);
    for (let i = first; i < witness.length; i++) {
      const value = witness[i] as bigint;
      if (value === 0n) continue;
      const negated = value >= NARROW && BN254_R - value < NARROW;
      const slot = WIDTHS.indexOf(widthOf(negated ? BN254_R - value : value)) + (negated ? WIDTHS.length : 0);
      slotOf[i - first] = slot;
      counts[slot] = (counts[slot] as number) + 1;
    }
    const filling = slots.map(({ width, negated }, slot) => {
      const scalars = new Uint8Array((counts[slot] as number) * width);
      const indices = new Uint32Array(counts[slot] as number);
      return { width, negated, indices, scalars, view: new DataView(scalars.buffer), next: 0 };
    });
    for (let i = 0; i < slotOf.length; i++) {
      const slot = slotOf[i] as number;
      if (slot < 0) continue;
      const target = filling[slot] as (typeof filling)[number];
      const value = witness[i + first] as bigint;
      const scalar = target.negated ? BN254_R - value : value;
      const j = target.next++;
      target.indices[j] = i;
      if (target.width === 1) target.scalars[j] = Number(scalar);
      else if (target.width === 2) target.view.setUint16(j * 2, Number(scalar), true);
      else if (target.width === 4) target.view.setUint32(j * 4, Number(scalar), true);
      else if (target.width === 8) target.view.setBigUint64(j * 8, scalar, true);
      else writeField(target.view, j * 32, scalar);
    }
    this.classes = filling
      .filter(({ indices }) => indices.length > 0)
      .map(({ width, negated, indices, scalars }) => ({ width, negated, indices, scalars }));
  }

  /** How many signals each class holds, by width and sign: what the split saves on a given witness. */
  get sizes(): { width: number; negated: boolean; count: number }[] {
    return this.classes.map(({ width, negated, indices }) => ({ width, negated, count: indices.length }));
  }

  /** Σ witness[i] · bases[i] over the grouped signals, `bases` affine points of `groupName` in the key's form. */
  async multiply(curve: Bn128, groupName: "G1" | "G2", bases: Uint8Array): Promise<Element> {
    const group = curve[groupName];
    const pointSize = 2 * group.F.n8;
    const parts = await Promise.all(
      this.classes.map(({ indices, scalars }) => {
        return multiExpAffine(curve, groupName, gather(bases, indices, pointSize), scalars);
      }),
    );
    return parts.reduce(
      (sum, part, i) => ((this.classes[i] as ScalarClass).negated ? group.sub(sum, part) : group.add(sum, part)),
      group.zero,
    );
  }
}
