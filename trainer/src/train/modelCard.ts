import type { ModelCard } from "@symbiote/sdk";

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
