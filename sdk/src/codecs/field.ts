import { EncodingError } from "../errors/base.ts";
import { FIELD_MODULUS } from "./params.ts";

/** A signed integer as a field element: negative x becomes r - |x|, as the circuits read it. */
export function toField(value: bigint): bigint {
  const reduced = value % FIELD_MODULUS;
  return reduced < 0n ? reduced + FIELD_MODULUS : reduced;
}

/** A field element read as a signed integer: values above (r - 1) / 2 are negative. */
export function fromFieldSigned(element: bigint): bigint {
  assertFieldElement(element, "field element");
  return element > FIELD_MODULUS / 2n ? element - FIELD_MODULUS : element;
}

/** Refuses anything that is not a canonical field element (a verifier would reject it as a public input). */
export function assertFieldElement(value: bigint, label: string): void {
  if (value < 0n || value >= FIELD_MODULUS) {
    throw new EncodingError(`${label} is not a BN254 field element; reduce it modulo r before using it.`, {
      details: `value ${value}, r ${FIELD_MODULUS}`,
    });
  }
}
