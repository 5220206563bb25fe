import {
  type Abi,
  type Address,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatEther,
  type Hex,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  BaseError as ViemBaseError,
  WebSocketRequestError,
} from "viem";
import {
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  modelRegistryAbi,
  randomnessAbi,
  stakingVaultAbi,
  tokenAbi,
} from "../chain/abis.ts";
import { BaseError, FatalError } from "../errors.ts";
import {
  ChainRefusedError,
  InsufficientGasFundsError,
  InsufficientTokenBalanceError,
  RpcUnreachableError,
  UnexpectedError,
} from "./operatorErrors.ts";

type AbiError = Extract<Abi[number], { type: "error" }>;

/**
 * Every custom error a CLI transaction may revert with: a call reaches the coordinator, the registries, the vault and,
 * through them, the token (an `ERC20InsufficientBalance` from `transferFrom` inside `stake` or `deposit`). Decoding
 * against all of them names the error whichever contract raised it.
 */
const PROTOCOL_ERRORS: Abi = (() => {
  const seen = new Map<string, AbiError>();
  const abis = [
    coordinatorAbi,
    modelRegistryAbi,
    stakingVaultAbi,
    tokenAbi,
    dataRegistryAbi,
    dataRewardsAbi,
    randomnessAbi,
  ];
  for (const abi of abis) {
    for (const item of abi as Abi) {
      if (item.type !== "error") continue;
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (!seen.has(key)) seen.set(key, item);
    }
  }
  return [...seen.values()];
})();

/** What the CLI knows about the failing call: what it was doing, and for whom. */
export type FailureContext = {
  /** The action, as the message should name it: "stake", "approve", "requestInference". */
  what: string;
  /** The account that sent it (for the gas and token messages). */
  account?: Address;
  /** The account's ETH balance, when the caller could read it (the "no gas" message names it). */
  ethBalance?: bigint;
};

const show = (value: unknown): string =>
  typeof value === "bigint" ? value.toString() : typeof value === "string" ? value : JSON.stringify(value);

/** The revert's error name and arguments, decoded against every protocol ABI, or undefined if it is not a revert. */
export function decodedRevert(error: unknown): { errorName: string; args: readonly unknown[] } | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  if (revert.data?.errorName) return { errorName: revert.data.errorName, args: revert.data.args ?? [] };
  const raw = revert.raw as Hex | undefined;
  if (raw && raw.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: PROTOCOL_ERRORS, data: raw });
      return { errorName: decoded.errorName, args: decoded.args ?? [] };
    } catch {
      // not a protocol error: fall through to the reason, if the node gave one
    }
  }
  return { errorName: revert.reason ?? "", args: [] };
}

/**
 * The error a person reads for a failed chain call: transport trouble, an account without gas, the token's balance
 * error with both amounts, any other protocol error by name with its arguments. Errors the oracle already typed pass
 * through unchanged.
 */
export function explainError(error: unknown, context: FailureContext): BaseError {
  if (error instanceof BaseError) return error;
  if (!(error instanceof ViemBaseError)) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|fetch failed|ETIMEDOUT/i.test(message)) {
      return new RpcUnreachableError(
        `${context.what}: the connection to the RPC endpoint failed (${message}); check that the chain's node is running and rpc.http in the config, then run the command again.`,
        { cause: error },
      );
    }
    return new UnexpectedError(
      `${context.what} failed unexpectedly: ${message}; run it again with SYMBIOTE_DEBUG=1 and report the output.`,
      { cause: error },
    );
  }
  if (error.walk((e) => e instanceof InsufficientFundsError)) {
    const who = context.account ?? "the operator account";
    const held = context.ethBalance === undefined ? "too little ETH" : `${formatEther(context.ethBalance)} ETH`;
    return new InsufficientGasFundsError(
      `${context.what}: ${who} holds ${held}, not enough to pay for the transaction's gas; send ETH to ${who} and run the command again.`,
      { cause: error },
    );
  }
  if (
    error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError)
  ) {
    return new RpcUnreachableError(
      `${context.what}: the RPC endpoint did not answer (${error.shortMessage}); check that the chain's node is running and rpc.http in the config, then run the command again.`,
      { cause: error },
    );
  }
  const revert = decodedRevert(error);
  if (revert) return refusal(revert.errorName, revert.args, context, error);
  return new FatalError(`${context.what} failed: ${error.shortMessage}`, { cause: error });
}

/** A decoded revert as a typed error; the token's balance error gets both amounts in SYM. */
function refusal(errorName: string, args: readonly unknown[], context: FailureContext, cause: unknown): BaseError {
  if (errorName === "ERC20InsufficientBalance") {
    const [sender, balance, needed] = args as [Address, bigint, bigint];
    return new InsufficientTokenBalanceError(
      `${context.what}: ${sender} holds ${formatEther(balance)} SYM but this needs ${formatEther(needed)} SYM (ERC20InsufficientBalance); send it at least ${formatEther(needed - balance)} SYM more, or use a smaller amount.`,
      { cause },
    );
  }
  if (errorName === "") {
    return new ChainRefusedError(
      { errorName, args },
      `${context.what} was refused by the contract with an error none of the protocol's contracts declares; check that the deployment file matches the chain, then run the command again.`,
      { cause },
    );
  }
  const call = `${errorName}(${args.map(show).join(", ")})`;
  return new ChainRefusedError(
    { errorName, args },
    `${context.what} was refused by the contract: ${call}; see the error's NatSpec in contracts/interfaces for what it means, change the input or the account's state, and run the command again.`,
    { cause },
  );
}
