import type { CardView } from "../chain/modelCard.ts";
import { Facts, Hash } from "./Bits.tsx";

/**
 * A version's model card: its content when a copy hashed to the registered digest, a refusal when copies did not
 * (nothing from them is shown), or why there is no card; the registered URI in every case.
 */
export function ModelCardView({ card }: { card: CardView }) {
  return (
    <div className="model-card" data-testid="model-card" data-card-state={card.state}>
      <p>
        Model card: <Hash value={card.uri || "(none)"} />
      </p>
      {card.state === "verified" ? (
        <>
          <p className="positive small" data-testid="card-verified">
            ✓ its sha256 {card.hash} is the one the registry commits to (read from {card.source})
          </p>
          <Facts
            rows={[
              ["name", card.card.name],
              ["description", card.card.description],
              ["inputs", card.card.features ? card.card.features.join(", ") : "not named by this card"],
              ["intended use", card.card.intendedUse],
              ["out of scope", card.card.outOfScopeUse],
              ["training rows", card.card.trainingData.rows.toLocaleString("en")],
              ["fairness", card.card.fairness.mitigation],
              ["limitations", card.card.limitations.join(" · ")],
            ]}
          />
        </>
      ) : card.state === "refused" ? (
        <p className="warning-box" data-testid="card-refused">
          Card refused: {card.reason}. Nothing from it is shown; features are numbered and the model is named by its id.
        </p>
      ) : (
        <p className="muted" data-testid="card-unavailable">
          Card unavailable: {card.reason}. Features are numbered and the model is named by its id.
        </p>
      )}
    </div>
  );
}
