import type { Bn128, Element } from "./bn128.ts";

/**
 * The window width, in bits, of ffjavascript's bucket method by floor(log2) of the number of points (the table of its
 * engine_multiexp.js): the same windows, so the same work per window.
 */
const WINDOW_BITS = [
  1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 14, 15, 16, 16, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17,
];
/** Tasks per worker thread a multiplication is cut into: enough to even out the two threads' ends. */
const TASKS_PER_THREAD = 2;

/**
 * Σ scalars[i] · bases[i] over affine `bases` (the key's form) with ffjavascript's wasm bucket method, its windows
 * grouped into a few tasks.
 *
 * ffjavascript's multiExpAffine sends one task per window, each copying every base and scalar into a worker's wasm
 * memory: twenty copies of H's 12 MB at 2^17, about a tenth of that multiplication's time. Here a task computes
 * several windows over one copy; the windows are then joined as ffjavascript joins them, so the result is the same
 * group element. A one-window multiplication (bytes and bits) is left to ffjavascript, which splits its points
 * between the threads.
 */
export async function multiExpAffine(
  curve: Bn128,
  groupName: "G1" | "G2",
  bases: Uint8Array,
  scalars: Uint8Array,
): Promise<Element> {
  const group = curve[groupName];
  const n8 = group.F.n8;
  const points = Math.floor(bases.byteLength / (2 * n8));
  if (points === 0) return group.zero;
  const scalarSize = scalars.byteLength / points;
  if (!Number.isInteger(scalarSize)) throw new Error("multiExpAffine: the scalars do not divide among the points");
  const bits = WINDOW_BITS[31 - Math.clz32(points)] as number;
  const windows = Math.floor((scalarSize * 8 - 1) / bits) + 1;
  if (windows === 1) return group.multiExpAffine(bases, scalars);

  const perTask = Math.ceil(windows / Math.min(windows, TASKS_PER_THREAD * curve.tm.concurrency));
  const fnName = groupName === "G1" ? "g1m_multiexpAffine_chunk" : "g2m_multiexpAffine_chunk";
  const tasks: Promise<Uint8Array[]>[] = [];
  for (let first = 0; first < windows; first += perTask) {
    const task: Parameters<Bn128["tm"]["queueAction"]>[0] = [
      { cmd: "ALLOCSET", var: 0, buff: bases },
      { cmd: "ALLOCSET", var: 1, buff: scalars },
    ];
    for (let w = first; w < Math.min(first + perTask, windows); w++) {
      const slot = w - first;
      task.push(
        { cmd: "ALLOC", var: 2 + slot, len: n8 * 3 },
        {
          cmd: "CALL",
          fnName,
          params: [
            { var: 0 },
            { var: 1 },
            { val: scalarSize },
            { val: points },
            { val: w * bits },
            { val: Math.min(scalarSize * 8 - w * bits, bits) },
            { var: 2 + slot },
          ],
        },
        { cmd: "GET", out: slot, var: 2 + slot, len: n8 * 3 },
      );
    }
    tasks.push(curve.tm.queueAction(task));
  }
  const sums = (await Promise.all(tasks)).flat();
  // Σ_w sums[w] · 2^(w·bits), highest window first
  let result = group.zero;
  for (let w = sums.length - 1; w >= 0; w--) {
    if (!group.isZero(result)) for (let j = 0; j < bits; j++) result = group.double(result);
    result = group.add(result, sums[w] as Element);
  }
  return result;
}
