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
  /** The circuit family: the original three, or a compiled dense network or tree ensemble (`npm run model`). */
  readonly family: "classifier" | "mlp" | "recommender" | "dense" | "trees";
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
  /**
   * A tree ensemble published in the clear (the `symbiote-trees/1` parameters `npm run model -- compile` writes, without
   * the salt): readers then show every proven path's features and thresholds. Absent for a model that keeps its trees
   * private; readers then show the proven directions and leaf values only.
   */
  readonly trees?: PublishedTrees;
};

/**
 * Trees published on a card: the compiler's `symbiote-trees/1` parameters (circuits/src/trees/treeParameters.ts),
 * which a reader checks in full (treeLayoutFromParameters) before showing them.
 */
export type PublishedTrees = { readonly format: "symbiote-trees/1"; readonly trees: readonly unknown[] } & Readonly<
  Record<string, unknown>
>;

/** Bytes that are not a model card a reader can show. */
export class ModelCardFormatError extends FatalError {
  override name = "ModelCardFormatError";
}

const FAMILIES = new Set(["classifier", "mlp", "recommender", "dense", "trees"]);

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
  if (card.trees !== undefined) {
    const trees = card.trees as Partial<PublishedTrees> | null;
    if (card.family !== "trees" || trees?.format !== "symbiote-trees/1" || !Array.isArray(trees.trees)) {
      throw new ModelCardFormatError(
        "the card's trees are not symbiote-trees/1 parameters of a tree ensemble; publish the parameters `npm run model -- compile` wrote.",
      );
    }
  }
  return card as ModelCard;
}
