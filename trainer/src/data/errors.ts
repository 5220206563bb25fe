import { FatalError } from "@symbiote/sdk";

/**
 * A dataset file cannot be used as it is: missing, empty, malformed, a missing or duplicated column, a value that is
 * not a number, a row of the wrong width. Retrying never helps; the file (or the command line naming it) must change.
 * `source` is the file path (or a label for in-memory text), `line` is 1-based when the problem is on one line.
 */
export class DatasetError extends FatalError {
  override name = "DatasetError";
  readonly source: string;
  readonly line: number | undefined;

  constructor(
    source: string,
    shortMessage: string,
    options: { line?: number; details?: string; cause?: unknown } = {},
  ) {
    const where = options.line === undefined ? source : `${source}:${options.line}`;
    super(`${where}: ${shortMessage}`, { details: options.details, cause: options.cause });
    this.source = source;
    this.line = options.line;
  }
}

/** A Merkle tree or proof was asked for something it cannot do (no leaves, a duplicate id, an unknown leaf). */
export class MerkleError extends FatalError {
  override name = "MerkleError";
}
