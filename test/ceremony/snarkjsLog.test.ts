import { describe, expect, it } from "vitest";
import { parseContributions } from "../../circuits/src/ceremony/snarkjsLog.ts";

const hashLines = (byte: string) =>
  Array.from({ length: 4 }, () => `\t\t${Array.from({ length: 4 }, () => byte.repeat(4)).join(" ")}`).join("\n");

describe("parseContributions()", () => {
  it("reads zkey verify's log, which lists the last contribution first, back into zkey order", () => {
    const lines = [
      "Circuit Hash: \n\t\t…",
      "-------------------------",
      `contribution #2 beacon drand:1:\n${hashLines("bb")}`,
      `Beacon generator: ${"cd".repeat(32)}`,
      "Beacon iterations Exp: 10",
      "-------------------------",
      `contribution #1 alice:\n${hashLines("aa")}`,
      "-------------------------",
      "ZKey Ok!",
    ];
    expect(parseContributions(lines)).toEqual([
      { index: 1, name: "alice", hash: "aa".repeat(64) },
      {
        index: 2,
        name: "beacon drand:1",
        hash: "bb".repeat(64),
        beacon: { value: "cd".repeat(32), iterationsExp: 10 },
      },
    ]);
  });
});
