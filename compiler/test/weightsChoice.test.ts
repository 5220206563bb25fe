import { describe, expect, it } from "vitest";
import { chooseWeights, groth16DomainLog2 } from "../src/compile/weightsChoice.ts";

describe("chooseWeights (committed or baked weights by measured cost)", () => {
  it("sizes the Groth16 domain from constraints plus public signals plus one", () => {
    expect(groth16DomainLog2({ constraints: 16_383 - 7, publicSignals: 6 })).toBe(14);
    expect(groth16DomainLog2({ constraints: 16_384 - 7, publicSignals: 6 })).toBe(14);
    expect(groth16DomainLog2({ constraints: 16_384 - 6, publicSignals: 6 })).toBe(15);
  });

  it("bakes when that reaches a smaller domain, and says by how much", () => {
    const choice = chooseWeights({ constraints: 173_980, publicSignals: 6 }, { constraints: 9_000, publicSignals: 6 });
    expect(choice).toMatchObject({ mode: "baked", committedDomainLog2: 18, bakedDomainLog2: 14 });
    expect(choice.reason).toContain("16x");
  });

  it("keeps committed weights (one setup for every version) when the domain would not shrink", () => {
    const choice = chooseWeights({ constraints: 2_000, publicSignals: 7 }, { constraints: 1_100, publicSignals: 7 });
    expect(choice).toMatchObject({ mode: "committed", committedDomainLog2: 11, bakedDomainLog2: 11 });
  });
});
