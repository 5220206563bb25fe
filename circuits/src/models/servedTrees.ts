import { FatalError } from "@symbiote/sdk";
import { z } from "zod";
import { TreeCircuitError } from "../trees/treeErrors.ts";
import type { TreeLayout } from "../trees/treeModel.ts";
import { type TreeParameters, treeLayoutFromParameters } from "../trees/treeParameters.ts";
import type { TreeEnsembleShape } from "../trees/treeShape.ts";
import type { TreeScales } from "../trees/treeSignals.ts";

/**
 * A tree ensemble as the node serves it: the layout the tree circuit takes (every tree padded to the circuit's depth,
 * the ensemble to its tree count) and the scales its features and values were quantised at. The layout, the base
 * values, the decision threshold and the salt are what commitTreeEnsemble commits; the scales only say how to read
 * raw integers as numbers.
 */
export type TreeEnsembleWeights = { layout: TreeLayout; scales: TreeScales };

const int = z.string().regex(/^-?\d+$/, { error: "must be a decimal integer string" });
const count = z.number().int().positive();
const fracBits = z.number().int().min(0).max(16);
const nodeId = z.number().int().nonnegative().nullable();

/** The `symbiote-trees/1` parameters of the compiler's model.json (circuits/src/trees/treeParameters.ts). */
const treeParametersSchema = z.object({
  format: z.literal("symbiote-trees/1"),
  shape: z.object({ trees: count, depth: count, features: count, columns: count }),
  scales: z.object({ featureFracBits: fracBits, valueFracBits: fracBits }),
  trees: z.array(
    z.object({
      id: nodeId,
      nodes: z.array(z.tuple([z.number().int(), int])),
      leaves: z.array(z.array(int)),
      nodeIds: z.array(nodeId),
      leafIds: z.array(nodeId),
    }),
  ),
  baseValues: z.array(int),
  decisionThreshold: int,
});

/**
 * Reads the tree parameters of a compiler model file into the layout the tree circuit proves, refusing a file whose
 * trees are not a full layout of its shape.
 *
 * @throws {FatalError} the parameters are damaged (the details name the field or the tree).
 */
export function parseTreeParameters(parameters: unknown, source: string): TreeEnsembleWeights {
  const damaged = (details: string, cause?: unknown) =>
    new FatalError(`${source}: the tree parameters are damaged; compile the model again or restore model.json.`, {
      details,
      ...(cause === undefined ? {} : { cause }),
    });
  const parsed = treeParametersSchema.safeParse(parameters);
  if (!parsed.success) {
    throw damaged(parsed.error.issues.map((i) => `parameters.${i.path.join(".")}: ${i.message}`).join("; "));
  }
  try {
    return treeLayoutFromParameters(parsed.data as TreeParameters);
  } catch (cause) {
    if (cause instanceof TreeCircuitError) throw damaged(cause.message, cause);
    throw cause;
  }
}

/** Whether a served ensemble was laid out for exactly this circuit shape (its padding is part of the commitment). */
export function treesFitShape(weights: TreeEnsembleWeights, shape: TreeEnsembleShape): boolean {
  const own = weights.layout.shape;
  return (
    own.trees === shape.trees &&
    own.depth === shape.depth &&
    own.features === shape.features &&
    own.columns === shape.columns
  );
}
