import { zeroHash } from "viem";
import { type AuditView, loadAudits } from "../chain/audits.ts";
import { type CardIndex, modelLabel } from "../chain/cards.ts";
import type { Explorer } from "../chain/connect.ts";
import type { CardView } from "../chain/modelCard.ts";
import { loadModels } from "../chain/models.ts";
import { Address, FlagBadge, Hash } from "../components/Bits.tsx";
import { ModelCardView } from "../components/ModelCardView.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { belowFourFifths, formatGroupCounts, formatRatio } from "../format/audit.ts";
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
  // a model's own page shows every version's proven audits beside its flags
  const audits = await Promise.all(
    models.map((model) =>
      only === undefined
        ? new Map<number, AuditView[]>()
        : loadAudits(
            explorer,
            model.id,
            model.versions.map((v) => v.version),
          ),
    ),
  );
  return models.map((model, i) => ({
    ...model,
    cards: versionCards[i] as CardView[],
    audits: audits[i] as Map<number, AuditView[]>,
  }));
}

/** A version's proven audits in one cell: per set, the parity difference and the disparate-impact ratio. */
function AuditsCell({ audits }: { audits: AuditView[] | undefined }) {
  if (!audits || audits.length === 0) return <span className="muted">none recorded</span>;
  return (
    <>
      {audits.map((a) => (
        <span
          key={a.auditSetId.toString()}
          className="audit"
          data-testid="version-audit"
          data-set={a.auditSetId.toString()}
        >
          set #{a.auditSetId.toString()}: parity {formatRatio(a.metrics.demographicParityDifference)} · impact{" "}
          <span className={belowFourFifths(a.metrics.disparateImpactRatio) ? "warning" : undefined}>
            {formatRatio(a.metrics.disparateImpactRatio)}
          </span>
        </span>
      ))}
    </>
  );
}

/** Every proven audit of a model's versions: the set, the counts per group and the three exact metrics. */
function AuditsTable({ audits }: { audits: Map<number, AuditView[]> }) {
  const rows = [...audits.entries()].flatMap(([version, list]) => list.map((a) => ({ version, a })));
  if (rows.length === 0) return null;
  return (
    <>
      <h3>Proven fairness audits</h3>
      <p className="muted">
        Counts proven in zero knowledge on each registered audit set and verified on chain against the version's weights
        commitment; metrics exact from the counts (group 1 protected, group 0 reference; docs/audit.md).
      </p>
      <table className="list audits" data-testid="audits">
        <thead>
          <tr>
            <th>version</th>
            <th>audit set</th>
            <th>group 0 (reference)</th>
            <th>group 1 (protected)</th>
            <th>parity difference</th>
            <th>impact ratio</th>
            <th>opportunity difference</th>
            <th>proven</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ version, a }) => (
            <tr key={`${version}-${a.auditSetId}`} data-testid="audit-row" data-version={version}>
              <td>v{version}</td>
              <td>
                #{a.auditSetId.toString()} · {a.set.rows} rows ·{" "}
                <a href={a.set.cardURI} title={`card sha256 ${a.set.cardHash}`}>
                  card
                </a>
              </td>
              <td>{formatGroupCounts(a.reference)}</td>
              <td>{formatGroupCounts(a.protectedGroup)}</td>
              <td data-testid="audit-parity">{formatRatio(a.metrics.demographicParityDifference)}</td>
              <td className={belowFourFifths(a.metrics.disparateImpactRatio) ? "warning" : undefined}>
                {formatRatio(a.metrics.disparateImpactRatio)}
                {belowFourFifths(a.metrics.disparateImpactRatio) ? " (below 4/5)" : ""}
              </td>
              <td>{formatRatio(a.metrics.equalOpportunityDifference)}</td>
              <td>
                {formatTimestamp(a.provenAt)} by <Address address={a.submitter} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
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
                {only ? <th>proven audits</th> : null}
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
                  {only ? (
                    <td>
                      <AuditsCell audits={model.audits.get(v.version)} />
                    </td>
                  ) : null}
                  <td>
                    <CardCell card={model.cards[k]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {only ? <AuditsTable audits={model.audits} /> : null}
          {only && model.cards[0] ? <ModelCardView card={model.cards[0]} /> : null}
        </article>
      ))}
    </section>
  );
}
