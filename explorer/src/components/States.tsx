import { BaseError, UnknownRequestError, WrongChainError } from "@symbiote/sdk";
import type { ReactNode } from "react";
import { ExplorerError } from "../chain/errors.ts";

/** The heading for an error: the explorer's own errors carry one, as does a wrong chain; anything else is a failed read. */
export function errorTitle(error: unknown): string {
  if (error instanceof ExplorerError) return error.title;
  if (error instanceof WrongChainError) return "Wrong chain";
  if (error instanceof UnknownRequestError) return "Unknown request";
  return "Could not read the chain";
}

/** The one-line reason for an error, without viem's multi-line request dump. */
export function errorMessage(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: string }).shortMessage;
    return short ?? error.message.split("\n")[0] ?? String(error);
  }
  return String(error);
}

/** A full-width error state: what went wrong and what to do. */
export function ErrorState({ error }: { error: unknown }) {
  const name = error instanceof Error ? error.name : "Error";
  return (
    <section className="state state-error" data-testid="error-state" data-error={name} role="alert">
      <h2>{errorTitle(error)}</h2>
      <p>{errorMessage(error)}</p>
    </section>
  );
}

/** Nothing to show yet, said plainly. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="state state-empty" data-testid="empty-state">
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" data-testid="loading" aria-busy="true">
      Reading {what} from the chain…
    </p>
  );
}
