import { readFile } from "node:fs/promises";
import { assertFieldElement, unpackFeatures } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { buildInputLanesFixture, INPUT_LANES_FIXTURE_PATH, type InputLanesFixture } from "./inputLanesFixture.ts";

/**
 * Whether a node refuses a word list the way it reads a request's input words: unpacked (public mode) or as one
 * commitment (committed mode).
 */
function nodeRefuses(circuit: InputLanesFixture["circuits"][number], words: readonly string[]): boolean {
  const values = words.map(BigInt);
  try {
    if (circuit.mode === 0) unpackFeatures(values, circuit.shape[0] as number);
    else if (values.length !== 1) return true;
    else assertFieldElement(values[0] as bigint, "input commitment");
    return false;
  } catch {
    return true;
  }
}

describe("input-lanes fixture (ModelRegistry.checkInputWords' forge tests)", () => {
  it("matches what the TypeScript packer builds today (regenerate with `tsx test/circuits/inputLanesFixture.ts`)", async () => {
    const committed = JSON.parse(await readFile(INPUT_LANES_FIXTURE_PATH, "utf8")) as InputLanesFixture;
    expect(committed).toEqual(buildInputLanesFixture());
  });

  it("TypeScript reads back every word list the registry accepts and refuses every one it refuses", () => {
    const fixture = buildInputLanesFixture();
    for (const circuit of fixture.circuits) {
      for (const words of circuit.accepted) expect(nodeRefuses(circuit, words)).toBe(false);
      for (const refused of circuit.refused) {
        expect({ case: refused.what, refused: nodeRefuses(circuit, refused.words) }).toEqual({
          case: refused.what,
          refused: true,
        });
      }
    }
  });
});
