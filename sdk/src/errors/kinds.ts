import { SymbioteError } from "./base.ts";

/**
 * The one error hierarchy of the operator node, the trainer and the circuits. Callers branch on the class, never on
 * the message:
 * a {@link RetryableError} may succeed if the same operation is tried again later (RPC hiccup, nonce race),
 * a {@link FatalError} will fail the same way until an input, a key or the configuration changes.
 */

/**
 * Root of every error the node, the trainer and the circuits throw on purpose. The message must say what to do next.
 * It extends {@link SymbioteError}, so one `instanceof SymbioteError` recognises their errors and the SDK's alike.
 */
export class BaseError extends SymbioteError {
  override name = "BaseError";
}

/** The operation may succeed unchanged if tried again (after a back-off). */
export class RetryableError extends BaseError {
  override name = "RetryableError";
}

/** Trying again without changing the input, artifact or configuration will fail the same way. */
export class FatalError extends BaseError {
  override name = "FatalError";
}
