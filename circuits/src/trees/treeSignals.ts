import type { InputMode, Lane, PublicSignal } from "@symbiote/sdk";
import { decodePublicSignals, FRAC_BITS, VALUE_BITS, VALUE_LANES } from "@symbiote/sdk";
import { assertTreeShape, type TreeEnsembleShape, treePathLanes, treeScoreBits, treeScoreLanes } from "./treeShape.ts";

type Draft = Omit<PublicSignal, "index">;

/** Words of lanes, `perWord` lanes of `bits` each, the last word possibly shorter. */
function packed(
  signal: string,
  names: string[],
  bits: number,
  perWord: number,
  offset: bigint,
  kind: "output" | "input",
  description: string,
  fracBits?: number,
): Draft[] {
  return Array.from({ length: Math.ceil(names.length / perWord) }, (_, w) => ({
    signal: `${signal}[${w}]`,
    kind,
    encoding: "packed" as const,
    lanes: names.slice(w * perWord, (w + 1) * perWord).map(
      (name, j): Lane => ({
        name,
        shift: j * bits,
        bits,
        offset: offset.toString(),
        ...(fracBits === undefined ? {} : { fracBits }),
      }),
    ),
    description,
  }));
}

/** Fractional bits of a model's features (and thresholds) and of its values (leaves, base values, scores). */
export interface TreeScales {
  featureFracBits: number;
  valueFracBits: number;
}

/** The circuits' fixed-point format, the quantiser's default (compiler/src/quantize/trees.ts). */
export const DEFAULT_TREE_SCALES: TreeScales = { featureFracBits: FRAC_BITS, valueFracBits: FRAC_BITS };

/**
 * The public signals of a tree circuit in snarkjs order (outputs, then public inputs), in the manifest's format
 * (sdk/src/codecs/layout.ts), so decodePublicSignals reads `path[t]`, `leaf[t][c]`, `score[c]` and `label`. The
 * scales only set the lanes' fracBits (how a reader turns raw integers into numbers); the circuit is the same.
 */
export function treePublicSignalLayout(
  shape: TreeEnsembleShape,
  mode: InputMode,
  scales: TreeScales = DEFAULT_TREE_SCALES,
): PublicSignal[] {
  assertTreeShape(shape);
  const { trees, depth, features, columns } = shape;
  const scoreBits = treeScoreBits(trees);
  const drafts: Draft[] = [
    ...packed(
      "paths",
      Array.from({ length: trees }, (_, t) => `path[${t}]`),
      depth,
      treePathLanes(depth),
      0n,
      "output",
      "per tree, the directions from the root (most significant bit) down, 1 = right (x[feature] > threshold): the index of the leaf reached",
    ),
    ...packed(
      "leafValues",
      Array.from({ length: trees * columns }, (_, i) => `leaf[${Math.floor(i / columns)}][${i % columns}]`),
      VALUE_BITS,
      VALUE_LANES,
      1n << BigInt(VALUE_BITS - 1),
      "output",
      "per tree, the values of the leaf reached, one per column",
      scales.valueFracBits,
    ),
    ...packed(
      "scores",
      Array.from({ length: columns }, (_, c) => `score[${c}]`),
      scoreBits,
      treeScoreLanes(trees),
      1n << BigInt(scoreBits - 1),
      "output",
      "per column, the base value plus every tree's leaf value",
      scales.valueFracBits,
    ),
    {
      signal: "label",
      kind: "output",
      encoding: "uint",
      description:
        columns === 1
          ? "1 when score[0] > the committed decision threshold, else 0"
          : "the arg-max column (lowest on a tie)",
    },
    ...(mode === "public"
      ? packed(
          "featureWords",
          Array.from({ length: features }, (_, i) => `feature[${i}]`),
          VALUE_BITS,
          VALUE_LANES,
          1n << BigInt(VALUE_BITS - 1),
          "input",
          "feature values packed 10 per word (offset binary)",
          scales.featureFracBits,
        )
      : [
          {
            signal: "inputCommitment",
            kind: "input" as const,
            encoding: "field" as const,
            description: "Poseidon commitment to the private inputs and their salt",
          },
        ]),
    {
      signal: "weightsCommitment",
      kind: "input",
      encoding: "field",
      description: "Poseidon commitment to the tree ensemble (the registry's value)",
    },
    {
      signal: "binding",
      kind: "input",
      encoding: "field",
      description: "keccak256(abi.encode(chainId, coordinator, requestId, operator)) mod r",
    },
  ];
  return drafts.map((draft, index) => ({ index, ...draft }));
}

/** What a tree proof's public signals say, per tree and per column. */
export interface DecodedTreeSignals {
  /** Per tree, the directions from the root down (true = right: x[feature] > threshold). */
  directions: boolean[][];
  /** Per tree, the index of the leaf reached among its 2^D leaves. */
  leaves: number[];
  /** Per tree, the leaf's values (raw, 16 fractional bits). */
  leafValues: bigint[][];
  scores: bigint[];
  label: number;
  /** Public mode: the features; committed mode: undefined. */
  features: bigint[] | undefined;
  inputCommitment: bigint | undefined;
  weightsCommitment: bigint;
  binding: bigint;
}

/** Decodes a tree proof's public signals through its layout. */
export function decodeTreeSignals(
  shape: TreeEnsembleShape,
  mode: InputMode,
  signals: readonly bigint[],
): DecodedTreeSignals {
  const v = decodePublicSignals(treePublicSignalLayout(shape, mode), signals);
  const { trees, depth, features, columns } = shape;
  const leaves = Array.from({ length: trees }, (_, t) => Number(v[`path[${t}]`]));
  return {
    directions: leaves.map((leaf) => Array.from({ length: depth }, (_, l) => ((leaf >> (depth - 1 - l)) & 1) === 1)),
    leaves,
    leafValues: Array.from({ length: trees }, (_, t) =>
      Array.from({ length: columns }, (_, c) => v[`leaf[${t}][${c}]`] as bigint),
    ),
    scores: Array.from({ length: columns }, (_, c) => v[`score[${c}]`] as bigint),
    label: Number(v.label),
    features: mode === "public" ? Array.from({ length: features }, (_, i) => v[`feature[${i}]`] as bigint) : undefined,
    inputCommitment: mode === "committed" ? v.inputCommitment : undefined,
    weightsCommitment: v.weightsCommitment as bigint,
    binding: v.binding as bigint,
  };
}
