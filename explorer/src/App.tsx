import type { Manifest } from "@symbiote/circuits";
import { useEffect, useState } from "react";
import { CardIndex } from "./chain/cards.ts";
import { connectExplorer } from "./chain/connect.ts";
import { CoordinatorIndex } from "./chain/coordinatorIndex.ts";
import { ErrorState, Loading } from "./components/States.tsx";
import { ExplorerContext, type ExplorerState } from "./explorerContext.ts";
import { shortAddress } from "./format/format.ts";
import { DataPage } from "./pages/DataPage.tsx";
import { DecisionPage } from "./pages/DecisionPage.tsx";
import { GovernancePage } from "./pages/GovernancePage.tsx";
import { ModelsPage } from "./pages/ModelsPage.tsx";
import { OperatorsPage } from "./pages/OperatorsPage.tsx";
import { RequestsPage } from "./pages/RequestsPage.tsx";
import { hrefFor, type Route, useRoute } from "./router.ts";

const NAV: { label: string; route: Route; pages: Route["page"][] }[] = [
  { label: "Requests", route: { page: "requests", filters: {} }, pages: ["requests", "decision"] },
  { label: "Models", route: { page: "models" }, pages: ["models"] },
  { label: "Operators", route: { page: "operators" }, pages: ["operators"] },
  { label: "Governance", route: { page: "governance" }, pages: ["governance"] },
  { label: "Data", route: { page: "data" }, pages: ["data"] },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "requests":
      return <RequestsPage filters={route.filters} />;
    case "decision":
      return <DecisionPage key={route.id} id={route.id} />;
    case "models":
      return <ModelsPage {...(route.id ? { id: route.id } : {})} />;
    case "data":
      return <DataPage {...(route.address ? { address: route.address } : {})} />;
    case "governance":
      return <GovernancePage />;
    case "operators":
      return <OperatorsPage />;
    case "not-found":
      return (
        <section className="state state-empty" data-testid="empty-state">
          <h2>No such page</h2>
          <p>
            “#/{route.path}” is not a page of the explorer. Start from the{" "}
            <a href={hrefFor({ page: "requests", filters: {} })}>requests</a>.
          </p>
        </section>
      );
  }
}

/**
 * The decision explorer: connects to the chain named by the runtime configuration (or `?rpc=`), then shows the page
 * the location hash names. Nothing is stored anywhere but the chain; a visitor needs no wallet.
 */
export function App({ manifest }: { manifest: Manifest }) {
  const route = useRoute();
  const [state, setState] = useState<{ ready?: ExplorerState; error?: unknown }>({});
  useEffect(() => {
    connectExplorer({ pageUrl: window.location.href, manifest }).then(
      (explorer) =>
        setState({
          ready: {
            explorer,
            index: new CoordinatorIndex(explorer),
            cards: new CardIndex(explorer, window.location.href),
          },
        }),
      (error: unknown) => setState({ error }),
    );
  }, [manifest]);
  const ready = state.ready;
  return (
    <>
      <header className="top">
        <a className="brand" href={hrefFor({ page: "requests", filters: {} })}>
          Symbiote · decision explorer
        </a>
        <nav>
          {NAV.map((item) => (
            <a
              key={item.label}
              href={hrefFor(item.route)}
              className={item.pages.includes(route.page) ? "active" : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        {ready ? (
          <span className="chain" data-testid="chain" title={ready.explorer.rpc.url}>
            chain {ready.explorer.deployment.chainId} · coordinator{" "}
            {shortAddress(ready.explorer.deployment.coordinator)}
          </span>
        ) : null}
      </header>
      {ready?.explorer.rpc.overridden ? (
        <p className="warning banner" data-testid="rpc-override">
          This link points the explorer at {ready.explorer.rpc.url} instead of its own RPC node: what you see is what
          that node says.
        </p>
      ) : null}
      <main>
        {state.error ? (
          <ErrorState error={state.error} />
        ) : ready ? (
          <ExplorerContext.Provider value={ready}>
            <Page route={route} />
          </ExplorerContext.Provider>
        ) : (
          <Loading what="the deployment" />
        )}
      </main>
    </>
  );
}
