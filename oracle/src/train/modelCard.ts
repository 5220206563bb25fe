import type { Hex } from "viem";

/**
 * The public description of a model version: the content its registry metadata URI points to. It carries no
 * weights and no salt, only what a user, an auditor or a contributor needs to judge the model: what it is for, what
 * data it was trained on (by commitment), how it was evaluated (bias included), and how contributors were valued.
 */
export type ModelCard = {
  readonly schema: "symbiote.model-card/1";
  readonly name: string;
  readonly family: "classifier" | "mlp" | "recommender";
  readonly description: string;
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

/** Default purpose statements, overridable with `--intended-use`. */
export const DEFAULT_INTENDED_USE: Record<ModelCard["family"], string> = {
  classifier:
    "Decision support for credit applications: a score and an approve/deny decision with per-feature contributions, " +
    "to be reviewed by a person before any adverse action.",
  mlp: "Research signal for price feeds: one of four classes (strong-sell, sell, buy, strong-buy) over the next steps.",
  recommender: "Top-3 item suggestions from a user's own embedding, computed privately by the user.",
};

export const OUT_OF_SCOPE_USE: Record<ModelCard["family"], string> = {
  classifier:
    "Fully automated decisions without human review; populations or features unlike the training data; any use of " +
    "the sensitive attribute as an input.",
  mlp: "Automated trading without risk limits; assets or horizons other than those of the contributed feeds.",
  recommender: "Items outside the 32-item catalogue; decisions with consequences beyond a suggestion.",
};

export const FAMILY_DESCRIPTION: Record<ModelCard["family"], string> = {
  classifier: "Logistic regression over 16 numeric features: score = w·x + b, decision = score ≥ threshold.",
  mlp: "Perceptron 16 → 32 (ReLU) → 4 logits; the class is the arg-max.",
  recommender:
    "Item table of 32 embeddings of dimension 16 (implicit-feedback matrix factorisation); top-3 by dot product.",
};
