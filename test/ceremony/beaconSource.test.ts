import { describe, expect, it } from "vitest";
import {
  normalizeBeaconValue,
  parseBeaconSource,
  recomputeInstructions,
} from "../../circuits/src/ceremony/beaconSource.ts";
import { parseVerifierAddresses } from "../../circuits/src/ceremony/proposal.ts";

describe("beacon sources", () => {
  it("parses a block of a chain and a drand round, and says how to fetch each value", () => {
    const block = parseBeaconSource("block:21000000@mainnet");
    expect(block).toEqual({ kind: "block", block: 21_000_000, chain: "mainnet" });
    expect(recomputeInstructions(block)).toContain("cast block 21000000 --field hash");
    const drand = parseBeaconSource("drand:5000000");
    expect(drand).toEqual({ kind: "drand", round: 5_000_000 });
    expect(recomputeInstructions(drand)).toContain("https://api.drand.sh/public/5000000");
  });

  it("refuses anything else with the accepted forms", () => {
    for (const bad of ["block:12", "drand:", "random", "block:x@mainnet"]) {
      expect(() => parseBeaconSource(bad)).toThrow(/block:<number>@<chain>.*drand:<round>/s);
    }
  });

  it("takes a 32-byte value with or without 0x, lowercased, and refuses other lengths", () => {
    expect(normalizeBeaconValue(`0x${"AB".repeat(32)}`)).toBe("ab".repeat(32));
    expect(() => normalizeBeaconValue("abcd")).toThrow(/32 bytes/);
  });
});

describe("--verifier", () => {
  it("maps each build to its address (a bare circuit id names the Groth16 build) and refuses a malformed pair", () => {
    const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const plonk = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    expect(parseVerifierAddresses([`classifier16-public=${address}`, `classifier16-public/plonk=${plonk}`])).toEqual({
      "classifier16-public/groth16": address,
      "classifier16-public/plonk": plonk,
    });
    expect(() => parseVerifierAddresses(["classifier16-public"])).toThrow(
      /<circuit id>\/<groth16 \| plonk>=<0x address>/,
    );
  });
});
