/**
 * Extracts circomlib's Poseidon constants for the width the commitments use (t = 17: 16 inputs plus the
 * capacity element) into circuits/src/poseidonConstants.json (for the TypeScript hash) and
 * circuits/lib/poseidon17_constants.circom (for the circuits), so both use exactly circomlib's numbers while the
 * compiled circuits carry one width's constants instead of all sixteen. Run it again only if circomlib's
 * poseidon_constants.circom changes.
 *
 *   npx tsx circuits/src/build/poseidon-constants.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const WIDTH = 17;
const FULL_ROUNDS = 8;
// circomlib's N_ROUNDS_P for t = 17 (poseidon.circom)
const PARTIAL_ROUNDS = 68;

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve("circomlib/circuits/poseidon_constants.circom"), "utf8");

function constantsFor(fn: string): string[] {
  const start = source.indexOf(`function ${fn}(t)`);
  if (start < 0) throw new Error(`${fn} not found in poseidon_constants.circom: is circomlib installed?`);
  const end = source.indexOf("\nfunction ", start + 1);
  const body = source.slice(start, end < 0 ? undefined : end);
  const branch = body.search(new RegExp(`t\\s*==\\s*${WIDTH}\\)`));
  if (branch < 0) throw new Error(`${fn} has no branch for t = ${WIDTH}`);
  const next = body.indexOf("} else", branch);
  const block = body.slice(branch, next < 0 ? undefined : next);
  return (block.match(/0x[0-9a-fA-F]+/g) ?? []).map((hex) => BigInt(hex).toString(10));
}

function matrix(flat: string[]): string[][] {
  return Array.from({ length: WIDTH }, (_, i) => flat.slice(i * WIDTH, (i + 1) * WIDTH));
}

const C = constantsFor("POSEIDON_C");
const S = constantsFor("POSEIDON_S");
const M = constantsFor("POSEIDON_M");
const P = constantsFor("POSEIDON_P");
const expected = {
  C: WIDTH * FULL_ROUNDS + PARTIAL_ROUNDS,
  S: PARTIAL_ROUNDS * (2 * WIDTH - 1),
  M: WIDTH * WIDTH,
  P: WIDTH * WIDTH,
};
for (const [name, list] of Object.entries({ C, S, M, P })) {
  const want = expected[name as keyof typeof expected];
  if (list.length !== want)
    throw new Error(`POSEIDON_${name}(${WIDTH}): found ${list.length} constants, expected ${want}`);
}

const out = resolve(import.meta.dirname, "../poseidonConstants.json");
writeFileSync(
  out,
  `${JSON.stringify({ t: WIDTH, fullRounds: FULL_ROUNDS, partialRounds: PARTIAL_ROUNDS, C, S, M: matrix(M), P: matrix(P) })}\n`,
);
console.log(`wrote ${out}`);

const circomOut = resolve(import.meta.dirname, "../../lib/poseidon17_constants.circom");
const list = (values: string[], indent: string) => values.map((v) => `${indent}${v}`).join(",\n");
const rows = (flat: string[]) =>
  Array.from(
    { length: WIDTH },
    (_, i) => `        [\n${list(flat.slice(i * WIDTH, (i + 1) * WIDTH), "            ")}\n        ]`,
  ).join(",\n");
writeFileSync(
  circomOut,
  `pragma circom 2.1.9;

// Poseidon constants for width t = ${WIDTH} (${FULL_ROUNDS} full and ${PARTIAL_ROUNDS} partial rounds) in the optimized form,
// extracted from circomlib's poseidon_constants.circom by circuits/src/build/poseidon-constants.ts. Generated: do not edit.

function POSEIDON17_C() {
    return [
${list(C, "        ")}
    ];
}

function POSEIDON17_S() {
    return [
${list(S, "        ")}
    ];
}

function POSEIDON17_M() {
    return [
${rows(M)}
    ];
}

function POSEIDON17_P() {
    return [
${rows(P)}
    ];
}
`,
);
console.log(`wrote ${circomOut}`);
