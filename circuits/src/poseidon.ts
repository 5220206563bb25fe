import { FIELD_MODULUS } from "@symbiote/sdk";
import constants from "./poseidonConstants.json" with { type: "json" };

/**
 * Poseidon over BN254 with width t = 17, in circomlib's optimized form (PoseidonEx(16, 1) in
 * circomlib/circuits/poseidon.circom), so a digest computed here equals the one the circuits compute.
 * Constants come from circomlib (see circuits/src/build/poseidon-constants.ts).
 */

const T = constants.t;
const HALF_FULL = constants.fullRounds / 2;
const PARTIAL = constants.partialRounds;
const C = constants.C.map(BigInt);
const S = constants.S.map(BigInt);
const M = constants.M.map((row) => row.map(BigInt));
const P = constants.P.map((row) => row.map(BigInt));
const R = FIELD_MODULUS;

function sbox(x: bigint): bigint {
  const x2 = (x * x) % R;
  const x4 = (x2 * x2) % R;
  return (x4 * x) % R;
}

function addConstants(state: bigint[], offset: number): void {
  for (let i = 0; i < T; i++) state[i] = ((state[i] as bigint) + (C[offset + i] as bigint)) % R;
}

function mix(state: bigint[], matrix: bigint[][]): bigint[] {
  const out: bigint[] = new Array(T);
  for (let i = 0; i < T; i++) {
    let acc = 0n;
    for (let j = 0; j < T; j++) acc += ((matrix[j] as bigint[])[i] as bigint) * (state[j] as bigint);
    out[i] = acc % R;
  }
  return out;
}

/**
 * The first output of the width-17 permutation applied to [capacity, ...inputs].
 * @param inputs exactly 16 field elements
 * @param capacity the initial capacity element (a domain tag or a chained digest)
 */
export function poseidon16(inputs: readonly bigint[], capacity: bigint): bigint {
  if (inputs.length !== T - 1) throw new RangeError(`poseidon16 takes ${T - 1} inputs, got ${inputs.length}`);
  let state = [capacity % R, ...inputs.map((x) => ((x % R) + R) % R)];

  addConstants(state, 0);
  for (let r = 0; r < HALF_FULL - 1; r++) {
    state = state.map(sbox);
    addConstants(state, (r + 1) * T);
    state = mix(state, M);
  }
  state = state.map(sbox);
  addConstants(state, HALF_FULL * T);
  state = mix(state, P);

  const partialBase = (HALF_FULL + 1) * T;
  for (let r = 0; r < PARTIAL; r++) {
    const first = (sbox(state[0] as bigint) + (C[partialBase + r] as bigint)) % R;
    state[0] = first;
    const row = (2 * T - 1) * r;
    let acc = 0n;
    for (let i = 0; i < T; i++) acc += (S[row + i] as bigint) * (state[i] as bigint);
    const next: bigint[] = [acc % R];
    for (let i = 1; i < T; i++) next.push(((state[i] as bigint) + first * (S[row + T + i - 1] as bigint)) % R);
    state = next;
  }

  const tailBase = partialBase + PARTIAL;
  for (let r = 0; r < HALF_FULL - 1; r++) {
    state = state.map(sbox);
    addConstants(state, tailBase + r * T);
    state = mix(state, M);
  }
  state = state.map(sbox);
  let out = 0n;
  for (let j = 0; j < T; j++) out += ((M[j] as bigint[])[0] as bigint) * (state[j] as bigint);
  return out % R;
}
