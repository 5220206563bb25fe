import { FatalError, RetryableError } from "@symbiote/sdk";

/**
 * Errors of the chain side of data ownership: registering contributions, publishing a trained model version and
 * claiming or sweeping contributor rewards. Each names what to change; the CLI prints the message and exits 1.
 */

/** No private key to sign with: the environment variable that should hold it is unset or malformed. */
export class MissingKeyError extends FatalError {
  override name = "MissingKeyError";
}

/** The RPC endpoint serves another chain than the deployment (or the rewards file) was made for. */
export class WrongChainError extends FatalError {
  override name = "WrongChainError";
}

/** The registry has no model with this id. */
export class UnknownModelError extends FatalError {
  override name = "UnknownModelError";
}

/** The signing account may not publish versions of this model (not its owner, or a community model). */
export class NotModelOwnerError extends FatalError {
  override name = "NotModelOwnerError";
}

/** The signing account does not own the contribution it tries to change. */
export class NotContributionOwnerError extends FatalError {
  override name = "NotContributionOwnerError";
}

/**
 * The artifact does not hold together: its weights and salt do not open its weights commitment, its Merkle root does
 * not match its leaves, or its total weight is not their sum. It was edited or damaged; train again.
 */
export class ArtifactCommitmentMismatchError extends FatalError {
  override name = "ArtifactCommitmentMismatchError";
}

/**
 * A contribution the artifact was trained on is not what the DataRegistry holds: unknown id, or a dataset commitment
 * that differs from the one registered (the trainer was given the wrong `--ids` map or other files).
 */
export class ContributionMismatchError extends FatalError {
  override name = "ContributionMismatchError";
}

/** A version with these weights is already in the registry: publishing it again would split its fees. */
export class AlreadyPublishedError extends FatalError {
  override name = "AlreadyPublishedError";
  readonly modelId: bigint;
  readonly version: number;

  constructor(modelId: bigint, version: number, shortMessage: string) {
    super(shortMessage);
    this.modelId = modelId;
    this.version = version;
  }
}

/** No active circuit in the registry fits the artifact's family and shape in the requested input mode. */
export class NoMatchingCircuitError extends FatalError {
  override name = "NoMatchingCircuitError";
}

/** A rewards file is unreadable, of another format, or disagrees with the chain (another root, registry or chain). */
export class RewardsFileError extends FatalError {
  override name = "RewardsFileError";
}

/** The contribution has no leaf in this version's training data. */
export class UnknownLeafError extends FatalError {
  override name = "UnknownLeafError";
}

/** The leaf had no training consent for this model when the version was published: it can never claim. */
export class NoTrainingConsentError extends FatalError {
  override name = "NoTrainingConsentError";
}

/** The leaf had training consent at publication: its rewards are its owner's and cannot be swept. */
export class TrainingConsentedError extends FatalError {
  override name = "TrainingConsentedError";
}

/** Everything the leaf has accrued was already paid out; more comes as the version earns fees. */
export class NothingToClaimError extends FatalError {
  override name = "NothingToClaimError";
}

/** The version was published in the latest block: consent at publication is final one block later. */
export class ConsentNotFinalError extends RetryableError {
  override name = "ConsentNotFinalError";
}
