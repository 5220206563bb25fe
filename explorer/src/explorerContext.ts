import { createContext, useContext } from "react";
import type { CardIndex } from "./chain/cards.ts";
import type { Explorer } from "./chain/connect.ts";
import type { CoordinatorIndex } from "./chain/coordinatorIndex.ts";

/** The connected explorer, and the request index and model cards every page shares. */
export type ExplorerState = { explorer: Explorer; index: CoordinatorIndex; cards: CardIndex };

export const ExplorerContext = createContext<ExplorerState | undefined>(undefined);

/** The connected explorer; pages render only once it exists. */
export function useExplorer(): ExplorerState {
  const state = useContext(ExplorerContext);
  if (!state) throw new Error("useExplorer outside <ExplorerContext.Provider>: pages render only once connected");
  return state;
}
