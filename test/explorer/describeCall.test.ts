import { auditRegistryAbi, modelRegistryAbi } from "@symbiote/sdk";
import { encodeFunctionData } from "viem";
import { describe, expect, it } from "vitest";
import { describeCall } from "../../explorer/src/chain/governance.ts";

describe("describeCall", () => {
  it("decodes both calls of a flagging proposal that cites a proven audit", () => {
    const cite = encodeFunctionData({ abi: auditRegistryAbi, functionName: "audit", args: [2n, 1, 3n] });
    const flag = encodeFunctionData({
      abi: modelRegistryAbi,
      functionName: "flagVersion",
      args: [2n, 1, "ipfs://card#fairness"],
    });
    expect(describeCall(cite)).toBe("audit(2, 1, 3)");
    expect(describeCall(flag)).toBe('flagVersion(2, 1, "ipfs://card#fairness")');
  });

  it("names an unknown selector by its bytes", () => {
    expect(describeCall("0xdeadbeef00")).toBe("0xdeadbeef… (5 bytes, unknown function)");
  });
});
