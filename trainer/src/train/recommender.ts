import { DatasetError } from "../data/errors.ts";
import type { Prng } from "../data/prng.ts";
import type { Contribution } from "./contributions.ts";
import { dot, solveSpd, zeros } from "./linalg.ts";

/** One user–item interaction with its strength (1–5). */
export type Interaction = { readonly user: number; readonly item: number; readonly rating: number };

/**
 * The recommender the circuit runs: the model is the item table (M embeddings of D numbers); a user brings their
 * own embedding as the (private) input and gets the top-k items by dot product.
 */
export type RecommenderModel = { readonly items: number[][] };

export type RecommenderOptions = {
  /** Embedding size D. */
  dimensions: number;
  /** Catalogue size M; item ids must lie in [0, M). */
  items: number;
  /** Alternating least-squares sweeps. */
  iterations: number;
  /** Ridge penalty on every embedding. */
  l2: number;
  /** Confidence per unit of rating: an interaction of strength r counts 1 + alpha·r times an unobserved pair. */
  alpha: number;
};

export const DEFAULT_RECOMMENDER_OPTIONS: RecommenderOptions = {
  dimensions: 16,
  items: 32,
  iterations: 15,
  // Chosen on the synthetic interactions: a strong ridge stops 16 dimensions from memorising ~8 items per user.
  l2: 15,
  alpha: 4,
};

/** Columns an interactions file must have, in any order and nothing else. */
const REQUIRED = ["user", "item", "rating"] as const;

/**
 * Reads a contribution as interactions.
 *
 * @throws {DatasetError} columns other than user, item, rating; a user that is not a non-negative integer; an item
 * outside the catalogue; a non-positive rating.
 */
export function toInteractions(contribution: Contribution, itemCount: number): Interaction[] {
  const { columns, rows } = contribution.table;
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0 || columns.length !== REQUIRED.length) {
    throw new DatasetError(contribution.path, "an interactions file needs exactly the columns user, item, rating", {
      line: 1,
      details: `columns found: ${columns.join(", ")}${missing.length > 0 ? `; missing: ${missing.join(", ")}` : ""}`,
    });
  }
  const [u, i, r] = REQUIRED.map((c) => columns.indexOf(c)) as [number, number, number];
  return rows.map((row, k) => {
    const user = row[u] as number;
    const item = row[i] as number;
    const rating = row[r] as number;
    const fail = (what: string, hint: string) =>
      new DatasetError(contribution.path, what, { line: k + 2, details: hint });
    if (!Number.isInteger(user) || user < 0) throw fail(`user ${user} is not an id`, "user ids are integers ≥ 0");
    if (!Number.isInteger(item) || item < 0 || item >= itemCount) {
      throw fail(`item ${item} is not in the catalogue`, `item ids are integers from 0 to ${itemCount - 1}`);
    }
    if (!(rating > 0)) throw fail(`rating ${rating} is not positive`, "ratings measure interaction strength, > 0");
    return { user, item, rating };
  });
}

function groupByUser(interactions: readonly Interaction[]): Map<number, Interaction[]> {
  const byUser = new Map<number, Interaction[]>();
  for (const it of interactions) {
    const list = byUser.get(it.user) ?? [];
    list.push(it);
    byUser.set(it.user, list);
  }
  return byUser;
}

/**
 * Holds out `perUser` random interactions of every user who has at least `perUser + 2` (so each user keeps enough
 * history to be folded in). Users are visited in id order so the split does not depend on file order.
 */
export function holdOutInteractions(
  interactions: readonly Interaction[],
  perUser: number,
  rng: Prng,
): { train: Interaction[]; test: Interaction[] } {
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  const byUser = groupByUser(interactions);
  for (const user of [...byUser.keys()].sort((a, b) => a - b)) {
    const list = rng.shuffle([...(byUser.get(user) as Interaction[])]);
    const held = list.length >= perUser + 2 ? perUser : 0;
    test.push(...list.slice(0, held));
    train.push(...list.slice(held));
  }
  return { train, test };
}

/**
 * Solves one side of implicit-feedback ALS (Hu, Koren & Volinsky 2008) for one row: minimise
 * Σ_j c_j (p_j − xᵀ y_j)² + λ|x|² over all counterpart vectors y_j, with p_j = 1 and c_j = 1 + α·r for observed
 * pairs, p_j = 0 and c_j = 1 otherwise. `gram` is Σ_j y_j y_jᵀ over all counterparts, so only observed pairs
 * need visiting.
 */
function solveRow(
  gram: number[][],
  counterpart: readonly (readonly number[])[],
  observed: readonly { index: number; rating: number }[],
  options: RecommenderOptions,
): number[] {
  const d = options.dimensions;
  const a = gram.map((row, i) => row.map((v, j) => v + (i === j ? options.l2 : 0)));
  const b = new Array<number>(d).fill(0);
  for (const { index, rating } of observed) {
    const y = counterpart[index] as number[];
    const c = 1 + options.alpha * rating;
    for (let i = 0; i < d; i++) {
      b[i] = (b[i] as number) + c * (y[i] as number);
      const ai = a[i] as number[];
      for (let j = 0; j < d; j++) ai[j] = (ai[j] as number) + (c - 1) * (y[i] as number) * (y[j] as number);
    }
  }
  return solveSpd(a, b);
}

function gramOf(vectors: readonly (readonly number[])[], d: number): number[][] {
  const g = zeros(d, d);
  for (const v of vectors) {
    for (let i = 0; i < d; i++) {
      const gi = g[i] as number[];
      for (let j = 0; j < d; j++) gi[j] = (gi[j] as number) + (v[i] as number) * (v[j] as number);
    }
  }
  return g;
}

/**
 * Fits the item table by alternating least squares from a seeded random start. ALS has no learning rate and each
 * sweep solves small D × D systems exactly, so 15 sweeps on a few thousand interactions take milliseconds.
 */
export function fitRecommender(
  interactions: readonly Interaction[],
  rng: Prng,
  options: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS,
): RecommenderModel {
  const d = options.dimensions;
  const byUser = groupByUser(interactions);
  const users = [...byUser.keys()].sort((a, b) => a - b);
  const byItem: { index: number; rating: number }[][] = Array.from({ length: options.items }, () => []);
  users.forEach((user, u) => {
    for (const it of byUser.get(user) as Interaction[])
      (byItem[it.item] as { index: number; rating: number }[]).push({ index: u, rating: it.rating });
  });
  const init = () => Array.from({ length: d }, () => 0.1 * rng.normal());
  let items = Array.from({ length: options.items }, init);
  let userVectors = users.map(init);

  for (let sweep = 0; sweep < options.iterations; sweep++) {
    const itemGram = gramOf(items, d);
    userVectors = users.map((user) =>
      solveRow(
        itemGram,
        items,
        (byUser.get(user) as Interaction[]).map((it) => ({ index: it.item, rating: it.rating })),
        options,
      ),
    );
    const userGram = gramOf(userVectors, d);
    items = byItem.map((observed) => solveRow(userGram, userVectors, observed, options));
  }
  return { items };
}

/** A user's embedding given the item table and their own interactions: what a user computes for a private query. */
export function foldInUser(
  model: RecommenderModel,
  history: readonly Interaction[],
  options: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS,
): number[] {
  return solveRow(
    gramOf(model.items, options.dimensions),
    model.items,
    history.map((it) => ({ index: it.item, rating: it.rating })),
    options,
  );
}

/** Item scores `<user, item>` for every item. */
export function scoreItems(model: RecommenderModel, user: readonly number[]): number[] {
  return model.items.map((item) => dot(item, user));
}

/**
 * The `k` best items by score, best first; ties go to the lower item index, as in the circuit. Items in `exclude`
 * (already seen) are skipped.
 */
export function topItems(scores: readonly number[], k: number, exclude: ReadonlySet<number> = new Set()): number[] {
  return scores
    .map((score, item) => ({ score, item }))
    .filter(({ item }) => !exclude.has(item))
    .sort((a, b) => b.score - a.score || a.item - b.item)
    .slice(0, k)
    .map(({ item }) => item);
}

export type RankingReport = {
  /** Mean over test users of (held-out items in the top k) / (held-out items). */
  readonly recallAtK: number;
  /** Share of test users with at least one held-out item in their top k. */
  readonly hitRateAtK: number;
  /** Expected recall@k of a random ranking of the unseen items: the no-data baseline. */
  readonly randomRecallAtK: number;
  readonly users: number;
};

/**
 * Ranking quality on held-out interactions: each test user is folded in from their training interactions, then
 * the unseen items are ranked.
 */
export function evaluateRanking(
  model: RecommenderModel,
  train: readonly Interaction[],
  test: readonly Interaction[],
  k: number,
  options: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS,
): RankingReport {
  const history = groupByUser(train);
  const heldOut = groupByUser(test);
  let recall = 0;
  let hits = 0;
  let random = 0;
  const users = [...heldOut.keys()].sort((a, b) => a - b);
  for (const user of users) {
    const seen = history.get(user) ?? [];
    const target = new Set((heldOut.get(user) as Interaction[]).map((it) => it.item));
    const exclude = new Set(seen.map((it) => it.item));
    const top = topItems(scoreItems(model, foldInUser(model, seen, options)), k, exclude);
    const found = top.filter((item) => target.has(item)).length;
    recall += found / target.size;
    if (found > 0) hits++;
    random += Math.min(k, options.items - exclude.size) / (options.items - exclude.size);
  }
  const n = Math.max(1, users.length);
  return { recallAtK: recall / n, hitRateAtK: hits / n, randomRecallAtK: random / n, users: users.length };
}
