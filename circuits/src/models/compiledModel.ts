import { FatalError } from "@symbiote/sdk";
import { z } from "zod";
import type { IntDenseModel } from "../dense/denseModel.ts";
import type { ClassifierModel } from "./classifier.ts";
import type { MlpModel } from "./mlp.ts";
import { denseModelFromParameters, denseParametersSchema } from "./servedDense.ts";
import { parseTreeParameters, type TreeEnsembleWeights } from "./servedTrees.ts";

/**
 * A compiler model file (`model.json`, written by `npm run model -- compile`) whose circuit this node cannot prove:
 * the message names the circuit and what serves it.
 */
export class UnservableCompiledModelError extends FatalError {
  override name = "UnservableCompiledModelError";
}

const int = z
  .string()
  .regex(/^-?\d+$/, { error: "must be a decimal integer string" })
  .transform(BigInt);
const vector = z.array(int);

const linearParameters = z.object({
  format: z.literal("value (scale 2^16)"),
  weights: vector,
  bias: int,
  threshold: int,
});

/** The compiler's model file: the circuit id, the quantised parameters, the salt and the commitment they open. */
const compiledModelSchema = z.object({
  circuit: z.string().min(1),
  parameters: z.record(z.string(), z.unknown()),
  weightsSalt: int,
  weightsCommitment: int,
});

/** The id of a circuit whose model is constants (the compiler's baked ids: linear, dense and tree circuits). */
const BAKED_CIRCUIT = /-baked(-|$)/;

/** Whether a circuit id names a baked dense circuit that also proves each feature's gradient x input. */
export function provesAttribution(id: string): boolean {
  return isBakedCircuitId(id) && id.endsWith("-attribution");
}

/**
 * Whether a circuit id names one version's baked circuit: its witness takes no weights (the circuit holds them as
 * constants and pins their commitment), so the node builds it with the family's baked witness builder.
 */
export function isBakedCircuitId(id: string): boolean {
  return BAKED_CIRCUIT.test(id);
}

/** Whether a parsed JSON document is the compiler's model file rather than a trainer artifact. */
export function isCompiledModelFile(json: unknown): boolean {
  return typeof json === "object" && json !== null && "circuit" in json && "parameters" in json;
}

/** What a compiled model file declares, before its weights are checked against any commitment. */
export type CompiledModelFile = {
  circuit: string;
  weightsSalt: bigint;
  declaredCommitment: bigint;
  served:
    | { family: "classifier"; model: ClassifierModel }
    | { family: "mlp"; model: MlpModel }
    | { family: "dense"; model: IntDenseModel }
    | { family: "trees"; model: TreeEnsembleWeights };
};

/**
 * Reads the compiler's `model.json` into the weights of a circuit family the node proves: a linear model is the
 * classifier family over its N features (`classifier<N>-<mode>`, the same witness and commitment), a network with one
 * ReLU hidden layer is the MLP family (`mlp<N>x<H>x<K>-<mode>`: the compiler commits a dense model's parameters in
 * the MLP family's order, w1, b1, w2, b2), any other dense network is the dense family (`mlp<N>x<H1>x...x<K>-<mode>`,
 * every layer's parameters in that order under the MLP family's commitment), a tree ensemble is its
 * `symbiote-trees/1` layout for the tree circuit (`trees<T>x<D>x<F>x<C>-<mode>`, committed with commitTreeEnsemble).
 *
 * @throws {FatalError} not a compiler model file, or damaged parameters (the details name the fields).
 * @throws {UnservableCompiledModelError} a format this node does not know: it has no witness builder for its circuits.
 */
export function parseCompiledModelFile(json: unknown, source: string): CompiledModelFile {
  const parsed = compiledModelSchema.safeParse(json);
  if (!parsed.success) {
    throw new FatalError(
      `${source} is not a model file \`npm run model -- compile\` wrote; pass the model.json from the compile's --out folder.`,
      { details: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") },
    );
  }
  const { circuit, parameters, weightsSalt, weightsCommitment } = parsed.data;
  const base = { circuit, weightsSalt, declaredCommitment: weightsCommitment };
  if (parameters.format === "value (scale 2^16)") {
    const p = parseParameters(linearParameters, parameters, source);
    return { ...base, served: { family: "classifier", model: p } };
  }
  if (parameters.format === "compact weights (scale 2^10)") {
    const p = parseParameters(denseParametersSchema, parameters, source);
    const [first, second] = p.layers;
    if (p.layers.length === 2 && first && second && first.relu) {
      return {
        ...base,
        served: { family: "mlp", model: { w1: first.weights, b1: first.bias, w2: second.weights, b2: second.bias } },
      };
    }
    return { ...base, served: { family: "dense", model: denseModelFromParameters(p, source) } };
  }
  if (parameters.format === "symbiote-trees/1") {
    return { ...base, served: { family: "trees", model: parseTreeParameters(parameters, source) } };
  }
  throw new UnservableCompiledModelError(
    `${source}: circuit ${circuit} has parameters in format ${String(parameters.format)}; this node proves compiled linear models, dense networks (compact weights) and tree ensembles (symbiote-trees/1). Upgrade the node, or compile the model with the compiler this node ships with.`,
  );
}

function parseParameters<T extends z.ZodType>(schema: T, parameters: unknown, source: string): z.output<T> {
  const parsed = schema.safeParse(parameters);
  if (!parsed.success) {
    throw new FatalError(`${source}: the parameters are damaged; compile the model again or restore model.json.`, {
      details: parsed.error.issues.map((i) => `parameters.${i.path.join(".")}: ${i.message}`).join("; "),
    });
  }
  return parsed.data;
}
