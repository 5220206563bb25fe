import type { CircuitShape, CompiledShape } from "@symbiote/sdk";
import { FatalError } from "@symbiote/sdk";
import { z } from "zod";
import { computeWeightsCommitment } from "../commitment.ts";
import type { IntDenseModel } from "../dense/denseModel.ts";
import { denseWeightsCommitment } from "../dense/denseWitness.ts";
import { commitTreeEnsemble } from "../trees/treeCommitment.ts";
import { type ClassifierModel, classifierWeightVector } from "./classifier.ts";
import { isCompiledModelFile, parseCompiledModelFile } from "./compiledModel.ts";
import { type MlpModel, mlpWeightVector } from "./mlp.ts";
import { type RecommenderModel, recommenderWeightVector } from "./recommender.ts";
import { denseFitsShape } from "./servedDense.ts";
import { type TreeEnsembleWeights, treesFitShape } from "./servedTrees.ts";

/** The weights a node serves: a model's quantized values and the salt of its weights commitment. */
export type ServedModel =
  | { family: "classifier"; model: ClassifierModel; weightsSalt: bigint; weightsCommitment: bigint }
  | { family: "mlp"; model: MlpModel; weightsSalt: bigint; weightsCommitment: bigint }
  | { family: "recommender"; model: RecommenderModel; weightsSalt: bigint; weightsCommitment: bigint }
  | { family: "dense"; model: IntDenseModel; weightsSalt: bigint; weightsCommitment: bigint }
  | { family: "trees"; model: TreeEnsembleWeights; weightsSalt: bigint; weightsCommitment: bigint };

const int = z
  .string()
  .regex(/^-?\d+$/, { error: "must be a decimal integer string" })
  .transform(BigInt);
const vector = z.array(int);

/**
 * The part of a trainer model artifact (trainer/src/train/artifact.ts) the node needs. Anything else in the file (the
 * model card, metrics, contributions) is ignored.
 */
const artifactSchema = z.discriminatedUnion("family", [
  z.object({
    family: z.literal("classifier"),
    quantized: z.object({ weights: vector, bias: int, threshold: int }),
    weightsCommitment: z.object({ value: z.string(), salt: int }),
  }),
  z.object({
    family: z.literal("mlp"),
    quantized: z.object({ w1: z.array(vector), b1: vector, w2: z.array(vector), b2: vector }),
    weightsCommitment: z.object({ value: z.string(), salt: int }),
  }),
  z.object({
    family: z.literal("recommender"),
    quantized: z.object({ items: z.array(vector) }),
    weightsCommitment: z.object({ value: z.string(), salt: int }),
  }),
]);

/** A model file whose weights and salt do not open the commitment it is served under. */
export class ModelCommitmentMismatchError extends FatalError {
  override name = "ModelCommitmentMismatchError";
}

type VectorModel =
  | { family: "classifier"; model: ClassifierModel }
  | { family: "mlp"; model: MlpModel }
  | { family: "recommender"; model: RecommenderModel };

type FamilyModel =
  | VectorModel
  | { family: "dense"; model: IntDenseModel }
  | { family: "trees"; model: TreeEnsembleWeights };

/** The committed values of a model family whose commitment hashes one vector (the original three). */
export function weightVector(served: VectorModel): bigint[] {
  switch (served.family) {
    case "classifier":
      return classifierWeightVector(served.model);
    case "mlp":
      return mlpWeightVector(served.model);
    case "recommender":
      return recommenderWeightVector(served.model);
  }
}

/**
 * Recomputes the Poseidon weights commitment from the weights and the salt: one vector's commitment (a dense network's
 * every layer in order, under the MLP family's tag), or for a tree ensemble the chain of its trees' block digests,
 * base values and decision threshold.
 */
export function commitmentOf(served: FamilyModel & { weightsSalt: bigint }): bigint {
  if (served.family === "trees") return commitTreeEnsemble(served.model.layout, served.weightsSalt).weightsCommitment;
  if (served.family === "dense") return denseWeightsCommitment(served.model, served.weightsSalt);
  return computeWeightsCommitment(served.family, weightVector(served), served.weightsSalt);
}

/**
 * Parses a model artifact and checks that its weights open `expected` (the registry's commitment for the version).
 *
 * @throws {FatalError} not a model artifact.
 * @throws {ModelCommitmentMismatchError} the weights or the salt were altered, or the file belongs to another version.
 */
export function parseServedModel(json: unknown, expected: bigint, source: string): ServedModel {
  if (isCompiledModelFile(json)) {
    const file = parseCompiledModelFile(json, source);
    return checkCommitment({ ...file.served, weightsSalt: file.weightsSalt }, expected, source);
  }
  const parsed = artifactSchema.safeParse(json);
  if (!parsed.success) {
    throw new FatalError(
      `${source} is not a model artifact the node can serve; use the file \`trainer train\` wrote for this version.`,
      { details: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
    );
  }
  const { family, quantized, weightsCommitment } = parsed.data;
  const served = { family, model: quantized, weightsSalt: weightsCommitment.salt } as Omit<
    ServedModel,
    "weightsCommitment"
  >;
  return checkCommitment(served, expected, source);
}

/** The served weights, once they are shown to open `expected`. */
function checkCommitment(
  served: Omit<ServedModel, "weightsCommitment">,
  expected: bigint,
  source: string,
): ServedModel {
  let actual: bigint;
  try {
    actual = commitmentOf(served as ServedModel);
  } catch (cause) {
    throw new ModelCommitmentMismatchError(
      `${source}: the weights cannot be committed (${(cause as Error).message}); the file is damaged, fetch it again.`,
      { cause },
    );
  }
  if (actual !== expected) {
    throw new ModelCommitmentMismatchError(
      `${source}: the weights do not open the registry's commitment; refusing to serve them. Fetch the artifact the model owner published for this version (\`symbiote-oracle models sync\`).`,
      { details: `computed ${actual}, registry ${expected}` },
    );
  }
  return { ...served, weightsCommitment: actual } as ServedModel;
}

/**
 * The commitment a model file says its weights open (a trainer artifact's `weightsCommitment.value`, the compiler's
 * `weightsCommitment`), before anything is checked; undefined when the file names none.
 */
export function declaredCommitment(json: unknown): bigint | undefined {
  const declared = (json as { weightsCommitment?: unknown } | null)?.weightsCommitment;
  const value = typeof declared === "object" && declared !== null ? (declared as { value?: unknown }).value : declared;
  if (typeof value !== "string" || !/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return undefined;
  return BigInt(value);
}

/**
 * Whether a model's dimensions fit a circuit's shape: the manifest entry's, which for a compiled circuit may be a
 * shape beyond the original three families (a dense network's widths, a tree ensemble's trees, depth, features and
 * columns).
 */
export function fitsShape(served: ServedModel, shape: CircuitShape | CompiledShape): boolean {
  switch (served.family) {
    case "classifier":
      return shape.family === "classifier" && served.model.weights.length === shape.n;
    case "mlp":
      return (
        shape.family === "mlp" &&
        served.model.w1.length === shape.h &&
        served.model.w2.length === shape.k &&
        served.model.w1[0]?.length === shape.n
      );
    case "recommender":
      return (
        shape.family === "recommender" &&
        served.model.items.length === shape.m &&
        served.model.items[0]?.length === shape.d
      );
    case "dense":
      return denseFitsShape(served.model, shape);
    case "trees":
      return shape.family === "trees" && treesFitShape(served.model, shape);
  }
}
