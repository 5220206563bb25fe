import { createPrng } from "../data/prng.ts";
import type { Contribution } from "./contributions.ts";
import { TrainingError } from "./errors.ts";
import {
  DEFAULT_RECOMMENDER_OPTIONS,
  evaluateRanking,
  fitRecommender,
  holdOutInteractions,
  type Interaction,
  type RankingReport,
  type RecommenderModel,
  toInteractions,
} from "./recommender.ts";
import { type ShapleyResult, shapleyValues } from "./valuation.ts";

/** Items the recommender circuit returns. */
export const TOP_K = 3;
/** Interactions held out per user for evaluation. */
const HELD_OUT_PER_USER = 2;

export type RankingOptions = {
  seed: number;
  permutations: number;
  onProgress?: (message: string) => void;
};

export type RankingResult = {
  readonly model: RecommenderModel;
  readonly contributions: readonly Contribution[];
  /** Training and held-out interactions per contribution, in contribution order. */
  readonly splits: readonly { train: Interaction[]; test: Interaction[] }[];
  readonly train: Interaction[];
  readonly test: Interaction[];
  readonly report: RankingReport;
  readonly valuation: ShapleyResult;
};

/**
 * Trains the recommender's item table on contributed interaction files, evaluates recall@3 on held-out
 * interactions (each test user folded in from their own history, as a user computes their private embedding), and
 * values contributions by Shapley over contributors (utility = recall@3; v(∅) = the recall of a random ranking).
 * A user's history always serves to fold them in, whichever coalition is being valued: a coalition only decides
 * which interactions shape the item table, which is exactly what a contributor's data buys.
 *
 * @throws {DatasetError} a file is not an interactions file.
 * @throws {TrainingError} no user has enough interactions to hold some out.
 */
export function trainRanking(contributions: readonly Contribution[], options: RankingOptions): RankingResult {
  const log = options.onProgress ?? (() => {});
  const rng = createPrng(options.seed);
  const splits = contributions.map((c) =>
    holdOutInteractions(toInteractions(c, DEFAULT_RECOMMENDER_OPTIONS.items), HELD_OUT_PER_USER, rng),
  );
  const train = splits.flatMap((s) => s.train);
  const test = splits.flatMap((s) => s.test);
  if (test.length === 0) {
    throw new TrainingError("no user has enough interactions to hold any out for evaluation", {
      details: `give users at least ${HELD_OUT_PER_USER + 2} interactions each`,
    });
  }
  log(`split: ${train.length} training and ${test.length} held-out interactions from ${splits.length} contributions`);

  const fitItems = (rows: readonly Interaction[]) => fitRecommender(rows, createPrng(options.seed + 1));
  const model = fitItems(train);
  const report = evaluateRanking(model, train, test, TOP_K);
  log(
    `recommender: recall@${TOP_K} ${report.recallAtK.toFixed(4)} (random ranking ${report.randomRecallAtK.toFixed(4)})`,
  );

  const utility = (mask: number): number => {
    if (mask === 0) return report.randomRecallAtK;
    const rows = splits.filter((_, i) => mask & (1 << i)).flatMap((s) => s.train);
    return evaluateRanking(fitItems(rows), train, test, TOP_K).recallAtK;
  };
  log(`valuing ${splits.length} contributions (Shapley over contributors, utility = recall@${TOP_K})`);
  const valuation = shapleyValues(splits.length, utility, createPrng(options.seed + 2), options.permutations);
  log(`valuation: ${valuation.evaluations} coalitions evaluated`);
  return { model, contributions, splits, train, test, report, valuation };
}
