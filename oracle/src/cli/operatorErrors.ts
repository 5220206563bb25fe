import { FatalError, RetryableError, RpcUnreachableError, SymbioteError, UnexpectedError } from "@symbiote/sdk";

/**
 * The errors `symbiote-oracle` reports for input a person must change, and the exit status of each kind. Every message
 * says what to do next; none carries a raw selector or a stack. Chain failures are explained by the SDK's
 * `explainError` (RpcUnreachableError, WrongChainError, InsufficientGasFundsError, InsufficientTokenBalanceError,
 * UnknownModelError, FeatureCountError, ProtocolRevertError), the one decoding the CLI and integrators share.
 */

/** A command, flag or argument is unknown, missing or malformed. The message shows the accepted form. */
export class UsageError extends FatalError {
  override name = "UsageError";
}

/** The deployment file names contracts that the chain behind the RPC endpoint does not have. */
export class DeploymentNotOnChainError extends FatalError {
  override name = "DeploymentNotOnChainError";
}

/** An operator command that needs a registered operator (`deregister`, `sync`) run for one that is not. */
export class OperatorNotRegisteredError extends FatalError {
  override name = "OperatorNotRegisteredError";
}

/** `sync` for an operator whose active stake is below the minimum: no sync makes it drawable, more stake does. */
export class OperatorStakeBelowMinimumError extends FatalError {
  override name = "OperatorStakeBelowMinimumError";
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
  if (error instanceof RetryableError || error instanceof RpcUnreachableError) return EXIT.unavailable;
  if (error instanceof SymbioteError) return EXIT.refused;
  return EXIT.internal;
}
