import {
  type Address,
  ChainMismatchError,
  formatEther,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  BaseError as ViemBaseError,
  WebSocketRequestError,
} from "viem";
import {
  InsufficientGasFundsError,
  InsufficientTokenBalanceError,
  RpcUnreachableError,
  UnexpectedError,
  UnknownModelError,
  WrongChainError,
} from "./actionable.ts";
import { SymbioteError } from "./base.ts";
import { type DecodedRevert, decodeProtocolRevert, formatRevert, ProtocolRevertError } from "./revert.ts";

/** What the caller knows about the failing call: what it was doing, and for whom. */
export type FailureContext = {
  /** The action, as the message should name it: "stake", "approve", "requestInference". */
  what: string;
  /** The account that sent it (for the gas and token messages). */
  account?: Address;
  /** The account's ETH balance, when the caller could read it (the "no gas" message names it). */
  ethBalance?: bigint;
};

const show = (value: unknown): string => (typeof value === "bigint" ? value.toString() : String(value));

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|fetch failed|ETIMEDOUT/i;

/**
 * The error a person reads for a failed chain call: transport trouble, an account without gas, the token's balance
 * error with both amounts, any other protocol error by name with its arguments. A {@link SymbioteError} passes
 * through unchanged.
 *
 * @example
 * try { await stake(client, { deployment, amount }) } catch (error) { throw explainError(error, { what: "stake" }) }
 */
export function explainError(error: unknown, context: FailureContext): SymbioteError {
  if (error instanceof SymbioteError) return error;
  if (!(error instanceof ViemBaseError)) {
    const message = error instanceof Error ? error.message : String(error);
    if (UNREACHABLE.test(message)) {
      return new RpcUnreachableError(
        `${context.what}: the connection to the RPC endpoint failed (${message}); check that the chain's node is running and the RPC URL, then try again.`,
        { cause: error },
      );
    }
    return new UnexpectedError(`${context.what} failed unexpectedly: ${message}`, { cause: error });
  }
  const mismatch = error.walk((e) => e instanceof ChainMismatchError);
  if (mismatch instanceof ChainMismatchError) {
    // viem names both ids only in its message: "… wallet (id: 1) does not match the target chain … (id: 31337 – …"
    const ids = /\(id: (\d+)\).*?\(id: (\d+)/.exec(mismatch.shortMessage);
    return new WrongChainError({
      expected: ids ? Number(ids[2]) : undefined,
      actual: ids ? Number(ids[1]) : undefined,
      endpoint: `${context.what}: the RPC endpoint`,
      source: "the client",
      fix: "point the transport at an RPC node of the deployment's chain, or create the client with that chain",
      cause: error,
    });
  }
  if (error.walk((e) => e instanceof InsufficientFundsError)) {
    const who = context.account ?? "the sending account";
    const held = context.ethBalance === undefined ? "too little ETH" : `${formatEther(context.ethBalance)} ETH`;
    return new InsufficientGasFundsError(
      `${context.what}: ${who} holds ${held}, not enough to pay for the transaction's gas; send ETH to ${who} and try again.`,
      { cause: error },
    );
  }
  if (
    error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError)
  ) {
    return new RpcUnreachableError(
      `${context.what}: the RPC endpoint did not answer (${error.shortMessage}); check that the chain's node is running and the RPC URL, then try again.`,
      { cause: error },
    );
  }
  const revert = decodeProtocolRevert(error);
  if (revert) return refusal(revert, context, error);
  return new UnexpectedError(`${context.what} failed: ${error.shortMessage}`, { cause: error });
}

/** A decoded revert as a typed error; the token's balance error gets both amounts. */
function refusal(revert: DecodedRevert, context: FailureContext, cause: unknown): SymbioteError {
  if (revert.errorName === "ERC20InsufficientBalance") {
    const [sender, balance, needed] = revert.args as [Address, bigint, bigint];
    return new InsufficientTokenBalanceError(
      `${context.what}: ${sender} holds ${formatEther(balance)} SYM but this needs ${formatEther(needed)} SYM (ERC20InsufficientBalance); send it at least ${formatEther(needed - balance)} SYM more, or use a smaller amount.`,
      { cause },
    );
  }
  if (revert.errorName === "RegistryUnknownModel") {
    return new UnknownModelError(
      `${context.what}: model ${show(revert.args[0])} is not registered (RegistryUnknownModel); check the model id (the registry's modelCount() is the highest) and that the deployment file is this chain's.`,
      { cause },
    );
  }
  if (revert.errorName === "") {
    return new ProtocolRevertError(
      revert,
      `${context.what} was refused by the contract with an error none of the protocol's contracts declares; check that the deployment file matches the chain, then try again.`,
      { cause },
    );
  }
  return new ProtocolRevertError(
    revert,
    `${context.what} was refused by the contract: ${formatRevert(revert)}; see the error's NatSpec in contracts/interfaces for what it means, change the input or the account's state, and try again.`,
    { cause },
  );
}
