import { BaseError, FatalError, RetryableError } from "../errors.ts";

/**
 * The errors `symbiote-oracle` reports for input a person must change, and the exit status of each kind. Every message
 * says what to do next; none carries a raw selector or a stack.
 */

/** A command, flag or argument is unknown, missing or malformed. The message shows the accepted form. */
export class UsageError extends FatalError {
  override name = "UsageError";
}

/** No configured RPC endpoint answered; the same command may work once the endpoint is back. */
export class RpcUnreachableError extends RetryableError {
  override name = "RpcUnreachableError";
}

/** The RPC endpoint serves another chain than the config's `chainId`. */
export class WrongChainError extends FatalError {
  override name = "WrongChainError";
}

/** The deployment file names contracts that the chain behind the RPC endpoint does not have. */
export class DeploymentNotOnChainError extends FatalError {
  override name = "DeploymentNotOnChainError";
}

/** The account cannot pay for a transaction's gas. */
export class InsufficientGasFundsError extends FatalError {
  override name = "InsufficientGasFundsError";
}

/** The account holds fewer tokens than the command moves (the token's `ERC20InsufficientBalance`). */
export class InsufficientTokenBalanceError extends FatalError {
  override name = "InsufficientTokenBalanceError";
}

/** A contract refused the transaction; the message names the decoded error and its arguments. */
export class ChainRefusedError extends FatalError {
  override name = "ChainRefusedError";
  /** The custom error's name ("" when no protocol contract declares it). */
  readonly errorName: string;
  /** Its decoded arguments. */
  readonly args: readonly unknown[];

  constructor(
    revert: { errorName: string; args: readonly unknown[] },
    shortMessage: string,
    options: ConstructorParameters<typeof FatalError>[1] = {},
  ) {
    super(shortMessage, options);
    this.errorName = revert.errorName;
    this.args = revert.args;
  }
}

/** The registry has no model with this id. */
export class UnknownModelError extends FatalError {
  override name = "UnknownModelError";
}

/** A request's feature list does not have the length the model's circuit takes. */
export class FeatureCountError extends FatalError {
  override name = "FeatureCountError";
}

/** A failure the CLI did not anticipate (a bug): reported by its message, the stack only with SYMBIOTE_DEBUG=1. */
export class UnexpectedError extends BaseError {
  override name = "UnexpectedError";
}

/**
 * Exit statuses, documented in docs/operator.md ("Exit statuses"). A script can tell "fix the input" (1, 2) from
 * "try again later" (3) without reading the message.
 */
export const EXIT = {
  ok: 0,
  /** Refused: the config, the key, the store, an argument's value or the chain's state must change. */
  refused: 1,
  /** Usage: unknown command, missing or malformed argument. */
  usage: 2,
  /** Unavailable: no RPC endpoint answered (or an artifact gateway); the same command may succeed later. */
  unavailable: 3,
  /** A failure the CLI did not anticipate: a bug to report (run with SYMBIOTE_DEBUG=1 for the stack). */
  internal: 70,
} as const;

/** The exit status for an error the CLI reports. */
export function exitStatusOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof UnexpectedError) return EXIT.internal;
  if (error instanceof RetryableError) return EXIT.unavailable;
  if (error instanceof BaseError) return EXIT.refused;
  return EXIT.internal;
}
