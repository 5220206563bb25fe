import { curves } from "snarkjs";

/** A field or group element in ffjavascript's wasm representation (Montgomery form, little-endian). */
export type Element = Uint8Array;

/** One wasm task for ffjavascript's worker threads: copy buffers in, call an exported function, copy results out. */
export type WorkerTask = Array<
  | { cmd: "ALLOCSET"; var: number; buff: Uint8Array }
  | { cmd: "ALLOC"; var: number; len: number }
  | { cmd: "CALL"; fnName: string; params: Array<{ var: number } | { val: number }> }
  | { cmd: "GET"; out: number; var: number; len: number }
>;

/** The scalar field of BN254 as ffjavascript exposes it: element arithmetic and the evaluation domain's FFTs. */
export type ScalarField = {
  n8: number;
  s: number;
  shift: Element;
  w: Element[];
  e(value: number | bigint | string): Element;
  neg(a: Element): Element;
  add(a: Element, b: Element): Element;
  mul(a: Element, b: Element): Element;
  random(): Element;
  fft(buff: Uint8Array): Promise<Uint8Array>;
  ifft(buff: Uint8Array): Promise<Uint8Array>;
  batchApplyKey(buff: Uint8Array, first: Element, inc: Element): Promise<Uint8Array>;
};

/** G1 or G2 of BN254: points in jacobian or affine wasm form, and multi-scalar multiplication over affine bases. */
export type Group = {
  F: { n8: number };
  zero: Element;
  add(a: Element, b: Element): Element;
  sub(a: Element, b: Element): Element;
  double(a: Element): Element;
  isZero(a: Element): boolean;
  eq(a: Element, b: Element): boolean;
  timesFr(a: Element, s: Element): Element;
  toAffine(a: Element): Element;
  fromRprLEM(buff: Uint8Array, offset: number): Element;
  toObject(a: Element): bigint[] | bigint[][];
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Element>;
};

/** The BN254 curve snarkjs proves on: one process-wide instance and its worker threads (see terminateProvers). */
export type Bn128 = {
  Fr: ScalarField;
  G1: Group;
  G2: Group;
  tm: { concurrency: number; queueAction(task: WorkerTask): Promise<Uint8Array[]> };
};

/** The curve snarkjs itself uses, so both share one set of worker threads. */
export async function bn128(): Promise<Bn128> {
  return (await curves.getCurveFromName("bn128")) as unknown as Bn128;
}
