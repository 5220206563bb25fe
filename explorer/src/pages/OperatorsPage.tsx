import { loadOperators } from "../chain/operators.ts";
import { Address } from "../components/Bits.tsx";
import { EmptyState, ErrorState, Loading } from "../components/States.tsx";
import { useExplorer } from "../explorerContext.ts";
import { formatDuration, formatToken } from "../format/format.ts";
import { hrefFor } from "../router.ts";
import { useChainData } from "../useChainData.ts";

const POLL_MS = 5000;

/** The operator set: stake, eligibility, fulfilled and missed requests, slashing, earnings and latency. */
export function OperatorsPage() {
  const { explorer, index } = useExplorer();
  const state = useChainData(() => loadOperators(explorer, index), [explorer, index], POLL_MS);
  if (state.error) return <ErrorState error={state.error} />;
  if (!state.data) return <Loading what="operators" />;
  const { operators, minOperatorStake } = state.data;
  return (
    <section>
      <header className="page-header">
        <h1>Operators</h1>
        <span className="muted">minimum stake {formatToken(minOperatorStake)}</span>
      </header>
      {operators.length === 0 ? (
        <EmptyState title="No operators registered">
          Operators appear once they stake in the StakingVault and call registerOperator.
        </EmptyState>
      ) : (
        <table className="list" data-testid="operators">
          <thead>
            <tr>
              <th>operator</th>
              <th>status</th>
              <th className="num">active stake</th>
              <th className="num">in cooldown</th>
              <th className="num">fulfilled</th>
              <th className="num">missed</th>
              <th className="num">slashed</th>
              <th className="num">unpaid earnings</th>
              <th className="num">latency (median / p90)</th>
            </tr>
          </thead>
          <tbody>
            {operators.map((op) => (
              <tr key={op.address} data-testid="operator-row" data-operator={op.address}>
                <td>
                  <Address address={op.address} to={{ page: "requests", filters: { operator: op.address } }} />
                  {op.endpoint ? <div className="muted small">{op.endpoint}</div> : null}
                </td>
                <td>{!op.registered ? "left the set" : op.eligible ? "eligible" : "below minimum stake"}</td>
                <td className="num">{formatToken(op.activeStake)}</td>
                <td className="num">{formatToken(op.cooldown)}</td>
                <td className="num" data-testid="fulfilled">
                  <a href={hrefFor({ page: "requests", filters: { operator: op.address, status: "fulfilled" } })}>
                    {op.fulfilled}
                  </a>
                </td>
                <td className="num" data-testid="missed">
                  {op.missed}
                </td>
                <td className="num" data-testid="slashed">
                  {formatToken(op.slashed)}
                </td>
                <td className="num">{formatToken(op.earnings)}</td>
                <td className="num">
                  {op.latency
                    ? `${formatDuration(op.latency.median)} / ${formatDuration(op.latency.p90)} (${op.latency.samples})`
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
