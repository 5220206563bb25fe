import { OnnxDecodeError } from "../errors.ts";

/** One protobuf field as read off the wire: varints as bigint, length-delimited fields as a byte view. */
export type WireField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1; value: DataView }
  | { field: number; wire: 2; value: Uint8Array }
  | { field: number; wire: 5; value: DataView };

/** Reads a base-128 varint at `pos`; returns the value and the position after it. */
export function readVarint(bytes: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < bytes.length && i < pos + 10; i++) {
    const b = bytes[i] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asIntN(64, result), i + 1];
    shift += 7n;
  }
  throw new OnnxDecodeError(pos, "unterminated varint");
}

/** Splits a message into its fields in wire order; unknown fields are kept so callers can skip them. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [key, afterKey] = readVarint(bytes, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    pos = afterKey;
    if (wire === 0) {
      const [value, next] = readVarint(bytes, pos);
      fields.push({ field, wire, value });
      pos = next;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > bytes.length) throw new OnnxDecodeError(pos, `fixed field ${field} runs past the end`);
      fields.push({ field, wire, value: new DataView(bytes.buffer, bytes.byteOffset + pos, size) });
      pos += size;
    } else if (wire === 2) {
      const [len, next] = readVarint(bytes, pos);
      const end = next + Number(len);
      if (len < 0n || end > bytes.length)
        throw new OnnxDecodeError(pos, `field ${field} length ${len} runs past the end`);
      fields.push({ field, wire, value: bytes.subarray(next, end) });
      pos = end;
    } else {
      throw new OnnxDecodeError(pos, `unsupported wire type ${wire} for field ${field}`);
    }
  }
  return fields;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function asString(f: WireField): string {
  if (f.wire !== 2) throw new OnnxDecodeError(0, `field ${f.field} should be a string`);
  return utf8.decode(f.value);
}

export function asBytes(f: WireField): Uint8Array {
  if (f.wire !== 2) throw new OnnxDecodeError(0, `field ${f.field} should be bytes`);
  return f.value;
}

/** An int64 field, written either one varint per entry or packed. */
export function pushInts(f: WireField, out: number[]): void {
  if (f.wire === 0) {
    out.push(toSafeNumber(f.value, f.field));
  } else if (f.wire === 2) {
    let pos = 0;
    while (pos < f.value.length) {
      const [v, next] = readVarint(f.value, pos);
      out.push(toSafeNumber(v, f.field));
      pos = next;
    }
  } else throw new OnnxDecodeError(0, `field ${f.field} should be int64`);
}

/** A float32 field, written either one fixed32 per entry or packed. */
export function pushFloats(f: WireField, out: number[]): void {
  if (f.wire === 5) out.push(f.value.getFloat32(0, true));
  else if (f.wire === 2) {
    if (f.value.length % 4 !== 0)
      throw new OnnxDecodeError(0, `packed floats of field ${f.field} are not 4-byte aligned`);
    const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.length);
    for (let i = 0; i < f.value.length; i += 4) out.push(view.getFloat32(i, true));
  } else throw new OnnxDecodeError(0, `field ${f.field} should be float`);
}

function toSafeNumber(v: bigint, field: number): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new OnnxDecodeError(0, `int64 ${v} in field ${field} exceeds 2^53`);
  }
  return Number(v);
}
