import { describe, expect, it } from "vitest";
import {
  normalizeBeaconValue,
  parseBeaconSource,
  recomputeInstructions,
} from "../../circuits/scripts/ceremony/beaconSource.ts";
import { parseVerifierAddresses } from "../../circuits/scripts/ceremony/proposal.ts";

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
  it("maps circuit ids to addresses and refuses a malformed pair", () => {
    const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    expect(parseVerifierAddresses([`classifier16-public=${address}`])).toEqual({ "classifier16-public": address });
    expect(() => parseVerifierAddresses(["classifier16-public"])).toThrow(/<circuit id>=<0x address>/);
  });
});
