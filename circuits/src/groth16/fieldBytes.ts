/** Writes a field element (0 ≤ value < 2^256) as 32 little-endian bytes at `offset`. */
export function writeField(view: DataView, offset: number, value: bigint): void {
  view.setBigUint64(offset, BigInt.asUintN(64, value), true);
  view.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 64n), true);
  view.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 128n), true);
  view.setBigUint64(offset + 24, value >> 192n, true);
}
