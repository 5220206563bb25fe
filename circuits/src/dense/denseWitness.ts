import { type InputMode, packWords, toField } from "@symbiote/sdk";
import { type CircuitCall, checkContext, modelCircuitCall, type ProofContext } from "../circuitInput.ts";
import { computeInputCommitment, computeWeightsCommitment } from "../commitment.ts";
import { denseAttribution, denseAttributionIndex, packDenseAttribution } from "./denseAttribution.ts";
import {
  type DenseOutput,
  denseLogitPacking,
  denseWeightVector,
  denseWidths,
  evaluateDense,
  type IntDenseModel,
} from "./denseModel.ts";

/**
 * The commitment the model registry stores for a dense model under a salt (the circuit's CommitWeights): the MLP
 * family's, over every layer's parameters in order (w1, b1, w2, b2, ...).
 */
export function denseWeightsCommitment(model: IntDenseModel, salt: bigint): bigint {
  return computeWeightsCommitment("mlp", denseWeightVector(model), salt);
}

/**
 * A generated dense circuit's witness input and expected public signals for one input (raw features): the private
 * parameters w<l>, b<l> per layer, the features (committed mode) or their packed words (public mode), and the
 * outputs the integer reference computes — the logits packed as the circuit packs them, and their arg-max.
 */
export function denseCircuitCall(
  mode: InputMode,
  model: IntDenseModel,
  features: readonly bigint[],
  context: ProofContext,
): CircuitCall & { output: DenseOutput } {
  const inputSalt = checkContext(mode, context);
  const output = evaluateDense(model, features);
  const { bits, lanes } = denseLogitPacking(denseWidths(model));
  const privateModel: Record<string, bigint | bigint[] | bigint[][]> = { weightsSalt: context.weightsSalt };
  model.layers.forEach((layer, l) => {
    privateModel[`w${l + 1}`] = layer.weights.map((row) => row.map(toField));
    privateModel[`b${l + 1}`] = layer.bias.map(toField);
  });
  const call = modelCircuitCall({
    inputSalt,
    features,
    privateModel,
    outputs: [...packWords(output.logits, bits, lanes), BigInt(output.argmax)],
    weightsCommitment: denseWeightsCommitment(model, context.weightsSalt),
    binding: context.binding,
    inputCommitment: (values, salt) => computeInputCommitment("mlp", values, salt),
  });
  return { ...call, output };
}

/**
 * The witness input of a baked circuit (the compiler's denseCircuitSource with `baked`): the committed-weights circuit's
 * input without the parameters and their salt, which the circuit holds as constants; the public signals are the same,
 * and with `attribution` the gradient x input words (packDenseAttribution) follow the arg-max.
 */
export function denseBakedCircuitCall(
  mode: InputMode,
  model: IntDenseModel,
  features: readonly bigint[],
  context: ProofContext,
  options: { attribution?: boolean } = {},
): CircuitCall & { output: DenseOutput } {
  const call = denseCircuitCall(mode, model, features, context);
  const input = Object.fromEntries(
    Object.entries(call.input).filter(([name]) => name !== "weightsSalt" && !/^[wb]\d+$/.test(name)),
  );
  if (!options.attribution) return { ...call, input };
  const widths = denseWidths(model);
  const at = denseAttributionIndex(widths);
  const words = packDenseAttribution(widths, denseAttribution(model, features, call.output));
  const publicSignals = [...call.publicSignals.slice(0, at), ...words, ...call.publicSignals.slice(at)];
  return { ...call, input, publicSignals };
}
