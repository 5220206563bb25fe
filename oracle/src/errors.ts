/**
 * The one error hierarchy of the oracle. Callers branch on the class, never on the message:
 * a {@link RetryableError} may succeed if the same operation is tried again later (RPC hiccup, nonce race),
 * a {@link FatalError} will fail the same way until an input, a key or the configuration changes.
 */

export type BaseErrorOptions = {
  /** Extra context for logs (values, paths, limits); never shown as the headline. */
  details?: string;
  /** The error that caused this one, kept for the stack trace. */
  cause?: unknown;
};

/** Root of every error the oracle throws on purpose. The message must say what to do next. */
export class BaseError extends Error {
  override name = "BaseError";
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** The operation may succeed unchanged if tried again (after a back-off). */
export class RetryableError extends BaseError {
  override name = "RetryableError";
}

/** Trying again without changing the input, artifact or configuration will fail the same way. */
export class FatalError extends BaseError {
  override name = "FatalError";
}
