import { useState } from "react";
import { type ClaimableLeaf, claimableFromRewardsFile, loadContributor, parseContributor } from "../chain/data.ts";
import { Address, Hash } from "../components/Bits.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { formatTimestamp, formatToken } from "../format/format.ts";
import { hrefFor } from "../router.ts";
import { useChainData } from "../useChainData.ts";

function AddressForm({ initial }: { initial?: string }) {
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get("address")?.toString().trim() ?? "";
        window.location.hash = hrefFor({ page: "data", address: value });
      }}
    >
      <label>
        Contributor
        <input name="address" key={initial} defaultValue={initial ?? ""} placeholder="0x…" size={44} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function Claimable({ contributionIds }: { contributionIds: bigint[] }) {
  const { explorer } = useExplorer();
  const [result, setResult] = useState<{ leaves?: ClaimableLeaf[]; error?: unknown }>({});
  return (
    <section>
      <h2>Claimable rewards</h2>
      <p className="muted">
        What a contribution can claim depends on its leaf in each model version's training-data tree. Paste the
        version's <code>.rewards.json</code> (written by <code>trainer publish</code>, shared with contributors): its
        leaves are checked against the root on chain, then DataRewards.claimable is read.
      </p>
      <textarea
        rows={4}
        placeholder='{"format": "symbiote.training-rewards", …}'
        onChange={(e) => {
          const text = e.target.value;
          if (!text.trim()) return setResult({});
          claimableFromRewardsFile(explorer, contributionIds, text).then(
            (leaves) => setResult({ leaves }),
            (error: unknown) => setResult({ error }),
          );
        }}
      />
      {result.error ? <ErrorState error={result.error} /> : null}
      {result.leaves?.length === 0 ? <p>None of this contributor's contributions is a leaf of that version.</p> : null}
      {result.leaves && result.leaves.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th>contribution</th>
              <th>model / version</th>
              <th className="num">weight</th>
              <th>leaf</th>
              <th className="num">claimable now</th>
              <th className="num">paid so far</th>
            </tr>
          </thead>
          <tbody>
            {result.leaves.map((leaf) => (
              <tr key={`${leaf.contributionId}`}>
                <td>#{leaf.contributionId.toString()}</td>
                <td>
                  {leaf.modelId.toString()} / v{leaf.version}
                </td>
                <td className="num">{leaf.weight.toString()}</td>
                <td>{leaf.inRoot ? "in the on-chain root" : "NOT in the on-chain root"}</td>
                <td className="num">{formatToken(leaf.claimable)}</td>
                <td className="num">{formatToken(leaf.paid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** A contributor's contributions, consent, grants, and claimed and claimable rewards. */
export function DataPage({ address }: { address?: string }) {
  const { explorer } = useExplorer();
  const state = useChainData(
    async () => (address === undefined ? undefined : loadContributor(explorer, parseContributor(address))),
    [explorer, address],
  );
  const header = (
    <header className="page-header">
      <h1>Data</h1>
      <AddressForm {...(address ? { initial: address } : {})} />
    </header>
  );
  if (address === undefined) {
    return (
      <section>
        {header}
        <EmptyState title="Whose data?">
          Enter a contributor's address to see their contributions, consent, access grants and rewards.
        </EmptyState>
      </section>
    );
  }
  if (state.error) {
    return (
      <section>
        {header}
        <ErrorState error={state.error} />
      </section>
    );
  }
  const view = state.data;
  if (!view) {
    return (
      <section>
        {header}
        <Loading what="contributions" />
      </section>
    );
  }
  return (
    <section data-testid="contributor">
      {header}
      <p>
        <Address address={view.address} label={view.address} /> · claimed in total {formatToken(view.totalClaimed)}
      </p>
      <h2>Contributions</h2>
      {view.contributions.length === 0 ? (
        <EmptyState title="No contributions">
          This address owns no registered contribution (DataRegistry.registerContribution).
        </EmptyState>
      ) : (
        <table className="list" data-testid="contributions">
          <thead>
            <tr>
              <th>id</th>
              <th>dataset commitment</th>
              <th>registered</th>
              <th>consent now</th>
              <th className="num">claimed</th>
            </tr>
          </thead>
          <tbody>
            {view.contributions.map((c) => (
              <tr key={c.id.toString()} data-testid="contribution-row">
                <td>#{c.id.toString()}</td>
                <td>
                  <Hash value={c.datasetCommitment} />
                  <div className="muted small">{c.metadataURI}</div>
                </td>
                <td>{formatTimestamp(c.registeredAt)}</td>
                <td data-testid="consent">
                  training {c.consent.training ? "yes" : "no"} · inference {c.consent.inference ? "yes" : "no"} ·{" "}
                  {c.consent.allModels ? "all models" : `models ${c.consent.modelIds.join(", ") || "none"}`}
                  <div className="muted small">
                    since {formatTimestamp(c.consent.since)}
                    {c.consentVersions > 1n ? ` · changed ${c.consentVersions - 1n} time(s)` : ""}
                  </div>
                </td>
                <td className="num">{formatToken(c.claimed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Access grants</h2>
      {view.grants.length === 0 ? (
        <p className="muted">No access grants: nobody else may run inference on this contributor's committed data.</p>
      ) : (
        <table className="list" data-testid="grants">
          <thead>
            <tr>
              <th>requester</th>
              <th>model</th>
              <th>uses</th>
              <th>expires</th>
              <th>state</th>
            </tr>
          </thead>
          <tbody>
            {view.grants.map((g) => (
              <tr key={`${g.requester}-${g.modelId}`}>
                <td>
                  <Address address={g.requester} />
                </td>
                <td>{g.modelId.toString()}</td>
                <td>
                  {g.used} of {g.maxUses}
                </td>
                <td>{formatTimestamp(g.expiresAt)}</td>
                <td>{g.revoked ? "revoked" : g.usable ? "usable" : g.expiresAt <= view.now ? "expired" : "used up"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.contributions.length > 0 ? <Claimable contributionIds={view.contributions.map((c) => c.id)} /> : null}
    </section>
  );
}
