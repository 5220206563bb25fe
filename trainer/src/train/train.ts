import { basename } from "node:path";
import { randomSalt } from "@symbiote/circuits";
import {
  assertFieldElement,
  buildRewardTree,
  FRAC_BITS,
  getRewardProof,
  MODEL_CARD_SCHEMA,
  type ModelCard,
  SCALE,
  VALUE_BITS,
  WEIGHT_BITS,
  WEIGHT_FRAC_BITS,
} from "@symbiote/sdk";
import { type Address, getAddress, type Hex, numberToHex } from "viem";
import {
  ARTIFACT_FORMAT,
  ARTIFACT_VERSION,
  cardPathFor,
  type ModelArtifact,
  toDecimalStrings,
  writeJsonAtomic,
} from "./artifact.ts";
import { type Contribution, loadContributions, readContributionIds } from "./contributions.ts";
import { DEFAULT_LOGISTIC_OPTIONS } from "./logistic.ts";
import { DEFAULT_MLP_OPTIONS } from "./mlp.ts";
import { DEFAULT_INTENDED_USE, FAMILY_DESCRIPTION, OUT_OF_SCOPE_USE } from "./modelCard.ts";
import {
  checkClassification,
  checkRanking,
  type QuantizationCheck,
  type QuantizedModel,
  quantizeClassifier,
  quantizeMlp,
  quantizeRecommender,
  weightsCommitment,
} from "./quantize.ts";
import { TOP_K, trainRanking } from "./ranking.ts";
import { DEFAULT_RECOMMENDER_OPTIONS, foldInUser, type Interaction } from "./recommender.ts";
import { predict, trainSupervised } from "./supervised.ts";
import { rewardWeights, type ShapleyResult, WEIGHT_UNITS_PER_UTILITY } from "./valuation.ts";

export type Family = "classifier" | "mlp" | "recommender";
export const FAMILIES: readonly Family[] = ["classifier", "mlp", "recommender"];

export type TrainOptions = {
  family: Family;
  /** Folder with one CSV file per contribution. */
  data: string;
  /** Artifact path; the public model card goes next to it as `<name>.card.json`. */
  out: string;
  /** Model name for the card; defaults to the artifact's file name. */
  name?: string;
  /** Label column (classifier, MLP). */
  label: string;
  /** Sensitive column for the bias metrics (classifier, MLP); excluded from the features. */
  sensitive?: string;
  /** Favourable class for the bias metrics; defaults to the highest class (1 = approve, 3 = strong-buy). */
  positiveClass?: number;
  fairness: "none" | "reweigh";
  testFraction: number;
  seed: number;
  permutations: number;
  /** JSON map file name → DataRegistry contribution id; ids 1..n in file order without it. */
  ids?: string;
  /** Blinding salt of the weights commitment; random when absent (pass one only to reproduce an artifact). */
  salt?: bigint;
  intendedUse?: string;
  /**
   * The address that will publish the version (the model owner's), recorded in the artifact so that operators handed
   * the file serve it only for that owner's model (ModelArtifact.publisher); `publish` records its signer otherwise.
   */
  publisher?: Address;
  onProgress?: (message: string) => void;
};

export type TrainResult = { artifact: ModelArtifact; artifactPath: string; cardPath: string };

/** What every family hands to the common tail of the pipeline (valuation weights, tree, artifact). */
type Trained = {
  quantized: QuantizedModel;
  check: QuantizationCheck;
  float: unknown;
  features: string[];
  shape: ModelArtifact["shape"];
  metrics: Record<string, unknown>;
  cardMetrics: ModelCard["evaluation"]["metrics"];
  testSplit: string;
  valuation: ShapleyResult;
  utility: string;
  rows: { trainRows: number; testRows: number }[];
  hyperparameters: unknown;
};

function trainClassification(contributions: Contribution[], options: TrainOptions): Trained {
  const family = options.family as "classifier" | "mlp";
  const classes = family === "classifier" ? 2 : 4;
  const positiveClass = options.positiveClass ?? classes - 1;
  const result = trainSupervised(contributions, {
    family,
    label: options.label,
    sensitive: options.sensitive,
    positiveClass,
    fairness: options.fairness,
    testFraction: options.testFraction,
    seed: options.seed,
    permutations: options.permutations,
    onProgress: options.onProgress,
  });
  const quantized =
    result.fitted.kind === "classifier" ? quantizeClassifier(result.fitted.model) : quantizeMlp(result.fitted.model);
  const floatDecisions = result.test.x.map((x) => predict(result.fitted, x));
  const check = checkClassification(quantized, result.test.x, floatDecisions, result.test.y);
  const bias = result.bias;
  return {
    quantized,
    check,
    float: result.fitted.model,
    features: result.features,
    shape: family === "classifier" ? { inputs: 16, outputs: 1 } : { inputs: 16, hidden: 32, outputs: 4 },
    metrics: {
      testRows: result.test.y.length,
      trainRows: result.trainRows,
      accuracy: result.accuracy,
      majorityBaseline: result.majorityBaseline,
      positiveClass,
      bias: bias ?? null,
      accuracyByContribution: Object.fromEntries(
        result.splits.map((s, i) => [s.contribution.name, result.accuracyByContribution[i] as number]),
      ),
      fixedPoint: { agreement: check.agreement, accuracy: check.accuracy },
    },
    cardMetrics: {
      accuracy: result.accuracy,
      majorityBaseline: result.majorityBaseline,
      ...(bias === undefined
        ? {}
        : {
            demographicParityDifference: bias.demographicParityDifference,
            equalOpportunityDifference: bias.equalOpportunityDifference,
            positiveRateByGroup: bias.positiveRateByGroup,
            positiveClass,
          }),
    },
    testSplit: `${result.test.y.length} rows: ${options.testFraction} of each contribution, held out at random (seed ${options.seed})`,
    valuation: result.valuation,
    utility: "test accuracy",
    rows: result.splits.map((s) => ({ trainRows: s.train.y.length, testRows: s.test.y.length })),
    hyperparameters: family === "classifier" ? { l2: DEFAULT_LOGISTIC_OPTIONS.l2 } : { ...DEFAULT_MLP_OPTIONS },
  };
}

function trainRecommendation(contributions: Contribution[], options: TrainOptions): Trained {
  const result = trainRanking(contributions, options);
  const quantized = quantizeRecommender(result.model);
  // The embeddings test users would bring: folded in from their own training history.
  const history = new Map<number, Interaction[]>();
  for (const it of result.train) history.set(it.user, [...(history.get(it.user) ?? []), it]);
  const testUsers = [...new Set(result.test.map((it) => it.user))].sort((a, b) => a - b);
  const embeddings = testUsers.map((u) => foldInUser(result.model, history.get(u) ?? []));
  const check = checkRanking(quantized, result.model, embeddings, TOP_K);
  const { dimensions, items } = DEFAULT_RECOMMENDER_OPTIONS;
  return {
    quantized,
    check,
    float: result.model,
    features: Array.from({ length: dimensions }, (_, i) => `embedding_${i}`),
    shape: { inputs: dimensions, outputs: TOP_K, items, topK: TOP_K },
    metrics: {
      testInteractions: result.test.length,
      trainInteractions: result.train.length,
      testUsers: result.report.users,
      recallAt3: result.report.recallAtK,
      hitRateAt3: result.report.hitRateAtK,
      randomRecallAt3: result.report.randomRecallAtK,
      bias: null,
      fixedPoint: { agreement: check.agreement, accuracy: null },
    },
    cardMetrics: {
      recallAt3: result.report.recallAtK,
      hitRateAt3: result.report.hitRateAtK,
      randomRecallAt3: result.report.randomRecallAtK,
    },
    testSplit: `${result.test.length} interactions: 2 per user with at least 4, held out at random (seed ${options.seed})`,
    valuation: result.valuation,
    utility: "recall@3 on held-out interactions",
    rows: result.splits.map((s) => ({ trainRows: s.train.length, testRows: s.test.length })),
    hyperparameters: { ...DEFAULT_RECOMMENDER_OPTIONS },
  };
}

/** A field element as the bytes32 the contracts store. */
function toBytes32(value: bigint): Hex {
  return numberToHex(value, { size: 32 });
}

/**
 * The `train` command: loads the contributions, fits the family's model, evaluates it (accuracy and bias on the
 * held-out split), values every contribution (Shapley → integer weights), quantizes to the circuits' fixed point,
 * checks the fixed-point model against the float one, commits to the weights, builds the training-data Merkle tree
 * and writes the artifact and its public model card.
 *
 * @throws {DatasetError} a contribution cannot be read or does not match the model's schema.
 * @throws {TrainingError} the data cannot produce a model, or no contribution has value.
 * @throws {FixedPointRangeError} a weight or a test feature does not fit the circuits' fixed point.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const log = options.onProgress ?? (() => {});
  const ids = options.ids === undefined ? undefined : await readContributionIds(options.ids);
  const contributions = await loadContributions(options.data, ids);
  log(`loaded ${contributions.length} contributions from ${options.data}`);

  const trained =
    options.family === "recommender"
      ? trainRecommendation(contributions, options)
      : trainClassification(contributions, options);
  log(
    `fixed point: the circuit's reference inference agrees with the float model on ${(100 * trained.check.agreement).toFixed(2)}% of ${trained.check.inputs} test inputs`,
  );

  const { weights, total } = rewardWeights(trained.valuation.values);
  const tree = buildRewardTree(
    contributions.map((c, i) => ({ contributionId: c.contributionId, weight: weights[i] as bigint })),
  );
  log(`training-data root ${tree.root}, total weight ${total}`);

  const salt = options.salt ?? randomSalt();
  assertFieldElement(salt, "weights salt");
  const commitment = toBytes32(weightsCommitment(trained.quantized, salt));
  const name = options.name ?? basename(options.out).replace(/\.json$/, "");

  const contributionEntries = contributions.map((c, i) => ({
    contributionId: c.contributionId.toString(),
    file: c.name,
    rows: c.table.rows.length,
    trainRows: trained.rows[i]?.trainRows ?? 0,
    testRows: trained.rows[i]?.testRows ?? 0,
    datasetCommitment: c.commitment,
    shapleyValue: trained.valuation.values[i] as number,
    weight: (weights[i] as bigint).toString(),
  }));
  const supervised = options.family !== "recommender";
  // The MLP and the recommender carry their parameters in the compact weight format (sdk/src/codecs/params.ts).
  const compactWeights = options.family !== "classifier";
  const modelCard: ModelCard = {
    schema: MODEL_CARD_SCHEMA,
    name,
    family: options.family,
    description: FAMILY_DESCRIPTION[options.family],
    features: trained.features,
    intendedUse: options.intendedUse ?? DEFAULT_INTENDED_USE[options.family],
    outOfScopeUse: OUT_OF_SCOPE_USE[options.family],
    trainingData: {
      contributions: contributionEntries.map((c) => ({
        contributionId: c.contributionId,
        datasetCommitment: c.datasetCommitment,
        rows: c.rows,
        weight: c.weight,
      })),
      rows: contributionEntries.reduce((s, c) => s + c.rows, 0),
      merkleRoot: tree.root,
      totalWeight: total.toString(),
      valuation: `${trained.valuation.method} over contributors, utility = ${trained.utility}, negatives clipped to 0, 1 weight = 1e-6 utility`,
    },
    evaluation: { testSplit: trained.testSplit, metrics: trained.cardMetrics },
    fairness: {
      sensitiveColumn: supervised ? (options.sensitive ?? null) : null,
      mitigation:
        options.fairness === "reweigh"
          ? "reweighing (Kamiran & Calders): training rows weighted so the label is independent of the sensitive column"
          : "none",
    },
    circuit: {
      fixedPoint: compactWeights
        ? `signed, ${FRAC_BITS} fractional bits, ${VALUE_BITS}-bit values; parameters ${WEIGHT_BITS}-bit with ${WEIGHT_FRAC_BITS} fractional bits`
        : `signed, ${FRAC_BITS} fractional bits, ${VALUE_BITS}-bit values`,
      weightsCommitment: commitment,
      fixedPointAgreement: trained.check.agreement,
    },
    limitations: [
      "Evaluated on a held-out split of the contributed data only; performance on other populations is unknown.",
      "Contribution values depend on the test split and the model family; they rank data for this version only.",
      ...(supervised && options.sensitive === undefined
        ? ["No sensitive column was named, so no bias metric was computed."]
        : []),
    ],
  };

  const artifact: ModelArtifact = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    name,
    family: options.family,
    shape: trained.shape,
    features: trained.features,
    label: supervised ? options.label : null,
    sensitive: supervised ? (options.sensitive ?? null) : null,
    fixedPoint: {
      fracBits: FRAC_BITS,
      scale: SCALE.toString(),
      valueBits: VALUE_BITS,
      signed: true,
      weights: compactWeights ? { fracBits: WEIGHT_FRAC_BITS, bits: WEIGHT_BITS } : null,
    },
    float: trained.float,
    quantized: toDecimalStrings(trained.quantized.model),
    weightsCommitment: { value: commitment, salt: salt.toString() },
    ...(options.publisher === undefined ? {} : { publisher: getAddress(options.publisher) }),
    metrics: trained.metrics,
    contributions: contributionEntries,
    valuation: {
      method: trained.valuation.method,
      utility: trained.utility,
      baseline: trained.valuation.baseline,
      full: trained.valuation.full,
      coalitionsEvaluated: trained.valuation.evaluations,
      permutations: trained.valuation.permutations ?? null,
      weightUnit: "1e-6 of a utility point",
      weightUnitsPerUtility: WEIGHT_UNITS_PER_UTILITY,
    },
    trainingData: {
      merkleRoot: tree.root,
      totalWeight: total.toString(),
      leafEncoding: "keccak256(bytes.concat(keccak256(abi.encode(uint256 contributionId, uint256 weight))))",
      leaves: tree.leaves.map((leaf) => ({
        contributionId: leaf.contributionId.toString(),
        weight: leaf.weight.toString(),
        proof: getRewardProof(tree, leaf.contributionId),
      })),
    },
    training: {
      data: options.data,
      seed: options.seed,
      testFraction: options.testFraction,
      fairness: options.fairness,
      hyperparameters: trained.hyperparameters,
    },
    modelCard,
  };

  const cardPath = cardPathFor(options.out);
  await writeJsonAtomic(options.out, artifact);
  await writeJsonAtomic(cardPath, modelCard);
  log(`wrote ${options.out} and ${cardPath}`);
  return { artifact, artifactPath: options.out, cardPath };
}
