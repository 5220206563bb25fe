/**
 * The root of every error the SDK throws on purpose, in viem's manner: a short message that says what to do next,
 * optional details (values, limits) and the cause. Callers branch on the subclass, never on the message.
 */

export type SymbioteErrorOptions = {
  /** Extra context (values, paths, limits); appended to the message, never its headline. */
  details?: string;
  /** The error that caused this one, kept for the stack trace. */
  cause?: unknown;
};

/** Base of the SDK's errors (and of the operator node's, which extend it). */
export class SymbioteError extends Error {
  override name = "SymbioteError";
  /** The headline alone, without details. */
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: SymbioteErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }

  /** This error or the first error down its `cause` chain that `predicate` accepts. */
  walk(predicate: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    while (current !== undefined && current !== null) {
      if (predicate(current)) return current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return undefined;
  }
}

/**
 * A value cannot be encoded for, or decoded from, a circuit: out of the fixed-point range, not a field element, the
 * wrong number of values or words.
 */
export class EncodingError extends SymbioteError {
  override name = "EncodingError";
}

/** A deployment file does not describe the protocol on the expected chain. */
export class DeploymentError extends SymbioteError {
  override name = "DeploymentError";
}
