import type { ReactNode } from "react";
import type { Address as AddressType } from "viem";
import { shortAddress } from "../format/format.ts";
import { type DisplayStatus, STATUS_LABEL } from "../format/status.ts";
import { hrefFor, type Route } from "../router.ts";

/** An address, shortened, with the full value on hover; a link when `to` names a page. */
export function Address({ address, to, label }: { address: AddressType | string; to?: Route; label?: string }) {
  const text = label ?? shortAddress(address);
  return to ? (
    <a className="mono" href={hrefFor(to)} title={address}>
      {text}
    </a>
  ) : (
    <span className="mono" title={address}>
      {text}
    </span>
  );
}

/** A hash or commitment in full, in a monospace box that wraps. */
export function Hash({ value, testId }: { value: string; testId?: string }) {
  return (
    <code className="hash" data-testid={testId}>
      {value}
    </code>
  );
}

export function StatusBadge({ status }: { status: DisplayStatus }) {
  return (
    <span className={`badge status-${status}`} data-testid="status" data-status={status}>
      {STATUS_LABEL[status]}
    </span>
  );
}

export function FlagBadge({ reason }: { reason: string }) {
  return (
    <span className="badge flagged" data-testid="flag" title={reason}>
      flagged
    </span>
  );
}

/** A two-column list of facts. */
export function Facts({ rows, testId }: { rows: [string, ReactNode][]; testId?: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
