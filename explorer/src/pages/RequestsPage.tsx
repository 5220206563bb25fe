import { useState } from "react";
import { isAddress, zeroAddress } from "viem";
import { type CardIndex, modelLabel } from "../chain/cards.ts";
import type { IndexedRequest } from "../chain/coordinatorIndex.ts";
import type { CardView } from "../chain/modelCard.ts";
import { Address, StatusBadge } from "../components/Bits.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { formatRelative, formatToken } from "../format/format.ts";
import { matchesStatusFilter, STATUS_FILTERS, STATUS_LABEL } from "../format/status.ts";
import { hrefFor, type RequestFilters } from "../router.ts";
import { useChainData } from "../useChainData.ts";

/** How often the list reads new blocks. */
const POLL_MS = 2000;
/** Rows shown before "show more". */
const PAGE = 100;

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

function matches(request: IndexedRequest, filters: RequestFilters): boolean {
  if (filters.model && request.modelId.toString() !== filters.model) return false;
  if (filters.requester && !same(request.requester, filters.requester)) return false;
  if (
    filters.operator &&
    !same(request.operator, filters.operator) &&
    !same(request.expiry?.operator, filters.operator) &&
    !same(request.assigned, filters.operator)
  )
    return false;
  return true;
}

const versionKey = (r: IndexedRequest) => `${r.modelId}/${r.version}`;

/** The checked card of every model version the requests name, by `<model>/<version>`. */
async function cardsOf(cards: CardIndex, requests: IndexedRequest[]): Promise<Map<string, CardView>> {
  const versions = new Map(requests.map((r) => [versionKey(r), r]));
  const read = await Promise.all([...versions.values()].map((r) => cards.versionCard(r.modelId, r.version)));
  return new Map([...versions.keys()].map((key, i) => [key, read[i] as CardView]));
}

/** Who proved a request, missed it, or is due to serve it (pending: the coordinator's `assignedOperator`). */
function OperatorCell({ request }: { request: IndexedRequest }) {
  if (request.operator) {
    return <Address address={request.operator} to={{ page: "requests", filters: { operator: request.operator } }} />;
  }
  if (request.expiry && BigInt(request.expiry.operator) !== 0n) {
    return (
      <span className="muted">
        <Address
          address={request.expiry.operator}
          to={{ page: "requests", filters: { operator: request.expiry.operator } }}
        />{" "}
        missed
      </span>
    );
  }
  if (request.expiry) return <>—</>;
  if (request.assigned && request.assigned !== zeroAddress) {
    return (
      <span data-testid="assigned-operator" data-operator={request.assigned}>
        <Address address={request.assigned} to={{ page: "requests", filters: { operator: request.assigned } }} /> due
      </span>
    );
  }
  return (
    <span
      className="muted"
      data-testid="assigned-operator"
      data-operator={zeroAddress}
      title="the request's round has no seed yet, or the draw found no operator that declared this model version"
    >
      not drawn yet
    </span>
  );
}

/** Every request, newest first, live: status, model, requester, operator, fee; filters kept in the URL. */
export function RequestsPage({ filters }: { filters: RequestFilters }) {
  const { index, cards } = useExplorer();
  const [shown, setShown] = useState(PAGE);
  const state = useChainData(
    async () => {
      await index.sync();
      const requests = [...index.requests.values()];
      return { head: index.head, now: index.now, requests, cards: await cardsOf(cards, requests) };
    },
    [index, cards],
    POLL_MS,
  );
  const setFilter = (key: keyof RequestFilters, value: string) => {
    window.location.hash = hrefFor({ page: "requests", filters: { ...filters, [key]: value || undefined } });
  };
  const badFilter = (["requester", "operator"] as const).find((k) => filters[k] && !isAddress(filters[k] ?? ""));
  if (state.error) return <ErrorState error={state.error} />;
  const data = state.data;
  const rows = (data?.requests ?? [])
    .filter((r) => matches(r, filters) && matchesStatusFilter(index.statusOf(r), filters.status))
    .sort((a, b) => (b.id > a.id ? 1 : -1));
  // each model under its newest requested version's name
  const models = new Map<string, string>();
  for (const r of [...(data?.requests ?? [])].sort((a, b) => a.version - b.version)) {
    models.set(r.modelId.toString(), modelLabel(r.modelId, data?.cards.get(versionKey(r))));
  }
  const modelOptions = [...models].sort(([a], [b]) => Number(a) - Number(b));
  return (
    <section>
      <header className="page-header">
        <h1>Requests</h1>
        {data ? (
          <span className="live" data-testid="live">
            live · block {data.head.toString()}
          </span>
        ) : null}
      </header>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Model
          <select
            value={filters.model ?? ""}
            onChange={(e) => setFilter("model", e.target.value)}
            data-testid="filter-model"
          >
            <option value="">all</option>
            {modelOptions.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status ?? ""} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">all</option>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Requester
          <input
            key={filters.requester ?? ""}
            defaultValue={filters.requester ?? ""}
            placeholder="0x…"
            onBlur={(e) => setFilter("requester", e.target.value.trim())}
            data-testid="filter-requester"
          />
        </label>
        <label>
          Operator
          <input
            key={filters.operator ?? ""}
            defaultValue={filters.operator ?? ""}
            placeholder="0x…"
            onBlur={(e) => setFilter("operator", e.target.value.trim())}
            data-testid="filter-operator"
          />
        </label>
      </form>
      {badFilter ? (
        <p className="warning">
          The {badFilter} filter “{filters[badFilter]}” is not an address; nothing can match it.
        </p>
      ) : null}
      {!data ? (
        <Loading what="requests" />
      ) : rows.length === 0 ? (
        <EmptyState title={data.requests.length === 0 ? "No requests yet" : "No request matches these filters"}>
          {data.requests.length === 0
            ? "Requests appear here as soon as a consumer calls requestInference on the coordinator."
            : "Clear a filter to see more."}
        </EmptyState>
      ) : (
        <table className="list" data-testid="requests">
          <thead>
            <tr>
              <th>id</th>
              <th>status</th>
              <th>model</th>
              <th>input</th>
              <th>requester</th>
              <th>operator</th>
              <th className="num">fee</th>
              <th>requested</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, shown).map((r) => (
              <tr key={r.id.toString()} data-testid="request-row" data-request-id={r.id.toString()}>
                <td>
                  <a href={hrefFor({ page: "decision", id: r.id.toString() })}>#{r.id.toString()}</a>
                </td>
                <td>
                  <StatusBadge status={index.statusOf(r)} />
                </td>
                <td>
                  <a
                    href={hrefFor({ page: "models", id: r.modelId.toString() })}
                    data-testid="model-name"
                    data-card-state={data.cards.get(versionKey(r))?.state}
                  >
                    {modelLabel(r.modelId, data.cards.get(versionKey(r)))}
                  </a>{" "}
                  v{r.version}
                </td>
                <td>{r.inputMode}</td>
                <td>
                  <Address address={r.requester} to={{ page: "requests", filters: { requester: r.requester } }} />
                </td>
                <td>
                  <OperatorCell request={r} />
                </td>
                <td
                  className="num"
                  title={`model fee ${formatToken(r.fee)} + callback fee ${formatToken(r.callbackFee)}`}
                >
                  {formatToken(r.fee + r.callbackFee)}
                </td>
                <td title={r.requestedAt.toString()}>{formatRelative(r.requestedAt, data.now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown ? (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, rows.length - shown)} more of {rows.length - shown}
        </button>
      ) : null}
      {state.staleBecause ? <p className="warning">Live updates paused: the last refresh failed.</p> : null}
    </section>
  );
}
