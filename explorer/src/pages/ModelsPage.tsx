import { zeroHash } from "viem";
import { type CardIndex, modelLabel } from "../chain/cards.ts";
import type { Explorer } from "../chain/connect.ts";
import type { CardView } from "../chain/modelCard.ts";
import { loadModels } from "../chain/models.ts";
import { Address, FlagBadge, Hash } from "../components/Bits.tsx";
import { ModelCardView } from "../components/ModelCardView.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { fieldHex, formatCount, formatTimestamp, formatToken } from "../format/format.ts";
import { hrefFor } from "../router.ts";
import { useChainData } from "../useChainData.ts";

/**
 * The models and their checked cards: every model's newest version's card (its name heads the model), and on a
 * model's own page every version's.
 */
async function loadModelsWithCards(explorer: Explorer, cards: CardIndex, only: bigint | undefined) {
  const models = await loadModels(explorer, only);
  const versionCards = await Promise.all(
    models.map((model) =>
      Promise.all(
        (only === undefined ? model.versions.slice(0, 1) : model.versions).map((v) => cards.card(v.metadataURI)),
      ),
    ),
  );
  return models.map((model, i) => ({ ...model, cards: versionCards[i] as CardView[] }));
}

/** A version's card in one cell: the verified name, or that it was refused or is unavailable. */
function CardCell({ card }: { card: CardView | undefined }) {
  if (!card) return null;
  if (card.state === "verified") {
    return (
      <span className="positive" data-testid="version-card" data-card-state="verified" title={card.source}>
        ✓ {card.card.name}
      </span>
    );
  }
  return (
    <span
      className={card.state === "refused" ? "warning" : "muted"}
      data-testid="version-card"
      data-card-state={card.state}
      title={card.reason}
    >
      {card.state === "refused" ? "refused: does not hash to the commitment" : "unavailable"}
    </span>
  );
}

/** Every model (or one, `#/models/<id>`): circuits, fee, owner, and its versions with commitments, roots and flags. */
export function ModelsPage({ id }: { id?: string }) {
  const { explorer, cards } = useExplorer();
  const only = id !== undefined && /^\d+$/.test(id) ? BigInt(id) : undefined;
  const state = useChainData(() => loadModelsWithCards(explorer, cards, only), [explorer, cards, id]);
  if (id !== undefined && only === undefined) {
    return (
      <EmptyState title="Not a model id">
        “{id}” is not a model id; ids are whole numbers. <a href={hrefFor({ page: "models" })}>All models</a>.
      </EmptyState>
    );
  }
  if (state.error) return <ErrorState error={state.error} />;
  if (!state.data) return <Loading what="models" />;
  if (state.data.length === 0) {
    return (
      <EmptyState title={only ? `No model ${only}` : "No models registered"}>
        {only
          ? "The registry has no model with this id."
          : "Models appear once an owner calls registerModel on the ModelRegistry."}
      </EmptyState>
    );
  }
  return (
    <section>
      <header className="page-header">
        <h1>{only ? "Model" : "Models"}</h1>
        {only ? <a href={hrefFor({ page: "models" })}>all models</a> : null}
      </header>
      {state.data.map((model) => (
        <article key={model.id.toString()} className="model" data-testid="model" data-model-id={model.id.toString()}>
          <h2>
            <a href={hrefFor({ page: "models", id: model.id.toString() })}>
              <span data-testid="model-name">{modelLabel(model.id, model.cards[0])}</span>{" "}
              <span className="muted">#{model.id.toString()}</span>
            </a>
            {model.versions.some((v) => v.flagged) ? <FlagBadge reason="a version is flagged" /> : null}
          </h2>
          <p>
            Owner <Address address={model.owner} /> · fee {formatToken(model.feePerInference)} per inference
            {model.community ? " · community model (versions by governance)" : ""} ·{" "}
            <a href={hrefFor({ page: "requests", filters: { model: model.id.toString() } })}>its requests</a>
          </p>
          <p className="muted">
            {model.circuits.map((c) => (
              <span key={c.id} className="circuit">
                {c.mode} inputs: {c.manifestId ?? `circuit #${c.id} (not in circuits/manifest.json)`} · {c.family} ·{" "}
                {c.proofSystem}
                {c.active ? "" : " · retired"}
              </span>
            ))}
          </p>
          <table className="list versions">
            <thead>
              <tr>
                <th>version</th>
                <th>published</th>
                <th>weights commitment</th>
                <th>training-data root</th>
                <th className="num">data weight</th>
                <th>standing</th>
                <th>model card</th>
              </tr>
            </thead>
            <tbody>
              {model.versions.map((v, k) => (
                <tr
                  key={v.version}
                  data-testid="version-row"
                  data-version={v.version}
                  data-flagged={v.flagged ? "true" : "false"}
                  className={v.flagged ? "flagged-row" : undefined}
                >
                  <td>v{v.version}</td>
                  <td>{formatTimestamp(v.publishedAt)}</td>
                  <td>
                    <Hash value={fieldHex(v.weightsCommitment)} />
                  </td>
                  <td>
                    {v.trainingDataRoot === zeroHash ? (
                      <span className="muted">none</span>
                    ) : (
                      <Hash value={v.trainingDataRoot} />
                    )}
                  </td>
                  <td className="num">{formatCount(v.totalDataWeight)}</td>
                  <td>
                    {v.flagged ? (
                      <span data-testid="flag-reason">
                        <FlagBadge reason={v.flagReasonURI} /> reason: <Hash value={v.flagReasonURI} />
                      </span>
                    ) : (
                      "in good standing"
                    )}
                  </td>
                  <td>
                    <CardCell card={model.cards[k]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {only && model.cards[0] ? <ModelCardView card={model.cards[0]} /> : null}
        </article>
      ))}
    </section>
  );
}
