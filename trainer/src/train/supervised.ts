import { createPrng, type Prng } from "../data/prng.ts";
import type { Contribution } from "./contributions.ts";
import { TrainingError } from "./errors.ts";
import { reweighingWeights } from "./fairness.ts";
import { DEFAULT_LOGISTIC_OPTIONS, fitLogistic, type LogisticModel, predictLogistic } from "./logistic.ts";
import { accuracy, type BiasReport, biasReport, majorityRate } from "./metrics.ts";
import { DEFAULT_MLP_OPTIONS, fitMlp, type MlpModel, predictMlp } from "./mlp.ts";
import { concatSamples, featureColumns, type Samples, selectSamples, toSamples } from "./samples.ts";
import { holdOut } from "./split.ts";
import { type ShapleyResult, shapleyValues } from "./valuation.ts";

/** Feature count of both classifier circuits. */
export const CIRCUIT_FEATURES = 16;

export type SupervisedOptions = {
  family: "classifier" | "mlp";
  label: string;
  sensitive: string | undefined;
  /** Class that counts as the favourable outcome in the bias metrics (1 = approve, 3 = strong-buy…). */
  positiveClass: number;
  /** "reweigh" applies Kamiran–Calders reweighing on the sensitive column; "none" trains on the rows as they are. */
  fairness: "none" | "reweigh";
  testFraction: number;
  seed: number;
  /** Monte-Carlo permutations when there are too many contributors for exact Shapley. */
  permutations: number;
  onProgress?: (message: string) => void;
};

export type FittedModel = { kind: "classifier"; model: LogisticModel } | { kind: "mlp"; model: MlpModel };

export type ContributionSplit = {
  readonly contribution: Contribution;
  readonly train: Samples;
  readonly test: Samples;
};

export type SupervisedResult = {
  readonly fitted: FittedModel;
  readonly features: string[];
  readonly classes: number;
  readonly splits: ContributionSplit[];
  /** Pooled test split of every contribution. */
  readonly test: Samples;
  readonly trainRows: number;
  readonly accuracy: number;
  readonly majorityBaseline: number;
  readonly bias: BiasReport | undefined;
  /** Test accuracy on each contribution's own held-out rows (a low one flags data unlike the rest). */
  readonly accuracyByContribution: number[];
  readonly valuation: ShapleyResult;
};

/** Classes each family predicts: the classifier approves or denies, the MLP picks one of four signals. */
export function classCount(family: "classifier" | "mlp"): number {
  return family === "classifier" ? 2 : 4;
}

function fitFamily(family: "classifier" | "mlp", samples: Samples, options: SupervisedOptions, rng: Prng): FittedModel {
  let sampleWeights: number[] | undefined;
  if (options.fairness === "reweigh") {
    // Validated by the caller: reweighing needs the sensitive column.
    sampleWeights = reweighingWeights(samples.g as number[], samples.y);
  }
  if (family === "classifier") {
    return { kind: "classifier", model: fitLogistic(samples, { ...DEFAULT_LOGISTIC_OPTIONS, sampleWeights }) };
  }
  return { kind: "mlp", model: fitMlp(samples, rng, { ...DEFAULT_MLP_OPTIONS, sampleWeights }) };
}

/** The fitted model's class for raw features. */
export function predict(fitted: FittedModel, x: readonly number[]): number {
  return fitted.kind === "classifier" ? predictLogistic(fitted.model, x) : predictMlp(fitted.model, x);
}

/**
 * Trains the logistic classifier or the MLP on contributed CSV datasets: splits each contribution into train and
 * test rows, fits on the pooled training rows, evaluates accuracy and bias on the pooled test split, and values
 * every contribution by Shapley over contributors (utility = test accuracy; v(∅) = the majority-class rate, what a
 * model that learned nothing but the class balance would score).
 *
 * @throws {DatasetError} a contribution does not match the model's schema.
 * @throws {TrainingError} too few rows, a single class, reweighing without a sensitive column.
 */
export function trainSupervised(contributions: readonly Contribution[], options: SupervisedOptions): SupervisedResult {
  const log = options.onProgress ?? (() => {});
  const classes = classCount(options.family);
  const schema = { label: options.label, sensitive: options.sensitive, featureCount: CIRCUIT_FEATURES, classes };
  if (options.fairness === "reweigh" && options.sensitive === undefined) {
    throw new TrainingError("fairness reweighing needs a sensitive column", {
      details: "pass --sensitive <column> (e.g. --sensitive group) or drop --fairness reweigh",
    });
  }
  const first = contributions[0];
  if (first === undefined) {
    throw new TrainingError("no contribution to train on", { details: "point --data at a folder of CSV files" });
  }
  const features = featureColumns(first.table.columns, schema, first.path);

  const splitRng = createPrng(options.seed);
  const splits = contributions.map((contribution) => {
    const samples = toSamples(contribution, schema);
    const { train, test } = holdOut(samples.y.length, options.testFraction, splitRng);
    return { contribution, train: selectSamples(samples, train), test: selectSamples(samples, test) };
  });
  const train = concatSamples(splits.map((s) => s.train));
  const test = concatSamples(splits.map((s) => s.test));
  if (train.y.length < CIRCUIT_FEATURES + 1 || test.y.length === 0) {
    throw new TrainingError(`only ${train.y.length} training and ${test.y.length} test rows`, {
      details: `provide at least ${CIRCUIT_FEATURES + 1} training rows plus a test split; add data or lower --test-fraction`,
    });
  }
  if (new Set(train.y).size < 2) {
    throw new TrainingError("every training row has the same label", {
      details: "a classifier needs examples of at least two classes; check the label column",
    });
  }
  log(`split: ${train.y.length} training rows, ${test.y.length} test rows from ${splits.length} contributions`);

  // Every fit draws its initialisation from the same seed, so a coalition's utility does not depend on the order
  // in which the valuation happens to visit coalitions.
  const fitSeeded = (samples: Samples) => fitFamily(options.family, samples, options, createPrng(options.seed + 1));
  const fitted = fitSeeded(train);
  const predicted = test.x.map((x) => predict(fitted, x));
  const acc = accuracy(predicted, test.y);
  const bias = test.g === undefined ? undefined : biasReport(predicted, test.y, test.g, options.positiveClass);
  log(
    `${options.family}: test accuracy ${acc.toFixed(4)}` +
      (bias === undefined ? "" : `, demographic-parity difference ${bias.demographicParityDifference.toFixed(4)}`),
  );
  const accuracyByContribution = splits.map((s) =>
    accuracy(
      s.test.x.map((x) => predict(fitted, x)),
      s.test.y,
    ),
  );

  const baseline = majorityRate(test.y);
  const utility = (mask: number): number => {
    if (mask === 0) return baseline;
    const members = splits.filter((_, i) => mask & (1 << i)).map((s) => s.train);
    const rows = concatSamples(members);
    // A coalition whose rows hold one class (or too few rows to fit) cannot beat the no-data model.
    if (rows.y.length <= CIRCUIT_FEATURES || new Set(rows.y).size < 2) return baseline;
    const model = fitSeeded(rows);
    return accuracy(
      test.x.map((x) => predict(model, x)),
      test.y,
    );
  };
  log(`valuing ${splits.length} contributions (Shapley over contributors, utility = test accuracy)`);
  const valuation = shapleyValues(splits.length, utility, createPrng(options.seed + 2), options.permutations);
  log(`valuation: ${valuation.evaluations} coalitions evaluated`);

  return {
    fitted,
    features,
    classes,
    splits,
    test,
    trainRows: train.y.length,
    accuracy: acc,
    majorityBaseline: baseline,
    bias,
    accuracyByContribution,
    valuation,
  };
}
