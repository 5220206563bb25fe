import { type DependencyList, useEffect, useRef, useState } from "react";

export type ChainData<T> = {
  data?: T;
  /** The first load failed: nothing to show. */
  error?: unknown;
  /** A later refresh failed; the data shown is from the last good read. */
  staleBecause?: unknown;
  loading: boolean;
  /** Milliseconds the first load took (shown in the footer; the e2e reports it). */
  firstLoadMs?: number;
};

/**
 * Loads a page's data from the chain and, with `poll` (milliseconds, or a function of the data that returns them or
 * undefined to stop), refreshes it while the page is open ("live"). A refresh that fails keeps the last good data and
 * says so rather than blanking the page.
 */
export function useChainData<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  poll?: number | ((data: T) => number | undefined),
): ChainData<T> {
  const [state, setState] = useState<ChainData<T>>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const effect = () => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    setState({ loading: true });
    const run = async (first: boolean) => {
      let pollMs: number | undefined;
      try {
        const data = await loadRef.current();
        if (cancelled) return;
        pollMs = typeof poll === "function" ? poll(data) : poll;
        setState((previous) => ({
          data,
          loading: false,
          firstLoadMs: first ? Math.round(performance.now() - started) : previous.firstLoadMs,
        }));
      } catch (error) {
        if (cancelled) return;
        setState((previous) =>
          first || previous.data === undefined
            ? { error, loading: false }
            : { ...previous, staleBecause: error, loading: false },
        );
        if (first) return;
        // keep trying after a failed refresh, gently
        pollMs = typeof poll === "function" ? 5000 : poll;
      }
      if (pollMs && !cancelled) timer = setTimeout(() => void run(false), pollMs);
    };
    void run(true);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what its load depends on
  useEffect(effect, deps);
  return state;
}
