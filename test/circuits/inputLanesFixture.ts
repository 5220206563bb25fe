import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FIELD_MODULUS, packFeatures, VALUE_BITS, VALUE_LANES, VALUE_MAX } from "@symbiote/sdk";
import { SeededRandom } from "../../circuits/src/randomModels.ts";
import { seedFor } from "../../circuits/src/sampleCalls.ts";

/**
 * Input words written by the TypeScript packer, for the forge tests of ModelRegistry.checkInputWords and InputLanes
 * (test/contracts/unit/libraries/InputLanes.t.sol): words every circuit accepts (the packer at both ends of the range),
 * and words no witness accepts with the error the registry must name. inputLanes.test.ts fails if the committed fixture
 * and this builder drift apart; regenerate with `tsx test/circuits/inputLanesFixture.ts`.
 */
export const INPUT_LANES_FIXTURE_PATH = fileURLToPath(
  new URL("../fixtures/registry/input-lanes.json", import.meta.url),
);

/** IModelRegistry.Family and IModelRegistry.InputMode, as the ABI encodes them. */
const FAMILY = { classifier: 0, mlp: 1, recommender: 2 } as const;
const MODE = { public: 0, committed: 1 } as const;

/** The shipped shapes (circuits/manifest.json), and public shapes whose last word is full, short or a single lane. */
const CIRCUITS = [
  { family: "classifier", mode: "public", shape: [16, 0, 0] },
  { family: "mlp", mode: "public", shape: [16, 32, 4] },
  { family: "recommender", mode: "public", shape: [16, 32, 3] },
  { family: "classifier", mode: "public", shape: [10, 0, 0] },
  { family: "classifier", mode: "public", shape: [1, 0, 0] },
  { family: "mlp", mode: "public", shape: [21, 8, 2] },
  { family: "recommender", mode: "public", shape: [29, 64, 3] },
  { family: "classifier", mode: "committed", shape: [16, 0, 0] },
  { family: "mlp", mode: "committed", shape: [16, 32, 4] },
  { family: "recommender", mode: "committed", shape: [16, 32, 3] },
] as const;

/** A refused word list and the error checkInputWords must revert with. */
export type RefusedCase =
  | { what: string; words: string[]; error: "count"; count: number; expected: number }
  | { what: string; words: string[]; error: "domain"; wordIndex: number; laneIndex: number; word: string };

export type InputLanesFixture = {
  circuitCount: number;
  circuits: {
    family: number;
    mode: number;
    shape: number[];
    /** Each a word list some witness accepts. */
    acceptedCount: number;
    accepted: string[][];
    refusedCount: number;
    refused: RefusedCase[];
  }[];
};

const str = (words: readonly bigint[]) => words.map((w) => w.toString());

/** Value vectors at both ends of the domain, and a seeded one with every kind of value in between. */
function valueVectors(n: number, seed: string): bigint[][] {
  const rng = new SeededRandom(seedFor(seed));
  return [
    Array.from({ length: n }, () => VALUE_MAX),
    Array.from({ length: n }, () => -VALUE_MAX),
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? VALUE_MAX : -VALUE_MAX)),
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -VALUE_MAX : VALUE_MAX)),
    Array.from({ length: n }, () => 0n),
    rng.vector(n),
  ];
}

function publicCases(n: number, seed: string): { accepted: string[][]; refused: RefusedCase[] } {
  const vectors = valueVectors(n, seed);
  const accepted = vectors.map((values) => str(packFeatures(values)));
  const base = packFeatures(vectors[5] as bigint[]);
  const words = base.length;
  const lanesOf = (w: number) => Math.min(VALUE_LANES, n - w * VALUE_LANES);
  const refused: RefusedCase[] = [];
  const domain = (what: string, w: number, lane: number, word: bigint) => {
    const list = [...base];
    list[w] = word;
    refused.push({ what, words: str(list), error: "domain", wordIndex: w, laneIndex: lane, word: word.toString() });
  };
  const laneMask = (1n << BigInt(VALUE_BITS)) - 1n;
  for (let w = 0; w < words; w++) {
    const lanes = lanesOf(w);
    const word = base[w] as bigint;
    const used = BigInt(lanes * VALUE_BITS);
    // a lane holding 0, the raw value -2^23: first lane, last lane, and the first of two such lanes
    const cleared = (lane: number) => word & ~(laneMask << BigInt(lane * VALUE_BITS));
    domain(`word ${w}: lane 0 holds -2^23`, w, 0, cleared(0));
    domain(`word ${w}: its last lane holds -2^23`, w, lanes - 1, cleared(lanes - 1));
    if (lanes > 2) domain(`word ${w}: lanes 1 and ${lanes - 1} hold -2^23`, w, 1, cleared(1) & cleared(lanes - 1));
    // bits above the last lane: the lowest, the highest a word below 2^252 can have, and the field modulus
    domain(`word ${w}: the bit just above its last lane`, w, lanes, word | (1n << used));
    domain(`word ${w}: bit 251 set`, w, lanes, word | (1n << 251n));
    domain(`word ${w}: the field modulus`, w, lanes, FIELD_MODULUS);
    domain(`word ${w}: all ones`, w, lanes, (1n << 256n) - 1n);
  }
  refused.push({
    what: "one word too few",
    words: str(base.slice(1)),
    error: "count",
    count: words - 1,
    expected: words,
  });
  refused.push({
    what: "one word too many",
    words: str([...base, 1n]),
    error: "count",
    count: words + 1,
    expected: words,
  });
  return { accepted, refused };
}

function committedCases(): { accepted: string[][]; refused: RefusedCase[] } {
  const domain = (what: string, word: bigint): RefusedCase => ({
    what,
    words: [word.toString()],
    error: "domain",
    wordIndex: 0,
    laneIndex: 0,
    word: word.toString(),
  });
  return {
    accepted: [["0"], ["1"], [(FIELD_MODULUS - 1n).toString()], [(1n << 253n).toString()]],
    refused: [
      domain("the field modulus", FIELD_MODULUS),
      domain("all ones", (1n << 256n) - 1n),
      { what: "no word", words: [], error: "count", count: 0, expected: 1 },
      { what: "two words", words: ["1", "2"], error: "count", count: 2, expected: 1 },
    ],
  };
}

export function buildInputLanesFixture(): InputLanesFixture {
  const circuits = CIRCUITS.map((c) => {
    const cases =
      c.mode === "public" ? publicCases(c.shape[0], `input-lanes/${c.family}/${c.shape.join("x")}`) : committedCases();
    return {
      family: FAMILY[c.family],
      mode: MODE[c.mode],
      shape: [...c.shape],
      acceptedCount: cases.accepted.length,
      accepted: cases.accepted,
      refusedCount: cases.refused.length,
      refused: cases.refused,
    };
  });
  return { circuitCount: circuits.length, circuits };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(INPUT_LANES_FIXTURE_PATH, `${JSON.stringify(buildInputLanesFixture(), null, 2)}\n`);
  console.log(`wrote ${INPUT_LANES_FIXTURE_PATH}`);
}
