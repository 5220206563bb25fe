/**
 * The demo's connection to its chain: a public client, a wallet per actor, and `send`, which simulates a call first
 * so that a revert is reported by the contract's own error (with its arguments) before anything is signed.
 */

import type { Deployment } from "@symbiote/circuits";
import {
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  governorAbi,
  historyGasAllowance,
  modelRegistryAbi,
  stakingVaultAbi,
  timelockAbi,
  tokenAbi,
} from "@symbiote/sdk";
import {
  type Abi,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  type TransactionReceipt,
  BaseError as ViemBaseError,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import type { Actor } from "./actors.ts";
import { DemoError } from "./errors.ts";

/** Every custom error of the protocol: a revert that bubbles up from the registry through the coordinator decodes. */
const PROTOCOL_ERRORS = [
  coordinatorAbi,
  modelRegistryAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  stakingVaultAbi,
  tokenAbi,
  governorAbi,
  timelockAbi,
]
  .flat()
  .filter((item) => item.type === "error") as Abi;

/** Gas sent with a transaction, in percent of its estimate. */
const GAS_HEADROOM_PERCENT = 130n;

export type ContractCall = {
  address: `0x${string}`;
  abi: Abi | readonly unknown[];
  functionName: string;
  args?: unknown[];
};

/** A decoded revert: the custom error's name and its arguments. */
export type Revert = { errorName: string; args: readonly unknown[] };

/** The decoded custom error of a failed call, if it was a contract revert viem could decode. */
export function revertOf(error: unknown): Revert | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError) || !revert.data) return undefined;
  return { errorName: revert.data.errorName, args: revert.data.args ?? [] };
}

/** Renders a revert as Solidity would write it: `RegistryVersionFlagged(4, 1, "…")`. */
export function formatRevert(revert: Revert): string {
  const args = revert.args.map((a) => (typeof a === "string" && !a.startsWith("0x") ? JSON.stringify(a) : String(a)));
  return `${revert.errorName}(${args.join(", ")})`;
}

export type DemoChain = ReturnType<typeof connectChain>;

/** Clients for `url` and the deployment the demo acts on. */
export function connectChain(url: string, deployment: Deployment) {
  const publicClient = createPublicClient({ chain: foundry, transport: http(url), pollingInterval: 250 });
  const wallet = (actor: Actor) =>
    createWalletClient({ chain: foundry, transport: http(url), account: privateKeyToAccount(actor.key) });
  const withErrors = (call: ContractCall) => ({ ...call, abi: [...(call.abi as Abi), ...PROTOCOL_ERRORS] });

  /**
   * Sends `call` from `actor` and waits for its receipt.
   *
   * @throws {DemoError} the call reverts (named by its custom error) or the transaction fails.
   */
  async function send(actor: Actor, call: ContractCall, what: string): Promise<TransactionReceipt> {
    let request: unknown;
    try {
      ({ request } = await publicClient.simulateContract({
        ...withErrors(call),
        account: privateKeyToAccount(actor.key),
      } as never));
    } catch (error) {
      const revert = revertOf(error);
      throw new DemoError(
        `${what} (from the ${actor.name}) was refused${revert ? `: ${formatRevert(revert)}` : ""}; the demo cannot go on.`,
        { cause: error, details: revert ? undefined : (error as Error).message },
      );
    }
    // Gas with headroom: the estimate is made against the latest block, and the transaction lands in a later one. Under
    // load a block boundary fell between the two in a price-feed update, and a transaction sent with the bare estimate
    // ran out of gas (the mock has no other way to revert).
    const estimate = await publicClient.estimateContractGas({
      ...withErrors(call),
      account: privateKeyToAccount(actor.key),
    } as never);
    // and what the staking vault's histories can cost beyond the estimate when the block lands a second later
    // (another actor's stake written in the estimate's second is rewritten in place there, pushed anew here)
    const gas = (estimate * GAS_HEADROOM_PERCENT) / 100n + historyGasAllowance(call);
    const hash = await wallet(actor).writeContract({ ...(request as object), gas } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new DemoError(`${what}: transaction ${hash} reverted.`);
    return receipt;
  }

  /** Simulates `call` from `actor` and returns the revert it meets, or undefined if it would succeed. */
  async function refusalOf(actor: Actor, call: ContractCall): Promise<Revert | undefined> {
    try {
      await publicClient.simulateContract({ ...withErrors(call), account: privateKeyToAccount(actor.key) } as never);
      return undefined;
    } catch (error) {
      const revert = revertOf(error);
      if (!revert) throw error;
      return revert;
    }
  }

  /** Reads a view function (the ABI may be a forge artifact's, hence the loose typing). */
  async function read<T>(call: ContractCall): Promise<T> {
    return (await publicClient.readContract(call as never)) as T;
  }

  return { url, deployment, publicClient, wallet, send, refusalOf, read };
}
