import { FatalError } from "@symbiote/sdk";
import type { Bn128, Element } from "./bn128.ts";

/** A zkey this prover cannot use: not a snarkjs Groth16 key over BN254, or truncated. */
export class ProvingKeyError extends FatalError {
  override name = "ProvingKeyError";
}

/**
 * The QAP's coefficients in column form: entry i adds `value[i] · witness[signal[i]]` to row `constraint[i]` of
 * matrix `matrix[i]` (0 = A, 1 = B). `value` is the plain field element (the key stores it in Montgomery form).
 */
export type QapCoefficients = {
  matrix: Uint8Array;
  constraint: Uint32Array;
  signal: Uint32Array;
  value: bigint[];
};

/** A snarkjs Groth16 proving key (zkey) read once: its header, its coefficients and its point sections. */
export type ProvingKey = {
  nVars: number;
  nPublic: number;
  domainSize: number;
  power: number;
  alpha1: Element;
  beta1: Element;
  beta2: Element;
  delta1: Element;
  delta2: Element;
  coefficients: QapCoefficients;
  /** Affine points in the key's Montgomery little-endian form: A, B1 and C per signal (C from the first private one), B2 in G2, H per domain row. */
  pointsA: Uint8Array;
  pointsB1: Uint8Array;
  pointsB2: Uint8Array;
  pointsC: Uint8Array;
  pointsH: Uint8Array;
};

const GROTH16 = 1;
/** BN254's scalar field order. */
export const BN254_R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
/** 2^-256 mod r: takes an element out of Montgomery form. */
export const MONTGOMERY_INVERSE = modPow(2n, BN254_R - 1n - 256n, BN254_R);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The sections of a binary "zkey" file by type: [offset, length] of each one's body. */
function sectionsOf(bytes: Uint8Array): Map<number, [number, number]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== "zkey") throw new ProvingKeyError(`not a zkey file (magic "${magic}"); pass a snarkjs Groth16 key.`);
  const count = view.getUint32(8, true);
  const sections = new Map<number, [number, number]>();
  let offset = 12;
  for (let i = 0; i < count; i++) {
    const type = view.getUint32(offset, true);
    const length = Number(view.getBigUint64(offset + 4, true));
    offset += 12;
    if (offset + length > bytes.byteLength)
      throw new ProvingKeyError(`zkey section ${type} runs past the file's end: truncated.`);
    sections.set(type, [offset, length]);
    offset += length;
  }
  return sections;
}

/** Reads a zkey's header, coefficients and points. */
export function readProvingKey(curve: Bn128, bytes: Uint8Array): ProvingKey {
  const sections = sectionsOf(bytes);
  // a copy of each section, not a view: a view posted to the worker threads clones its whole underlying buffer (a
  // Node Buffer from readFileSync may be the entire file), once per task
  const section = (type: number) => {
    const found = sections.get(type);
    if (!found) throw new ProvingKeyError(`zkey has no section ${type}; it is not a complete Groth16 key.`);
    return Uint8Array.prototype.slice.call(bytes, found[0], found[0] + found[1]);
  };
  const view = (part: Uint8Array) => new DataView(part.buffer, part.byteOffset, part.byteLength);
  if (view(section(1)).getUint32(0, true) !== GROTH16) throw new ProvingKeyError("zkey is not a Groth16 key.");

  const header = section(2);
  const h = view(header);
  const n8q = h.getUint32(0, true);
  const n8r = h.getUint32(4 + n8q, true);
  let r = 0n;
  for (let i = n8r - 1; i >= 0; i--) r = (r << 8n) | BigInt(header[8 + n8q + i] as number);
  if (n8q !== 32 || n8r !== 32 || r !== BN254_R) throw new ProvingKeyError("zkey is not over BN254 (bn128).");
  let at = 8 + n8q + n8r;
  const nVars = h.getUint32(at, true);
  const nPublic = h.getUint32(at + 4, true);
  const domainSize = h.getUint32(at + 8, true);
  at += 12;
  const g1 = () => {
    const point = curve.G1.fromRprLEM(header, at);
    at += 2 * n8q;
    return point;
  };
  const g2 = () => {
    const point = curve.G2.fromRprLEM(header, at);
    at += 4 * n8q;
    return point;
  };
  const alpha1 = g1();
  const beta1 = g1();
  const beta2 = g2();
  g2(); // gamma2: the verifier's
  const delta1 = g1();
  const delta2 = g2();

  const raw = section(4);
  const c = view(raw);
  const count = c.getUint32(0, true);
  const entry = 12 + n8r;
  if (raw.byteLength !== 4 + count * entry) throw new ProvingKeyError("zkey coefficient section has the wrong length.");
  const coefficients: QapCoefficients = {
    matrix: new Uint8Array(count),
    constraint: new Uint32Array(count),
    signal: new Uint32Array(count),
    value: new Array<bigint>(count),
  };
  for (let i = 0; i < count; i++) {
    const base = 4 + i * entry;
    coefficients.matrix[i] = c.getUint32(base, true);
    coefficients.constraint[i] = c.getUint32(base + 4, true);
    coefficients.signal[i] = c.getUint32(base + 8, true);
    const montgomery =
      c.getBigUint64(base + 12, true) |
      (c.getBigUint64(base + 20, true) << 64n) |
      (c.getBigUint64(base + 28, true) << 128n) |
      (c.getBigUint64(base + 36, true) << 192n);
    coefficients.value[i] = (montgomery * MONTGOMERY_INVERSE) % BN254_R;
  }

  const key: ProvingKey = {
    nVars,
    nPublic,
    domainSize,
    power: Math.log2(domainSize),
    alpha1,
    beta1,
    beta2,
    delta1,
    delta2,
    coefficients,
    pointsA: section(5),
    pointsB1: section(6),
    pointsB2: section(7),
    pointsC: section(8),
    pointsH: section(9),
  };
  const g1Size = 2 * n8q;
  const expect = [
    ["A", key.pointsA, nVars * g1Size],
    ["B1", key.pointsB1, nVars * g1Size],
    ["B2", key.pointsB2, nVars * 2 * g1Size],
    ["C", key.pointsC, (nVars - nPublic - 1) * g1Size],
    ["H", key.pointsH, domainSize * g1Size],
  ] as const;
  for (const [name, points, length] of expect) {
    if (points.byteLength !== length)
      throw new ProvingKeyError(`zkey ${name} points: ${points.byteLength} bytes, expected ${length}.`);
  }
  return key;
}
