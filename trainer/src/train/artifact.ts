import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type {
  ClassifierModel,
  MlpModel as QuantizedMlp,
  RecommenderModel as QuantizedRecommender,
} from "@symbiote/circuits";
import type { ModelCard } from "@symbiote/sdk";
import { cardHashOf, FatalError, ipfsCardUri } from "@symbiote/sdk";
import type { Address, Hex } from "viem";
import type { QuantizedModel } from "./quantize.ts";

/** Format tag and version of a model artifact; any incompatible change bumps the version (see docs/training.md). */
export const ARTIFACT_FORMAT = "symbiote.model-artifact";
/** Version 2: the MLP's parameters and the recommender's item table are stored in the compact weight format. */
export const ARTIFACT_VERSION = 2;

/** Integers beyond 2^53 (quantized values, weights, salts) are written as decimal strings. */
type Int = string;
type Stringified<T> = T extends bigint
  ? Int
  : T extends (infer U)[]
    ? Stringified<U>[]
    : { [K in keyof T]: Stringified<T[K]> };

/**
 * A trained model version, everything the registry, the oracle and the contributors need. It holds the weights and
 * the commitment salt, so it is the model owner's private file; the `modelCard` inside it (also written alone next
 * to it) is the public part.
 */
export type ModelArtifact = {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly version: typeof ARTIFACT_VERSION;
  readonly name: string;
  readonly family: QuantizedModel["family"];
  readonly shape: { inputs: number; hidden?: number; outputs: number; items?: number; topK?: number };
  /** Input column names (classifier, MLP) or embedding coordinates (recommender). */
  readonly features: readonly string[];
  readonly label: string | null;
  readonly sensitive: string | null;
  /** Values (features, embeddings, classifier weights); `weights` is the compact format of MLP and recommender parameters. */
  readonly fixedPoint: {
    fracBits: number;
    scale: Int;
    valueBits: number;
    signed: true;
    weights: { fracBits: number; bits: number } | null;
  };
  /** Float weights as trained (folded onto raw features). */
  readonly float: unknown;
  readonly quantized: Stringified<ClassifierModel> | Stringified<QuantizedMlp> | Stringified<QuantizedRecommender>;
  readonly weightsCommitment: { value: Hex; salt: Int };
  /**
   * The address that publishes this version, the model's owner (`train --publisher`, or the signer of `publish`). An
   * operator serves these weights only on a version whose model that address owns and whose training-data root is
   * this file's: a stranger who copies the commitment from the owner's pending registration and registers it first
   * gets a model no operator holding this file serves. Absent in files written before it existed, or without one
   * given: `publish` then records its signer here before sending anything. Optional, so format version 2 stands.
   */
  readonly publisher?: Address;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly contributions: readonly {
    contributionId: Int;
    file: string;
    rows: number;
    trainRows: number;
    testRows: number;
    datasetCommitment: Hex;
    shapleyValue: number;
    weight: Int;
  }[];
  readonly valuation: {
    method: string;
    utility: string;
    baseline: number;
    full: number;
    coalitionsEvaluated: number;
    permutations: number | null;
    weightUnit: string;
    weightUnitsPerUtility: number;
  };
  readonly trainingData: {
    merkleRoot: Hex;
    totalWeight: Int;
    leafEncoding: string;
    leaves: readonly { contributionId: Int; weight: Int; proof: Hex[] }[];
  };
  readonly training: Readonly<Record<string, unknown>>;
  readonly modelCard: ModelCard;
};

/** JSON with bigints as decimal strings, two-space indented, final newline. */
export function serialise(value: unknown): string {
  return `${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** Writes through a temporary file and a rename, so a reader never sees a half-written artifact. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, serialise(value), "utf8");
  await rename(tmp, path);
}

/** The public model card's path for an artifact path: `x.json` → `x.card.json`. */
export function cardPathFor(artifactPath: string): string {
  return artifactPath.endsWith(".json") ? `${artifactPath.slice(0, -5)}.card.json` : `${artifactPath}.card.json`;
}

/**
 * The metadata URI that commits to the model card written next to `artifactPath`: `ipfs://<CIDv1>` of its bytes'
 * sha256, which the node's card store and the explorer check a card's bytes against before showing it. Publish the
 * file itself (to IPFS, or to the node's store with `models sync --from`) under that address.
 */
export async function cardUriFor(artifactPath: string): Promise<string> {
  const path = cardPathFor(artifactPath);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new FatalError(
      `${path}: the model card \`trainer train\` writes next to the artifact cannot be read; train again, or pass --metadata-uri.`,
      { cause },
    );
  }
  return ipfsCardUri(cardHashOf(bytes));
}

/**
 * Reads an artifact and checks its format tag and version.
 *
 * @throws {FatalError} unreadable, not JSON, or not a version-1 Symbiote model artifact.
 */
export async function readArtifact(path: string): Promise<ModelArtifact> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new FatalError(
      `${path}: the model artifact cannot be read as JSON; pass the file written by \`trainer train\`.`,
      {
        cause,
      },
    );
  }
  const header = parsed as { format?: unknown; version?: unknown };
  if (header?.format !== ARTIFACT_FORMAT || header.version !== ARTIFACT_VERSION) {
    throw new FatalError(
      `${path}: not a ${ARTIFACT_FORMAT} version ${ARTIFACT_VERSION} file; retrain with this trainer to upgrade it.`,
      { details: `format ${String(header?.format)}, version ${String(header?.version)}` },
    );
  }
  return parsed as ModelArtifact;
}

/** Bigints to decimal strings, recursively: how quantized weights are stored. */
export function toDecimalStrings<T>(value: T): Stringified<T> {
  if (typeof value === "bigint") return value.toString() as Stringified<T>;
  if (Array.isArray(value)) return value.map(toDecimalStrings) as Stringified<T>;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDecimalStrings(v)])) as Stringified<T>;
  }
  return value as Stringified<T>;
}

/** Decimal strings back to bigints, recursively (the inverse of {@link toDecimalStrings}). */
function toBigInts(value: unknown): unknown {
  if (typeof value === "string") return BigInt(value);
  if (Array.isArray(value)) return value.map(toBigInts);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toBigInts(v)]));
  }
  return value;
}

/** The artifact's quantized model, ready for the circuits' reference inference and proofs. */
export function quantizedFromArtifact(artifact: ModelArtifact): QuantizedModel {
  return { family: artifact.family, model: toBigInts(artifact.quantized) } as QuantizedModel;
}
