import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIELD_MODULUS } from "@symbiote/sdk";
import type { ClassifierModel } from "../../../circuits/src/models/classifier.ts";
import type { MlpModel } from "../../../circuits/src/models/mlp.ts";
import type { RecommenderModel } from "../../../circuits/src/models/recommender.ts";
import { commitmentOf } from "../../../circuits/src/models/servedModel.ts";
import { randomClassifier, randomMlp, randomRecommender, SeededRandom } from "../../../circuits/src/randomModels.ts";
import { seedFor } from "../../../circuits/src/sampleCalls.ts";
import { ARTIFACT_VERSION, toDecimalStrings } from "../../../trainer/src/train/artifact.ts";

export type TestModel =
  | { family: "classifier"; model: ClassifierModel }
  | { family: "mlp"; model: MlpModel }
  | { family: "recommender"; model: RecommenderModel };

/** A deterministic model of a family with its salt, as the trainer's artifact file would hold it. */
export function testModel(label: string, family: TestModel["family"]) {
  const rng = new SeededRandom(seedFor(label));
  const weightsSalt = ((rng.next64() << 64n) | rng.next64()) % FIELD_MODULUS;
  const fm: TestModel =
    family === "classifier"
      ? { family, model: randomClassifier(rng, 16) }
      : family === "mlp"
        ? { family, model: randomMlp(rng, 16, 32, 4) }
        : { family, model: randomRecommender(rng, 16, 32) };
  const commitment = commitmentOf({ ...fm, weightsSalt } as Parameters<typeof commitmentOf>[0]);
  const artifact = {
    format: "symbiote.model-artifact",
    version: ARTIFACT_VERSION,
    name: label,
    family,
    quantized: toDecimalStrings(fm.model),
    weightsCommitment: { value: `0x${commitment.toString(16).padStart(64, "0")}`, salt: weightsSalt.toString() },
  };
  return { ...fm, weightsSalt, commitment, artifact, inputs: rng.vector(16) };
}

export function writeArtifact(dir: string, name: string, artifact: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(artifact));
  return path;
}
