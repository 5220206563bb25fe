import { type LanePosition, laneLayout } from "./packing.ts";
import {
  classifierLaneBits,
  FRAC_BITS,
  INDEX_BITS,
  type ModelFamily,
  mlpLogitBits,
  mlpLogitLanes,
  recommenderScoreBits,
  VALUE_BITS,
  VALUE_LANES,
} from "./params.ts";
import type { InputMode } from "./request.ts";

/** One lane of a packed public signal, least significant first: value = ((word >> shift) & (2^bits - 1)) - offset. */
export type Lane = { name: string; shift: number; bits: number; offset: string; fracBits?: number };

/**
 * How to read one public signal. `signed`: a signed integer as a field element (negative = r - |x|);
 * `bool`: 0 or 1; `uint`: a small unsigned integer; `field`: an opaque field element (commitment, binding);
 * `packed`: lanes as listed.
 */
export type PublicSignal = {
  index: number;
  /** The circuit signal it comes from (as in the .sym file, without "main."). */
  signal: string;
  kind: "output" | "input";
  encoding: "signed" | "bool" | "uint" | "field" | "packed";
  fracBits?: number;
  lanes?: Lane[];
  description: string;
};

export type CircuitShape =
  | { family: "classifier"; n: number }
  | { family: "mlp"; n: number; h: number; k: number }
  | { family: "recommender"; d: number; m: number; topK: number };

function packedLanes(prefix: string, first: number, count: number, bits: number, fracBits?: number): Lane[] {
  return Array.from({ length: count }, (_, j) => ({
    name: `${prefix}[${first + j}]`,
    shift: j * bits,
    bits,
    offset: (1n << BigInt(bits - 1)).toString(),
    ...(fracBits === undefined ? {} : { fracBits }),
  }));
}

type Draft = Omit<PublicSignal, "index">;

function packedSignals(
  signal: string,
  lanePrefix: string,
  count: number,
  bits: number,
  perWord: number,
  kind: "output" | "input",
  description: string,
): Draft[] {
  const words = Math.ceil(count / perWord);
  return Array.from({ length: words }, (_, w) => ({
    signal: `${signal}[${w}]`,
    kind,
    encoding: "packed" as const,
    lanes: packedLanes(lanePrefix, w * perWord, Math.min(perWord, count - w * perWord), bits, FRAC_BITS),
    description,
  }));
}

function inputSignals(family: ModelFamily, count: number, mode: InputMode): Draft[] {
  const name = family === "recommender" ? "user" : "feature";
  const ins: Draft[] =
    mode === "public"
      ? packedSignals(
          `${name}Words`,
          name,
          count,
          VALUE_BITS,
          VALUE_LANES,
          "input",
          `${name} values packed 10 per word (offset binary)`,
        )
      : [
          {
            signal: "inputCommitment",
            kind: "input",
            encoding: "field",
            description: "Poseidon commitment to the private inputs and their salt",
          },
        ];
  return [
    ...ins,
    {
      signal: "weightsCommitment",
      kind: "input",
      encoding: "field",
      description: "Poseidon commitment to the model (the registry's value)",
    },
    {
      signal: "binding",
      kind: "input",
      encoding: "field",
      description: "keccak256(abi.encode(chainId, coordinator, requestId, operator)) mod r",
    },
  ];
}

/**
 * The public signals of a circuit in the order snarkjs and the verifier take them: outputs first, then public
 * inputs, each in declaration order.
 */
export function publicSignalLayout(shape: CircuitShape, mode: InputMode): PublicSignal[] {
  let drafts: Draft[];
  switch (shape.family) {
    case "classifier": {
      const bits = classifierLaneBits(shape.n);
      const positions = laneLayout(bits);
      const names = [...Array.from({ length: shape.n }, (_, i) => `contribution[${i}]`), "score", "decision"];
      const words = (positions[positions.length - 1]?.word ?? 0) + 1;
      drafts = [
        ...Array.from({ length: words }, (_, w) => ({
          signal: `explanation[${w}]`,
          kind: "output" as const,
          encoding: "packed" as const,
          lanes: names.flatMap((name, i) => {
            const position = positions[i] as LanePosition;
            if (position.word !== w) return [];
            const width = bits[i] as number;
            const isDecision = name === "decision";
            return [
              {
                name,
                shift: position.shift,
                bits: width,
                offset: isDecision ? "0" : (1n << BigInt(width - 1)).toString(),
                ...(isDecision ? {} : { fracBits: 2 * FRAC_BITS }),
              },
            ];
          }),
          description:
            "w_i * x_i per feature, score = bias * 2^16 + their sum (both exact, 32 fractional bits), decision = score >= threshold * 2^16",
        })),
        ...inputSignals("classifier", shape.n, mode),
      ];
      break;
    }
    case "mlp":
      drafts = [
        ...packedSignals(
          "logits",
          "logit",
          shape.k,
          mlpLogitBits(shape.n, shape.h),
          mlpLogitLanes(shape.n, shape.h),
          "output",
          "output-layer logits",
        ),
        {
          signal: "argmax",
          kind: "output",
          encoding: "uint",
          description: "index of the largest logit (lowest on a tie)",
        },
        ...inputSignals("mlp", shape.n, mode),
      ];
      break;
    case "recommender": {
      const scoreBits = recommenderScoreBits(shape.d);
      const laneBits = INDEX_BITS + scoreBits;
      const lanes: Lane[] = Array.from({ length: shape.topK }, (_, r) => [
        { name: `index[${r}]`, shift: r * laneBits, bits: INDEX_BITS, offset: "0" },
        {
          name: `score[${r}]`,
          shift: r * laneBits + INDEX_BITS,
          bits: scoreBits,
          offset: (1n << BigInt(scoreBits - 1)).toString(),
          fracBits: FRAC_BITS,
        },
      ]).flat();
      drafts = [
        {
          signal: "topK",
          kind: "output",
          encoding: "packed",
          lanes,
          description: "best items first: item index and score per rank",
        },
        ...inputSignals("recommender", shape.d, mode),
      ];
      break;
    }
  }
  return drafts.map((draft, index) => ({ index, ...draft }));
}
