/**
 * The loan applicant: a creditworthy member of the protected group, with fresh data (not in anyone's training books),
 * whom the model trained on the biased books turns down and the corrected model approves. Their 16 features stay on
 * their own node; the chain only ever sees the Poseidon commitment to them.
 */

import {
  type ClassifierModel,
  type ClassifierOutput,
  computeInputCommitment,
  inferClassifier,
} from "@symbiote/circuits";
import { quantize } from "@symbiote/sdk";
import { createPrng, generateCredit, type ModelArtifact, quantizedFromArtifact } from "@symbiote/trainer";
import { DemoError } from "./errors.ts";

export type Applicant = {
  featureNames: string[];
  /** The features as the applicant knows them, and in the circuits' fixed point. */
  values: number[];
  features: bigint[];
  salt: bigint;
  /** Poseidon commitment to (features, salt): the committed input of the request. */
  commitment: bigint;
  /** What each version's reference inference says, before anything is proven. */
  expected: { biased: ClassifierOutput; corrected: ClassifierOutput };
};

const APPLICANT_SEED = 2024;
const CANDIDATES = 400;
const INPUT_SALT = 424242n;

function classifierOf(artifact: ModelArtifact): ClassifierModel {
  return quantizedFromArtifact(artifact).model as ClassifierModel;
}

/**
 * Draws fresh applications with fair labels and picks the first creditworthy group-1 applicant the biased version
 * rejects and the corrected one approves.
 *
 * @throws {DemoError} none of the candidates shows the difference (the trainer or the data changed).
 */
export function chooseApplicant(biased: ModelArtifact, corrected: ModelArtifact): Applicant {
  const table = generateCredit(createPrng(APPLICANT_SEED), { rows: CANDIDATES, bias: 0, labelNoise: 0 });
  const featureNames = [...biased.features];
  const columns = featureNames.map((name) => table.columns.indexOf(name));
  const group = table.columns.indexOf("group");
  const label = table.columns.indexOf("label");
  for (const row of table.rows) {
    if (row[group] !== 1 || row[label] !== 1) continue;
    const values = columns.map((c) => row[c] as number);
    const features = values.map((v, i) => quantize(v, featureNames[i] as string));
    const biasedOut = inferClassifier(classifierOf(biased), features);
    const correctedOut = inferClassifier(classifierOf(corrected), features);
    if (!biasedOut.decision && correctedOut.decision) {
      return {
        featureNames,
        values,
        features,
        salt: INPUT_SALT,
        commitment: computeInputCommitment("classifier", features, INPUT_SALT),
        expected: { biased: biasedOut, corrected: correctedOut },
      };
    }
  }
  throw new DemoError(
    `none of ${CANDIDATES} creditworthy group-1 applicants is rejected by the biased version and approved by the corrected one; check the trainer's bias figures (docs/training.md).`,
  );
}
