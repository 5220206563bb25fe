import type { Abi, Account, Chain, Client, Hash, TransactionReceipt, Transport } from "viem";
import {
  estimateContractGas,
  getBalance,
  simulateContract,
  waitForTransactionReceipt,
  writeContract,
} from "viem/actions";
import { SymbioteError } from "../errors/base.ts";
import { explainError } from "../errors/explain.ts";
import { ProtocolRevertError } from "../errors/revert.ts";
import { protocolGasLimit } from "./gasLimit.ts";

/** A client that signs: viem's wallet client (or any client with an account). */
export type SigningClient = Client<Transport, Chain | undefined, Account>;

/** The account's ETH balance for the "no gas" message, when the RPC answers. */
async function ethBalanceOf(client: SigningClient): Promise<bigint | undefined> {
  return getBalance(client, { address: client.account.address }).catch(() => undefined);
}

/**
 * Simulates a protocol call (so a revert is decoded before anything is signed), sends it and waits for its receipt.
 * Every failure comes back explained: a {@link ProtocolRevertError} by name and arguments, no gas, no tokens, an
 * unreachable RPC.
 */
export async function sendProtocolCall(
  client: SigningClient,
  what: string,
  call: { address: `0x${string}`; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  try {
    const { request } = await simulateContract(client, { ...call, account: client.account } as never);
    // A call's gas can depend on the block it lands in (the staking vault's histories push a new entry in a new
    // second and rewrite the latest in place within one): the limit carries a margin and, for a call that writes
    // histories, what each entry can cost beyond the estimate (gasLimit.ts).
    const estimate = await estimateContractGas(client, request as never);
    const hash = await writeContract(client, {
      ...(request as object),
      gas: protocolGasLimit(estimate, call),
    } as never);
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== "success") {
      throw new ProtocolRevertError(
        { errorName: "", args: [] },
        `${what}: transaction ${hash} reverted on chain after its simulation passed (the state changed in between); try again.`,
      );
    }
    return { hash, receipt };
  } catch (error) {
    if (error instanceof SymbioteError) throw error;
    const explained = explainError(error, { what, account: client.account.address });
    if (explained.name !== "InsufficientGasFundsError") throw explained;
    throw explainError(error, { what, account: client.account.address, ethBalance: await ethBalanceOf(client) });
  }
}

/** Runs a read, explaining its failure (unreachable RPC, a revert by name) instead of passing viem's raw error. */
export async function protocolRead<result>(what: string, read: () => Promise<result>): Promise<result> {
  try {
    return await read();
  } catch (error) {
    throw explainError(error, { what });
  }
}
