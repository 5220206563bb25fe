/**
 * Deterministic models of the built-in families with their salts and commitments, as the trainer's artifact files
 * hold them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ClassifierModel,
  commitmentOf,
  type MlpModel,
  type RecommenderModel,
  randomClassifier,
  randomMlp,
  randomRecommender,
  SeededRandom,
  seedFor,
} from "@symbiote/circuits";
import { FIELD_MODULUS } from "@symbiote/sdk";
import { ARTIFACT_VERSION, toDecimalStrings } from "@symbiote/trainer";

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

/** Writes a model artifact as `<dir>/<name>.json` and returns its path. */
export function writeArtifact(dir: string, name: string, artifact: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(artifact));
  return path;
}
