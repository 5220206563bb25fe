import type { Element, Group } from "./bn128.ts";
import { writeField } from "./fieldBytes.ts";

/** Scalar widths, in bytes, the witness is split by: a multi-scalar multiplication's windows follow the width. */
const WIDTHS = [1, 2, 4, 8, 32] as const;

/** One width's signals: their indices and their values as `width`-byte little-endian scalars. */
type ScalarClass = { width: number; indices: Uint32Array; scalars: Uint8Array };

/**
 * The witness's signals grouped by how wide their values are, zeros left out.
 *
 * snarkjs multiplies every base by a 32-byte scalar: about 20 windows of bucket sums per multiplication whatever the
 * values. A circuit's witness is mostly zeros and range-check bits, with small sums beside a few thousand hash
 * states: a bit's scalar needs one window, a 16-bit value two. Splitting the multiplication by width keeps the
 * result (a sum of the same terms) and spends the windows only on the values that need them.
 */
export class WitnessScalars {
  private readonly classes: ScalarClass[];

  /** Groups `witness[first..]` (every signal from `first` on is the i - first-th base of a multiplication). */
  constructor(witness: readonly bigint[], first = 0) {
    const members: number[][] = WIDTHS.map(() => []);
    for (let i = first; i < witness.length; i++) {
      const value = witness[i] as bigint;
      if (value === 0n) continue;
      const slot = value < 0x100n ? 0 : value < 0x10000n ? 1 : value < 0x100000000n ? 2 : value < 1n << 64n ? 3 : 4;
      (members[slot] as number[]).push(i);
    }
    this.classes = [];
    for (const [slot, width] of WIDTHS.entries()) {
      const indices = members[slot] as number[];
      if (indices.length === 0) continue;
      const scalars = new Uint8Array(indices.length * width);
      const view = new DataView(scalars.buffer);
      for (const [j, index] of indices.entries()) {
        const value = witness[index] as bigint;
        if (width === 1) scalars[j] = Number(value);
        else if (width === 2) view.setUint16(j * 2, Number(value), true);
        else if (width === 4) view.setUint32(j * 4, Number(value), true);
        else if (width === 8) view.setBigUint64(j * 8, value, true);
        else writeField(view, j * 32, value);
      }
      this.classes.push({ width, indices: Uint32Array.from(indices, (index) => index - first), scalars });
    }
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
    return parts.reduce((sum, part) => group.add(sum, part), group.zero);
  }
}
