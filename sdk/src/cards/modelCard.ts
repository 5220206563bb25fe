import type { Hex } from "viem";
import { FatalError } from "../errors/kinds.ts";

/** Format tag of a model card; readers refuse anything else. */
export const MODEL_CARD_SCHEMA = "symbiote.model-card/1";

/**
 * The public description of a model version: the content its registry metadata URI points to and commits to by
 * hash (cardAddress.ts). It carries no weights and no salt, only what a user, an auditor or a contributor needs to
 * judge the model: what it is for, what its inputs are, what data it was trained on (by commitment), how it was
 * evaluated (bias included), and how contributors were valued.
 */
export type ModelCard = {
  readonly schema: typeof MODEL_CARD_SCHEMA;
  readonly name: string;
  readonly family: "classifier" | "mlp" | "recommender";
  readonly description: string;
  /**
   * The model's inputs in circuit order: column names (classifier, MLP) or embedding coordinates (recommender).
   * Absent from cards written before it was added; readers then number the inputs.
   */
  readonly features?: readonly string[];
  readonly intendedUse: string;
  readonly outOfScopeUse: string;
  readonly trainingData: {
    readonly contributions: readonly { contributionId: string; datasetCommitment: Hex; rows: number; weight: string }[];
    readonly rows: number;
    readonly merkleRoot: Hex;
    readonly totalWeight: string;
    readonly valuation: string;
  };
  readonly evaluation: {
    readonly testSplit: string;
    readonly metrics: Readonly<Record<string, number | string | Record<string, number>>>;
  };
  readonly fairness: {
    readonly sensitiveColumn: string | null;
    readonly mitigation: string;
  };
  readonly circuit: {
    readonly fixedPoint: string;
    readonly weightsCommitment: Hex;
    readonly fixedPointAgreement: number;
  };
  readonly limitations: readonly string[];
};

/** Bytes that are not a model card a reader can show. */
export class ModelCardFormatError extends FatalError {
  override name = "ModelCardFormatError";
}

const FAMILIES = new Set(["classifier", "mlp", "recommender"]);

/**
 * Reads a card's bytes (UTF-8 JSON) and checks the fields a reader shows: the schema tag, the name, the family and,
 * when present, the feature names. Call it only on bytes whose digest was checked against the registry's commitment.
 *
 * @throws {ModelCardFormatError} not JSON, another schema, or a field of the wrong type.
 */
export function parseModelCard(bytes: Uint8Array): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new ModelCardFormatError("the card is not UTF-8 JSON; publish the .card.json file `trainer train` wrote.", {
      cause,
    });
  }
  const card = json as Partial<Record<keyof ModelCard, unknown>> | null;
  if (card?.schema !== MODEL_CARD_SCHEMA) {
    throw new ModelCardFormatError(
      `the card's schema is ${JSON.stringify(card?.schema)}, not ${MODEL_CARD_SCHEMA}; publish the .card.json file \`trainer train\` wrote.`,
    );
  }
  if (typeof card.name !== "string" || card.name.length === 0) {
    throw new ModelCardFormatError("the card has no name; publish the .card.json file `trainer train` wrote.");
  }
  if (typeof card.family !== "string" || !FAMILIES.has(card.family)) {
    throw new ModelCardFormatError(`the card's family ${JSON.stringify(card.family)} is not one the protocol serves.`);
  }
  if (
    card.features !== undefined &&
    !(Array.isArray(card.features) && card.features.every((f) => typeof f === "string"))
  ) {
    throw new ModelCardFormatError("the card's features are not a list of names.");
  }
  return card as ModelCard;
}
