import type { Deployment } from "@symbiote/circuits";
import { type BaseError, classifyRpcError, FatalError, revertName } from "@symbiote/sdk";
import type { Account, Chain, PublicClient, TransactionReceipt, Transport, WalletClient } from "viem";
import { WrongChainError } from "./rewardErrors.ts";

/** What the data-ownership actions need: a reader, a signer, and the deployment they act on. */
export type ChainAccess = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
};

/**
 * Refuses to act when the RPC endpoint serves another chain than the deployment was made on: a transaction signed for
 * the wrong chain would fail at best, and hit an unrelated contract at the same address at worst.
 *
 * @throws {WrongChainError} the chain ids differ.
 */
export async function assertDeploymentChain(access: Pick<ChainAccess, "publicClient" | "deployment">): Promise<void> {
  let chainId: number;
  try {
    chainId = await access.publicClient.getChainId();
  } catch (error) {
    throw classifyRpcError(error, "reading the chain id");
  }
  if (chainId !== access.deployment.chainId) {
    throw new WrongChainError(
      `the RPC endpoint serves chain ${chainId} but the deployment is on chain ${access.deployment.chainId}; point --rpc at a node of chain ${access.deployment.chainId} or --deployment at deployments/${chainId}.json.`,
    );
  }
}

/** A contract call as viem's `simulateContract` takes it (abi, address, function name and arguments). */
export type ContractCall = {
  address: `0x${string}`;
  abi: readonly unknown[];
  functionName: string;
  args: readonly unknown[];
};

/**
 * Simulates a call (so a revert is reported by its custom error's name before anything is signed), sends it, and waits
 * for its receipt. `refusal` turns a known revert name into the caller's typed error.
 *
 * @throws the typed error `refusal` returns, or a {@link FatalError} / retryable error from the RPC classification.
 */
export async function sendContract(
  access: ChainAccess,
  call: ContractCall,
  what: string,
  refusal: (errorName: string) => BaseError | undefined = () => undefined,
): Promise<TransactionReceipt> {
  const { publicClient, walletClient } = access;
  let request: unknown;
  try {
    ({ request } = await publicClient.simulateContract({ ...call, account: walletClient.account } as never));
  } catch (error) {
    const name = revertName(error);
    const typed = name === undefined ? undefined : refusal(name);
    throw typed ?? classifyRpcError(error, what);
  }
  try {
    const hash = await walletClient.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      throw new FatalError(`${what}: transaction ${hash} reverted although its simulation passed; run it again.`);
    }
    return receipt;
  } catch (error) {
    throw classifyRpcError(error, what);
  }
}
