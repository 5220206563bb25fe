import type { ReactNode } from "react";
import { loadGovernance, type ProposalView } from "../chain/governance.ts";
import { Address, Facts, Hash } from "../components/Bits.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { formatDuration, formatTimestamp, formatToken } from "../format/format.ts";
import { useChainData } from "../useChainData.ts";

const POLL_MS = 5000;

function Proposal({ proposal, now }: { proposal: ProposalView; now: bigint }) {
  const total = proposal.votes.for + proposal.votes.against + proposal.votes.abstain;
  return (
    <article className="proposal" data-testid="proposal" data-state={proposal.state}>
      <h2>
        <span className={`badge proposal-${proposal.state.toLowerCase()}`} data-testid="proposal-state">
          {proposal.state}
        </span>{" "}
        {proposal.description.split("\n")[0] || "(no description)"}
      </h2>
      <Facts
        rows={[
          ["proposal id", <Hash key="id" value={proposal.id.toString()} />],
          ["proposer", <Address key="p" address={proposal.proposer} />],
          [
            "voting",
            `${formatTimestamp(proposal.voteStart)} → ${formatTimestamp(proposal.voteEnd)}${
              now < proposal.voteEnd && now >= proposal.voteStart
                ? ` (ends in ${formatDuration(proposal.voteEnd - now)})`
                : ""
            }`,
          ],
          [
            "votes",
            `for ${formatToken(proposal.votes.for)} · against ${formatToken(proposal.votes.against)} · abstain ${formatToken(proposal.votes.abstain)}${
              proposal.quorum !== undefined ? ` · quorum ${formatToken(proposal.quorum)}` : ""
            }${total === 0n ? " · no votes yet" : ""}`,
          ],
          ...(proposal.eta > 0n ? ([["timelock release", formatTimestamp(proposal.eta)]] as [string, string][]) : []),
          ...(proposal.queued
            ? ([["queued in", <Hash key="q" value={proposal.queued} />]] as [string, ReactNode][])
            : []),
          ...(proposal.executed
            ? ([["executed in", <Hash key="e" value={proposal.executed} />]] as [string, ReactNode][])
            : []),
        ]}
      />
      <h3>Actions</h3>
      <ol className="actions" data-testid="proposal-actions">
        {proposal.actions.map((action, i) => (
          // actions are positional: the timelock runs them in this order
          // biome-ignore lint/suspicious/noArrayIndexKey: the index is the action's identity
          <li key={i}>
            <strong>{action.targetName ?? <Address address={action.target} />}</strong>.<code>{action.call}</code>
            {action.value > 0n ? ` with ${action.value} wei` : ""}
          </li>
        ))}
      </ol>
      {proposal.voters.length > 0 ? (
        <details>
          <summary>{proposal.voters.length} vote(s)</summary>
          <ul>
            {proposal.voters.map((v) => (
              <li key={v.voter}>
                <Address address={v.voter} /> voted {v.support} with {formatToken(v.weight)}
                {v.reason ? ` — “${v.reason}”` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}

/** Proposals, their votes and state, and what the timelock queued and executed. */
export function GovernancePage() {
  const { explorer } = useExplorer();
  const state = useChainData(() => loadGovernance(explorer), [explorer], POLL_MS);
  if (state.error) return <ErrorState error={state.error} />;
  if (state.data === undefined && state.loading) return <Loading what="proposals" />;
  const view = state.data;
  if (!view) {
    return (
      <EmptyState title="No governor in the deployment file">
        {explorer.deploymentSource} names no governor; redeploy with the project's deploy script, which writes it.
      </EmptyState>
    );
  }
  return (
    <section>
      <header className="page-header">
        <h1>Governance</h1>
        <span className="muted">
          voting delay {formatDuration(view.votingDelay)} · period {formatDuration(view.votingPeriod)} · threshold{" "}
          {formatToken(view.proposalThreshold)}
          {view.timelockDelay !== undefined ? ` · timelock delay ${formatDuration(view.timelockDelay)}` : ""}
        </span>
      </header>
      {view.proposals.length === 0 ? (
        <EmptyState title="No proposals yet">
          Stakers with at least {formatToken(view.proposalThreshold)} of votes can propose through the governor.
        </EmptyState>
      ) : (
        view.proposals.map((p) => <Proposal key={p.id.toString()} proposal={p} now={view.now} />)
      )}
    </section>
  );
}
