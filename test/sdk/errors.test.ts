/**
 * Revert data and failures decoded by the SDK: a protocol error by name with its arguments (also one raised by a
 * contract the call went through), never a raw selector unless no protocol contract declares it. Reverts from a real
 * chain are in test/sdk/actions.e2e.test.ts.
 */
import {
  DeploymentError,
  decodeRevertData,
  describeRevertData,
  explainError,
  formatRevert,
  modelRegistryAbi,
  RpcUnreachableError,
  stakingVaultAbi,
  UnexpectedError,
} from "@symbiote/sdk";
import { encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";

const operator = "0x00000000000000000000000000000000A11ce001";

describe("sdk error decoding", () => {
  it("decodes any protocol contract's error by name, strings quoted and addresses bare", () => {
    const flagged = encodeErrorResult({
      abi: modelRegistryAbi,
      errorName: "RegistryVersionFlagged",
      args: [2n, 1, "ipfs://flag/leaks-labels"],
    });
    expect(decodeRevertData(flagged)).toEqual({
      errorName: "RegistryVersionFlagged",
      args: [2n, 1, "ipfs://flag/leaks-labels"],
    });
    expect(describeRevertData(flagged)).toBe('RegistryVersionFlagged(2, 1, "ipfs://flag/leaks-labels")');
    const stake = encodeErrorResult({
      abi: stakingVaultAbi,
      errorName: "StakingInsufficientActiveStake",
      args: [operator, 5n, 2n],
    });
    const decoded = decodeRevertData(stake);
    if (!decoded) throw new Error("not decoded");
    expect(formatRevert(decoded)).toBe(`StakingInsufficientActiveStake(${operator}, 5, 2)`);
  });

  it("names what it cannot decode by its selector, and empty data as such", () => {
    expect(decodeRevertData("0x12345678")).toBeUndefined();
    expect(describeRevertData("0x12345678")).toBe("unknown error 0x12345678");
    expect(describeRevertData("0x")).toBe("no revert data");
  });

  it("explains a refused connection, passes its own errors through and wraps the unknown", () => {
    const refused = explainError(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { what: "stake" });
    expect(refused).toBeInstanceOf(RpcUnreachableError);
    expect(refused.message).toMatch(/^stake: the connection to the RPC endpoint failed/);
    const own = new DeploymentError("x.json has no address for DataRewards");
    expect(explainError(own, { what: "stake" })).toBe(own);
    const odd = explainError(new TypeError("boom"), { what: "stake" });
    expect(odd).toBeInstanceOf(UnexpectedError);
    expect(odd.cause).toBeInstanceOf(TypeError);
  });
});
