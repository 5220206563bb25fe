import { FatalError } from "@symbiote/sdk";
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";

/**
 * Whom a model's weights were handed over for, as the weights file records it. The registry refuses a weights
 * commitment published before, but the first publication can be front-run: a stranger who copies the owner's pending
 * `registerModel` from the mempool registers the commitment first, under a model of its own. An operator that matched
 * weights by commitment alone would then prove the stranger's model with the owner's weights, and the stranger would
 * earn the owner's and the contributors' shares. The file's `publisher` (the model owner's address, known before
 * registration) lets the operator tell the owner's version from such a copy.
 */
export type WeightsBinding = {
  /** The address that publishes these weights, the model's owner; undefined for a file that names none. */
  publisher: Address | undefined;
  /** The training data the weights were trained on, when the file records it (a trainer artifact's `trainingData`). */
  trainingData: { root: Hex; totalWeight: bigint } | undefined;
};

/** A weights file bound to another publisher than the one it is being imported or published for. */
export class PublisherMismatchError extends FatalError {
  override name = "PublisherMismatchError";
}

/**
 * The binding a weights file records: its top-level `publisher`, and a trainer artifact's training-data root and total
 * weight. A file without `publisher` is unbound (written before publishers were recorded, or without one given).
 *
 * @throws {FatalError} `publisher` is present but not an address, or the training data is malformed.
 */
export function weightsBindingOf(json: unknown, source: string): WeightsBinding {
  const file = (typeof json === "object" && json !== null ? json : {}) as {
    publisher?: unknown;
    trainingData?: { merkleRoot?: unknown; totalWeight?: unknown };
  };
  let publisher: Address | undefined;
  if (file.publisher !== undefined) {
    if (typeof file.publisher !== "string" || !isAddress(file.publisher, { strict: false })) {
      throw new FatalError(
        `${source}: "publisher" is not an address (${JSON.stringify(file.publisher)}); ask the model owner for the file it handed over, unedited.`,
      );
    }
    publisher = getAddress(file.publisher);
  }
  let trainingData: WeightsBinding["trainingData"];
  const { merkleRoot, totalWeight } = file.trainingData ?? {};
  if (merkleRoot !== undefined || totalWeight !== undefined) {
    const weight = typeof totalWeight === "string" && /^\d+$/.test(totalWeight) ? BigInt(totalWeight) : undefined;
    if (typeof merkleRoot !== "string" || !isHex(merkleRoot) || merkleRoot.length !== 66 || weight === undefined) {
      throw new FatalError(
        `${source}: "trainingData" has no 32-byte merkleRoot and decimal totalWeight; use the artifact \`trainer train\` wrote, unedited.`,
      );
    }
    trainingData = { root: merkleRoot.toLowerCase() as Hex, totalWeight: weight };
  }
  return { publisher, trainingData };
}

/**
 * `json` with `publisher` recorded: the same object when the file already names that publisher, a copy with it added
 * when the file names none.
 *
 * @throws {PublisherMismatchError} the file names another publisher: it was handed over for someone else's model.
 */
export function bindPublisher<T>(json: T, publisher: Address, source: string): T {
  const bound = weightsBindingOf(json, source).publisher;
  if (bound === undefined) return { ...(json as object), publisher: getAddress(publisher) } as T;
  if (bound !== getAddress(publisher)) {
    throw new PublisherMismatchError(
      `${source} was handed over for publisher ${bound}, not ${getAddress(publisher)}; a file bound to one publisher is never rebound to another. Ask ${getAddress(publisher)} for its own file.`,
    );
  }
  return json;
}
