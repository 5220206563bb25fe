/**
 * The fixed-point format, bit bounds and commitment domains shared by every circuit.
 * circuits/lib/params.circom defines the same numbers; the equivalence tests fail if the two drift apart.
 */

/** BN254 scalar field modulus r: every circuit signal and public input is an element of [0, r). */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Fractional bits of every fixed-point value: raw = round(real * 2^16). */
export const FRAC_BITS = 16;
export const SCALE = 1n << BigInt(FRAC_BITS);

/** Features, weights, biases, thresholds and embeddings are signed values of this many bits. */
export const VALUE_BITS = 24;
/**
 * Accepted raw values are symmetric, [-(2^23 - 1), 2^23 - 1], in TypeScript and in the circuits alike (VALUE_MAX() in
 * params.circom, enforced by SymmetricRangeCheck): excluding -2^23 keeps every product |w * x| below 2^46, inside the
 * classifier's 47-bit contribution lane. A public input lane therefore never holds 0 (the offset-binary -2^23).
 */
export const VALUE_MAX = (1n << BigInt(VALUE_BITS - 1)) - 1n;
/** Lanes of VALUE_BITS per packed word (240 of the 252 usable bits). */
export const VALUE_LANES = 10;
/**
 * The compact weight format of the MLP's parameters and the recommender's item table: signed 14-bit raw values with
 * 10 fractional bits, raw = round(real * 2^10), |real| < 8 in steps of 1/1024. A private parameter costs one constraint
 * per bit of its range check; the compact format keeps those circuits below 2^14 constraints.
 */
export const WEIGHT_BITS = 14;
export const WEIGHT_FRAC_BITS = 10;
export const WEIGHT_SCALE = 1n << BigInt(WEIGHT_FRAC_BITS);
/** Accepted raw weights are symmetric, [-(2^13 - 1), 2^13 - 1], here and in the circuits (WEIGHT_MAX() in params.circom). */
export const WEIGHT_MAX = (1n << BigInt(WEIGHT_BITS - 1)) - 1n;
/** Lanes of WEIGHT_BITS per packed word (252 bits, the packing limit). */
export const WEIGHT_LANES = 18;
/** A packed word never uses more bits than this, so it is always below the field modulus. */
export const MAX_PACKED_BITS = 252;

/** Classifier contribution w * x, exact (32 fractional bits): |w * x| < 2^46, a 47-bit signed lane. */
export const CONTRIBUTION_BITS = 2 * VALUE_BITS - 1;

/** Item indices in the recommender's top-k word. */
export const INDEX_BITS = 8;

/** Commitment domains (first element of the capacity tag). */
export const DOMAIN_WEIGHTS = 1n;
export const DOMAIN_INPUTS = 2n;
/** The blocks of a committed decision tree; circuits/lib/tree_params.circom holds the tree numbers for the circuits. */
export const DOMAIN_TREE_BLOCK = 3n;
// Domain 5 is the fairness audit sets': DOMAIN_AUDIT_SET in circuits/src/audit/params.ts.

/** Model families (second element of the capacity tag); trees: FAMILY_TREES() in circuits/lib/tree_params.circom. */
export const FAMILY = { classifier: 1n, mlp: 2n, recommender: 3n, trees: 4n } as const;
export type ModelFamily = keyof typeof FAMILY;

/** Smallest b with 2^b >= n. */
export function ceilLog2(n: number): number {
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/** Number of packed words for `count` values of VALUE_BITS. */
export function valueWords(count: number): number {
  return Math.ceil(count / VALUE_LANES);
}

/** Signed bits of the classifier's score bias * 2^16 + sum of n contributions (and of score - threshold * 2^16). */
export function classifierScoreBits(n: number): number {
  return CONTRIBUTION_BITS + ceilLog2(n + 1);
}

/** Lane widths of the classifier's explanation words: n contributions, the score, the decision bit. */
export function classifierLaneBits(n: number): number[] {
  return [...Array.from({ length: n }, () => CONTRIBUTION_BITS), classifierScoreBits(n), 1];
}

/** Signed bits of an MLP hidden pre-activation floor((W1 x + b1 * 2^16) / 2^10) with compact parameters. */
export function mlpHiddenBits(n: number): number {
  return 29 + ceilLog2(n);
}

/**
 * Signed bits of an MLP logit lane. With compact parameters |logit| <= 2^(32 + log2 n + log2 h); the lane keeps the
 * wider layout width every decoder reads.
 */
export function mlpLogitBits(n: number, h: number): number {
  return 40 + ceilLog2(n) + ceilLog2(h);
}

/** Logit lanes per packed word. */
export function mlpLogitLanes(n: number, h: number): number {
  return Math.floor(MAX_PACKED_BITS / mlpLogitBits(n, h));
}

/** Signed bits of a recommender item score lane (|score| <= 2^(26 + log2 d) with a compact item table). */
export function recommenderScoreBits(d: number): number {
  return 31 + ceilLog2(d);
}
