import { modelRegistryAbi } from "@symbiote/sdk";
import type { Explorer } from "./connect.ts";
import { type CardView, fetchModelCard } from "./modelCard.ts";

/**
 * The model cards of the versions a page shows, each fetched and checked once per page load: a version's metadata
 * URI never changes (versions are append-only) and a card is named by its digest, so both are kept for good. A read
 * that fails (the RPC node) is forgotten, to be tried again.
 */
export class CardIndex {
  private readonly uris = new Map<string, Promise<string>>();
  private readonly cards = new Map<string, Promise<CardView>>();

  constructor(
    private readonly explorer: Explorer,
    private readonly pageUrl: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** The card of a version whose metadata URI the caller already read. */
  card(uri: string): Promise<CardView> {
    let pending = this.cards.get(uri);
    if (!pending) {
      pending = fetchModelCard(uri, this.explorer.cardGateways, this.pageUrl, this.fetchImpl);
      this.cards.set(uri, pending);
    }
    return pending;
  }

  /** The card of `modelId` version `version`, reading its metadata URI from the registry. */
  async versionCard(modelId: bigint, version: number): Promise<CardView> {
    const key = `${modelId}/${version}`;
    let uri = this.uris.get(key);
    if (!uri) {
      const { client, deployment } = this.explorer;
      uri = client
        .readContract({
          address: deployment.registry,
          abi: modelRegistryAbi,
          functionName: "version",
          args: [modelId, version],
        })
        .then((v) => v.metadataURI);
      this.uris.set(key, uri);
      uri.catch(() => this.uris.delete(key));
    }
    return this.card(await uri);
  }
}

/** The name to show for a model: its verified card's, else "model <id>". */
export function modelLabel(modelId: bigint, card: CardView | undefined): string {
  return card?.state === "verified" ? card.card.name : `model ${modelId}`;
}
