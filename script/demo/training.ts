/**
 * Trains the demo's models with the project's trainer, on the contributors' registered files: the credit classifier
 * as a lender's books taught it (historical bias against group 1), the same data with the fairness correction, the
 * market-signal MLP on the price feeds and the recommender on the shops' interactions. Salts are fixed so that every
 * run produces the same weights (a real owner lets the trainer draw a random salt). Every artifact names the model
 * owner as its publisher before anything is registered, so the operators handed it serve it only for the owner's models.
 */
import { join } from "node:path";
import type { ModelArtifact } from "@symbiote/trainer";
import { type TrainOptions, train } from "@symbiote/trainer";
import { actors } from "./actors.ts";
import { DATASET_SEED } from "./datasets.ts";

export type TrainedModel = { artifact: ModelArtifact; artifactPath: string; cardPath: string };

export type DemoArtifacts = {
  /** Credit classifier trained on the biased books: the version governance will flag. */
  creditBiased: TrainedModel;
  /** The same books with reweighing: the corrected version. */
  creditCorrected: TrainedModel;
  marketSignal: TrainedModel;
  recommender: TrainedModel;
};

type Plan = Pick<TrainOptions, "family" | "sensitive" | "fairness" | "intendedUse"> & {
  folder: string;
  file: string;
  salt: bigint;
};

const PLANS: Record<keyof DemoArtifacts, Plan> = {
  creditBiased: {
    family: "classifier",
    folder: "credit-biased",
    file: "credit-v1.json",
    sensitive: "group",
    fairness: "none",
    salt: 1001n,
    intendedUse: "consumer credit pre-approval on an applicant's own committed data",
  },
  creditCorrected: {
    family: "classifier",
    folder: "credit-biased",
    file: "credit-v2.json",
    sensitive: "group",
    fairness: "reweigh",
    salt: 1002n,
    intendedUse: "consumer credit pre-approval on an applicant's own committed data",
  },
  marketSignal: { family: "mlp", folder: "prices", file: "market-signal.json", fairness: "none", salt: 1003n },
  recommender: {
    family: "recommender",
    folder: "interactions",
    file: "recommender.json",
    fairness: "none",
    salt: 1004n,
  },
};

/** Trains one model; `onProgress` gets the trainer's own progress lines. */
async function trainOne(plan: Plan, dataDir: string, outDir: string, onProgress?: (m: string) => void) {
  const result = await train({
    family: plan.family,
    data: join(dataDir, plan.folder),
    out: join(outDir, plan.file),
    label: "label",
    sensitive: plan.sensitive,
    fairness: plan.fairness,
    testFraction: 0.25,
    seed: DATASET_SEED,
    permutations: 200,
    ids: join(dataDir, plan.folder, "ids.json"),
    salt: plan.salt,
    intendedUse: plan.intendedUse,
    publisher: actors.modelOwner.address,
    onProgress,
  });
  return { artifact: result.artifact, artifactPath: result.artifactPath, cardPath: result.cardPath };
}

/** Trains the four demo models into `outDir` (artifacts and their public model cards). */
export async function trainDemoModels(
  dataDir: string,
  outDir: string,
  onModel: (name: keyof DemoArtifacts, model: TrainedModel) => void = () => {},
): Promise<DemoArtifacts> {
  const out: Partial<DemoArtifacts> = {};
  for (const name of Object.keys(PLANS) as (keyof DemoArtifacts)[]) {
    out[name] = await trainOne(PLANS[name], dataDir, outDir);
    onModel(name, out[name]);
  }
  return out as DemoArtifacts;
}

/** The bias figures of a classifier's model card, for printing: demographic-parity difference and group rates. */
export function biasOf(artifact: ModelArtifact): { dp: number; rates: Record<string, number> } | undefined {
  const bias = (
    artifact.metrics as { bias?: { demographicParityDifference: number; positiveRateByGroup: Record<string, number> } }
  ).bias;
  return bias ? { dp: bias.demographicParityDifference, rates: bias.positiveRateByGroup } : undefined;
}
