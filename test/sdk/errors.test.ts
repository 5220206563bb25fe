/**
 * Revert data and failures decoded by the SDK: a protocol error by name with its arguments (also one raised by a
 * contract the call went through), never a raw selector unless no protocol contract declares it. Reverts from a real
 * chain are in test/sdk/actions.e2e.test.ts.
 */
import {
  DeploymentError,
  declareServedVersions,
  decodeRevertData,
  describeRevertData,
  EncodingError,
  explainError,
  formatRevert,
  modelRegistryAbi,
  RpcUnreachableError,
  registerInputCommitments,
  stakingVaultAbi,
  UnexpectedError,
  WrongChainError,
} from "@symbiote/sdk";
import { ChainMismatchError, createWalletClient, encodeErrorResult, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anvil } from "viem/chains";
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

  it("words every wrong chain the same way, from the ids, with the caller's fix", () => {
    const wrong = new WrongChainError({
      expected: 31337,
      actual: 1,
      endpoint: "the RPC endpoint http://node:8545",
      source: "the deployment deployments/31337.json",
      fix: "pass --rpc for chain 31337",
    });
    expect(wrong.message).toBe(
      "the RPC endpoint http://node:8545 serves chain 1, but the deployment deployments/31337.json is on chain 31337; pass --rpc for chain 31337.",
    );
    expect([wrong.expected, wrong.actual]).toEqual([31337, 1]);
  });

  it("explains viem's chain mismatch as a WrongChainError with both chain ids", () => {
    const mismatch = new ChainMismatchError({ chain: anvil, currentChainId: 1 });
    const explained = explainError(mismatch, { what: "stake" });
    expect(explained).toBeInstanceOf(WrongChainError);
    expect([(explained as WrongChainError).expected, (explained as WrongChainError).actual]).toEqual([31337, 1]);
    expect(explained.message).toMatch(/^stake: the RPC endpoint serves chain 1, but the client is on chain 31337; /);
  });
});

describe("sdk actions refuse an empty batch before sending anything", () => {
  // an endpoint nobody listens on: the refusal must come before any RPC, so no transaction (and no gas) is spent
  const client = createWalletClient({
    chain: anvil,
    transport: http("http://127.0.0.1:9"),
    account: privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
  });
  const deployment = {
    vault: "0x0000000000000000000000000000000000000001",
    dataRegistry: "0x0000000000000000000000000000000000000002",
  } as const;

  it("declareServedVersions needs at least one version", async () => {
    await expect(declareServedVersions(client, { deployment, versions: [] })).rejects.toThrow(
      /at least one \{ modelId, version \}/,
    );
  });

  it("registerInputCommitments needs at least one commitment", async () => {
    await expect(registerInputCommitments(client, { deployment, commitments: [] })).rejects.toBeInstanceOf(
      EncodingError,
    );
  });
});
