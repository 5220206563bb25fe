import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CardHash, cardHashOf } from "@symbiote/sdk";
import type { CardStore } from "./cardStore.ts";

/** What {@link importCards} did with each `*.card.json` of a folder. */
export type CardImport = { imported: string[]; skipped: { file: string; reason: string }[] };

/**
 * Puts into `cards` every `*.card.json` in `folder` (the trainer writes one next to each model artifact) whose bytes
 * hash to a digest the registry commits to (`registered`: the digests of the versions' metadata URIs). A card no
 * version commits to is skipped: the node serves only cards an explorer can check, and a card edited after
 * registration would be refused anyway.
 */
export function importCards(folder: string, registered: ReadonlySet<CardHash>, cards: CardStore): CardImport {
  const result: CardImport = { imported: [], skipped: [] };
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".card.json"))) {
    const bytes = new Uint8Array(readFileSync(join(folder, file)));
    const hash = cardHashOf(bytes);
    if (!registered.has(hash)) {
      result.skipped.push({ file, reason: `no registered version commits to its sha256 ${hash}` });
      continue;
    }
    try {
      cards.put(bytes);
      result.imported.push(file);
    } catch (error) {
      result.skipped.push({ file, reason: (error as Error).message.split("\n")[0] as string });
    }
  }
  return result;
}
