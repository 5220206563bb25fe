import { useEffect, useState } from "react";
import type { StatusFilter } from "./format/status.ts";
import { STATUS_FILTERS } from "./format/status.ts";

/** Filters of the requests list, kept in the URL so a filtered list can be linked. */
export type RequestFilters = { model?: string; requester?: string; operator?: string; status?: StatusFilter };

/** Every page of the explorer; ids stay strings here and are validated by the page that shows them. */
export type Route =
  | { page: "requests"; filters: RequestFilters }
  | { page: "decision"; id: string }
  | { page: "models"; id?: string }
  | { page: "data"; address?: string }
  | { page: "governance" }
  | { page: "operators" }
  | { page: "not-found"; path: string };

/**
 * Reads a location hash (`#/request/12`, `#/requests?model=2`) into a route. Hash routing keeps the explorer a set
 * of static files that any server (Vite, the operator node) can serve under any path.
 */
export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case undefined:
    case "requests": {
      const filters: RequestFilters = {};
      for (const key of ["model", "requester", "operator"] as const) {
        const value = params.get(key)?.trim();
        if (value) filters[key] = value;
      }
      const status = params.get("status");
      if (status && (STATUS_FILTERS as readonly string[]).includes(status)) filters.status = status as StatusFilter;
      return { page: "requests", filters };
    }
    case "request":
      return parts[1] ? { page: "decision", id: decodeURIComponent(parts[1]) } : { page: "requests", filters: {} };
    case "models":
      return parts[1] ? { page: "models", id: decodeURIComponent(parts[1]) } : { page: "models" };
    case "data":
      return parts[1] ? { page: "data", address: decodeURIComponent(parts[1]) } : { page: "data" };
    case "governance":
      return { page: "governance" };
    case "operators":
      return { page: "operators" };
    default:
      return { page: "not-found", path };
  }
}

/** The hash that leads to a route (inverse of {@link parseRoute}). */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case "requests": {
      const query = new URLSearchParams(
        Object.entries(route.filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
      ).toString();
      return `#/requests${query ? `?${query}` : ""}`;
    }
    case "decision":
      return `#/request/${encodeURIComponent(route.id)}`;
    case "models":
      return route.id ? `#/models/${encodeURIComponent(route.id)}` : "#/models";
    case "data":
      return route.address ? `#/data/${encodeURIComponent(route.address)}` : "#/data";
    case "governance":
      return "#/governance";
    case "operators":
      return "#/operators";
    case "not-found":
      return `#/${route.path}`;
  }
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
