import type { Bn128 } from "./bn128.ts";
import { writeField } from "./fieldBytes.ts";
import { BN254_R, MONTGOMERY_INVERSE, type ProvingKey } from "./provingKey.ts";

const YIELD_EVERY = 65_536;
const JOIN_SLICE = 1 << 16;

/**
 * The evaluations of A·w and B·w on the domain's rows, and C as snarkjs forms it (A·B·2^-256: the FFTs and the key's
 * H points treat the buffers as Montgomery-form elements), each as 32-byte little-endian elements.
 *
 * snarkjs builds these one coefficient at a time through wasm calls, a third of a large proof's time. Here the
 * coefficients are summed as bigints, a zero witness value (about half of a typical circuit's) skipping its
 * coefficients and a one adding the coefficient alone, and each row is reduced once.
 */
export async function evaluateConstraints(
  key: ProvingKey,
  witness: readonly bigint[],
): Promise<[Uint8Array, Uint8Array, Uint8Array]> {
  const { matrix, constraint, signal, value } = key.coefficients;
  const sums = [new Array<bigint>(key.domainSize).fill(0n), new Array<bigint>(key.domainSize).fill(0n)] as const;
  for (let i = 0; i < value.length; i++) {
    // yield now and then: the worker threads' next tasks are handed out from this thread's event loop
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const w = witness[signal[i] as number] as bigint;
    if (w === 0n) continue;
    const row = sums[matrix[i] as 0 | 1];
    const at = constraint[i] as number;
    row[at] = (row[at] as bigint) + (w === 1n ? (value[i] as bigint) : (value[i] as bigint) * w);
  }
  const bytes = key.domainSize * 32;
  const out = [new Uint8Array(bytes), new Uint8Array(bytes), new Uint8Array(bytes)] as const;
  const views = out.map((buffer) => new DataView(buffer.buffer)) as [DataView, DataView, DataView];
  const [sumsA, sumsB] = sums;
  for (let row = 0; row < key.domainSize; row++) {
    const a = (sumsA[row] as bigint) % BN254_R;
    const b = (sumsB[row] as bigint) % BN254_R;
    if (a !== 0n) writeField(views[0], row * 32, a);
    if (b !== 0n) writeField(views[1], row * 32, b);
    if (a !== 0n && b !== 0n) writeField(views[2], row * 32, (((a * b) % BN254_R) * MONTGOMERY_INVERSE) % BN254_R);
  }
  return [out[0], out[1], out[2]];
}

/**
 * The coefficients of H's commitment: A, B and C interpolated on the domain, evaluated on its coset, and joined as
 * (A·B − C) / Z there (Z is constant on the coset), out of Montgomery form for the multi-scalar multiplication.
 *
 * Each polynomial's inverse FFT, coset shift and FFT run as one task in one worker's wasm memory (the wasm's whole-
 * array transforms), the three polynomials in parallel: ffjavascript's own FFT reverses bits in JavaScript and copies
 * the array to and from the workers at every level, about twice the time at 2^17.
 */
export async function quotientScalars(
  curve: Bn128,
  key: ProvingKey,
  abc: [Uint8Array, Uint8Array, Uint8Array],
): Promise<Uint8Array> {
  const { Fr } = curve;
  const n = key.domainSize;
  const shift = key.power === Fr.s ? Fr.shift : (Fr.w[key.power + 1] as Uint8Array);
  const onCoset = async (evaluations: Uint8Array) => {
    const [coset] = await curve.tm.queueAction([
      { cmd: "ALLOCSET", var: 0, buff: evaluations },
      { cmd: "ALLOCSET", var: 1, buff: Fr.e(1) },
      { cmd: "ALLOCSET", var: 2, buff: shift },
      { cmd: "CALL", fnName: "frm_ifft", params: [{ var: 0 }, { val: n }] },
      {
        cmd: "CALL",
        fnName: "frm_batchApplyKey",
        params: [{ var: 0 }, { val: n }, { var: 1 }, { var: 2 }, { var: 0 }],
      },
      { cmd: "CALL", fnName: "frm_fft", params: [{ var: 0 }, { val: n }] },
      { cmd: "GET", out: 0, var: 0, len: n * 32 },
    ]);
    return coset as Uint8Array;
  };
  const [a, b, c] = await Promise.all(abc.map(onCoset));
  if (!a || !b || !c) throw new Error("unreachable: three polynomials in, three out");
  // joined in slices: each task copies its three inputs into one worker's wasm memory
  const joined = new Uint8Array(key.domainSize * 32);
  const slice = Math.min(key.domainSize, JOIN_SLICE);
  const tasks: Promise<Uint8Array[]>[] = [];
  for (let start = 0; start < key.domainSize; start += slice) {
    const bytes = [start * 32, (start + slice) * 32] as const;
    tasks.push(
      curve.tm.queueAction([
        { cmd: "ALLOCSET", var: 0, buff: a.slice(...bytes) },
        { cmd: "ALLOCSET", var: 1, buff: b.slice(...bytes) },
        { cmd: "ALLOCSET", var: 2, buff: c.slice(...bytes) },
        { cmd: "ALLOC", var: 3, len: slice * 32 },
        {
          cmd: "CALL",
          fnName: "qap_joinABC",
          params: [{ var: 0 }, { var: 1 }, { var: 2 }, { val: slice }, { var: 3 }],
        },
        { cmd: "CALL", fnName: "frm_batchFromMontgomery", params: [{ var: 3 }, { val: slice }, { var: 3 }] },
        { cmd: "GET", out: 0, var: 3, len: slice * 32 },
      ]),
    );
  }
  for (const [i, [part]] of (await Promise.all(tasks)).entries()) joined.set(part as Uint8Array, i * slice * 32);
  return joined;
}
