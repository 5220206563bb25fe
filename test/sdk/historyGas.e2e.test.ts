/**
 * A staking call estimated in one second and mined in the next, on a real devnet: the estimate rewrites the vault's
 * history entries in place (another operator wrote them in the estimate's second), the mined transaction pushes new
 * ones. Anvil's clock is frozen (every block in one second) and a wallet's transport moves the block that mines its
 * transaction one second on, so the case is exact, not a race. The SDK's gas limit must carry the transaction
 * through; the test also shows that the estimate with the former margin (a fifth) would have run out.
 */
import { KEYS, type LocalProtocol, rpc, startLocalProtocol } from "@symbiote/devnet";
import { historyGasAllowance, protocolGasLimit, registerOperator, stakingVaultAbi } from "@symbiote/sdk";
import { createWalletClient, custom, type Hex, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FIRST = KEYS[6];
const SECOND = KEYS[7];
const OPERATOR_STAKE = parseEther("2000");

let chain: LocalProtocol;

/** A wallet whose every transaction is mined one second after the latest block. */
function walletMinedASecondLater(key: Hex) {
  const url = chain.anvil.url;
  const base = http(url)({ chain: foundry });
  const transport = custom({
    async request({ method, params }) {
      if (method === "eth_sendRawTransaction") {
        const latest = await chain.p.publicClient.getBlock();
        await rpc(url, "evm_setNextBlockTimestamp", [Number(latest.timestamp) + 1]);
      }
      return base.request({ method, params });
    },
  });
  return createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport, pollingInterval: 100 });
}

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-history-gas");
}, 600_000);

afterAll(async () => {
  await chain?.stop();
});

describe("gas limits of calls that write the vault's histories", () => {
  it("registers an operator whose estimate was made in the second of another's registration", async () => {
    const { deployment, p } = chain;
    // from here every block is mined in the same second, until a transaction is moved to the next
    await rpc(chain.anvil.url, "anvil_setBlockTimestampInterval", [0]);
    await p.fundAndStake(FIRST, OPERATOR_STAKE);
    await registerOperator(p.wallet(FIRST), { deployment, endpoint: "http://127.0.0.1:1" });
    await p.fundAndStake(SECOND, OPERATOR_STAKE);
    const second = walletMinedASecondLater(SECOND);

    const call = {
      address: deployment.vault,
      abi: stakingVaultAbi,
      functionName: "registerOperator",
      args: ["http://127.0.0.1:2", second.account.publicKey],
    } as const;
    const sameSecond = await p.publicClient.estimateContractGas({ ...call, account: second.account });
    const { transactionHash } = await registerOperator(second, { deployment, endpoint: "http://127.0.0.1:2" });
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash: transactionHash });

    expect(receipt.status).toBe("success");
    const [estimateBlock, minedBlock] = await Promise.all([
      p.publicClient.getBlock({ blockNumber: receipt.blockNumber - 1n }),
      p.publicClient.getBlock({ blockNumber: receipt.blockNumber }),
    ]);
    expect(minedBlock.timestamp).toBe(estimateBlock.timestamp + 1n);
    // the case is real: the former limit (the estimate and a fifth) is below what the transaction used
    expect(receipt.gasUsed).toBeGreaterThan(sameSecond + sameSecond / 5n);
    expect(receipt.gasUsed).toBeLessThanOrEqual(protocolGasLimit(sameSecond, call));
    const info = await p.publicClient.readContract({
      address: deployment.vault,
      abi: stakingVaultAbi,
      functionName: "operatorInfo",
      args: [second.account.address],
    });
    expect(info.registered).toBe(true);
  }, 120_000);

  it("allows for every entry a call can push, and nothing for calls that push none", () => {
    expect(historyGasAllowance({ functionName: "registerOperator" })).toBe(11n * 25_000n);
    expect(historyGasAllowance({ functionName: "stake", args: [1n] })).toBe(12n * 25_000n);
    expect(historyGasAllowance({ functionName: "declareServedVersions", args: [[1n, 2n, 3n], [1, 1, 2], true] })).toBe(
      3n * 25_000n,
    );
    expect(historyGasAllowance({ functionName: "cancelExpired", args: [[{}, {}]] })).toBe(2n * 12n * 25_000n);
    expect(historyGasAllowance({ functionName: "requestInference", args: [{}] })).toBe(0n);
    expect(historyGasAllowance({ functionName: "fulfill" })).toBe(0n);
    expect(protocolGasLimit(100_000n, { functionName: "fulfill" })).toBe(120_000n);
  });
});
