import { FatalError } from "@symbiote/sdk";

/**
 * Training cannot produce a usable model from what it was given: too few rows, a single class, no contribution
 * that improves on the baseline, weights outside the circuits' fixed-point range. The data or the options must
 * change; retrying the same command fails the same way.
 */
export class TrainingError extends FatalError {
  override name = "TrainingError";
}

/** A command-line option is missing, unknown or malformed. The message names the option and the accepted values. */
export class UsageError extends FatalError {
  override name = "UsageError";
}
