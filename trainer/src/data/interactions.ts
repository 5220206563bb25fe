import type { Table } from "./canonical.ts";
import type { Prng } from "./prng.ts";

/** Items in the catalogue: the recommender circuit scores a user against exactly this many item embeddings. */
export const ITEM_COUNT = 32;
/** Columns of an interactions file: who, what, and how strongly (1–5, implicit-feedback strength). */
export const INTERACTION_COLUMNS = ["user", "item", "rating"] as const;

/** Hidden taste dimensions of the simulation (fewer than the model's 16, so the factorisation can recover them). */
const TASTE_DIMENSIONS = 4;

export type InteractionOptions = {
  /** First user id of this contributor (user ids are global so contributors never collide). */
  firstUser: number;
  /** Number of users whose interactions this contributor holds. */
  users: number;
  /** Interactions per user. */
  perUser: number;
};

/** The catalogue's hidden item tastes and popularity, shared by every contributor's users. */
export type Catalogue = {
  readonly tastes: readonly (readonly number[])[];
  readonly popularity: readonly number[];
};

/** Draws the catalogue once per generation so all contributors describe the same items. */
export function generateCatalogue(rng: Prng): Catalogue {
  const tastes: number[][] = [];
  const popularity: number[] = [];
  for (let i = 0; i < ITEM_COUNT; i++) {
    tastes.push(Array.from({ length: TASTE_DIMENSIONS }, () => rng.normal()));
    popularity.push(0.5 * rng.normal());
  }
  return { tastes, popularity };
}

/**
 * Generates user–item interactions: each user has hidden tastes, picks `perUser` distinct items with probability
 * proportional to exp(affinity) (affinity = taste match + item popularity), and rates the interaction 1–5 by how
 * strong the affinity was. Users therefore cluster by taste, which is what a factorisation can learn and what makes
 * held-out items predictable.
 */
export function generateInteractions(rng: Prng, catalogue: Catalogue, options: InteractionOptions): Table {
  const rows: number[][] = [];
  for (let u = 0; u < options.users; u++) {
    const user = options.firstUser + u;
    const taste = Array.from({ length: TASTE_DIMENSIONS }, () => rng.normal());
    const affinity = catalogue.tastes.map(
      (item, i) => item.reduce((sum, v, d) => sum + v * (taste[d] as number), 0) + (catalogue.popularity[i] as number),
    );
    const chosen = new Set<number>();
    while (chosen.size < Math.min(options.perUser, ITEM_COUNT)) {
      // Sample without replacement through a softmax over the items not yet chosen.
      const weights = affinity.map((a, i) => (chosen.has(i) ? 0 : Math.exp(a)));
      const total = weights.reduce((a, b) => a + b, 0);
      let pick = rng.next() * total;
      let item = 0;
      while (item < ITEM_COUNT - 1 && pick >= (weights[item] as number)) {
        pick -= weights[item] as number;
        item++;
      }
      if (chosen.has(item)) continue;
      chosen.add(item);
      const strength = Math.round(3 + (affinity[item] as number) / 1.5 + 0.5 * rng.normal());
      rows.push([user, item, Math.min(5, Math.max(1, strength))]);
    }
  }
  return { columns: [...INTERACTION_COLUMNS], rows };
}
