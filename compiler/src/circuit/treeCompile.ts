import type { CircuitCall, ProofContext, TreeEnsembleOutput, TreeEnsembleShape } from "@symbiote/circuits";
import {
  type CommittedEnsemble,
  commitTreeEnsemble,
  type IntegerTreeEnsemble,
  layoutTreeEnsemble,
  TreeCircuitError,
  type TreeLayout,
  type TreeParameters,
  treeEnsembleCircuitCall,
  treeEnsembleShape,
  treeParameters,
  treePublicSignalLayout,
} from "@symbiote/circuits";
import type { InputMode, PublicSignal } from "@symbiote/sdk";
import type { TreeEnsembleModel } from "../ir/model.ts";
import { quantizeTreeEnsemble, quantizeTreeFeatures, treeScales } from "../quantize/trees.ts";
import { treeCircuitSource, writeTreeCircuit } from "./treeCircuit.ts";

export interface TreeCompileOptions {
  inputMode: InputMode;
  /** Folder of the generated main component (default compiler/out/<circuit id>/, git-ignored). */
  outDir?: string;
  /**
   * A larger shape than the model's own (more trees, deeper trees), so that one circuit and one key serve several
   * models; features and columns must be the model's. Default: the smallest shape that holds the model.
   */
  shape?: Partial<Pick<TreeEnsembleShape, "trees" | "depth">>;
  /** Fractional bits of the features and thresholds (compiler/src/quantize/trees.ts); default 16. */
  featureFracBits?: number;
  /** Fractional bits of leaf values, base values and scores; default 16 (fewer for values beyond ±128). */
  valueFracBits?: number;
}

/** Everything the model CLI needs of a tree ensemble: its circuit, its integer model and its witness builder. */
export interface CompiledTreeEnsemble {
  shape: TreeEnsembleShape;
  /** e.g. `trees10x4x30x1-committed`: trees x depth x features x columns, input mode. */
  circuitId: string;
  /** The generated main component (.circom); compile it from the repository root (circuits/src/build/compile.ts). */
  circuitPath: string;
  inputMode: InputMode;
  featureFracBits: number;
  valueFracBits: number;
  /** The quantised model (raw integers: features and thresholds at 2^featureFracBits, values at 2^valueFracBits). */
  model: IntegerTreeEnsemble;
  /** The model laid out at full depth for the circuit's shape. */
  layout: TreeLayout;
  /** The circuit's public signals in snarkjs order, in the manifest's format. */
  publicSignalLayout: PublicSignal[];
  /** The layout as JSON, for the owner's model file (treeLayoutFromParameters reads it back). */
  parameters: TreeParameters;
  /** The main component, including circuits/lib relative to `entryDir` (what circuitPath holds for its folder). */
  source(entryDir: string): string;
  /** The commitment the model registry stores for this model under a weights salt. */
  weightsCommitment(weightsSalt: bigint): bigint;
  /** As witnessInput, for features already quantised (raw integers at 2^featureFracBits). */
  call(features: readonly bigint[], context: ProofContext): CircuitCall & { output: TreeEnsembleOutput };
  /**
   * The witness input and expected public signals for one row of float features (quantised here; NaN and values
   * outside the range are refused), with the integer reference's output (paths, leaves, scores, label).
   */
  witnessInput(features: readonly number[], context: ProofContext): CircuitCall & { output: TreeEnsembleOutput };
}

/**
 * Compiles a tree ensemble for the tree circuit: quantises it, lays it out for its shape, writes the shape's main
 * component and returns the witness builder. Throws TreeCircuitError for a model the circuit cannot take (categorical
 * splits, values out of range, a shape smaller than the model).
 */
export function compileTreeEnsemble(ir: TreeEnsembleModel, options: TreeCompileOptions): CompiledTreeEnsemble {
  const scales = treeScales(options);
  const { featureFracBits } = scales;
  const model = quantizeTreeEnsemble(ir, scales);
  const own = treeEnsembleShape(model);
  const shape: TreeEnsembleShape = {
    ...own,
    trees: options.shape?.trees ?? own.trees,
    depth: options.shape?.depth ?? own.depth,
  };
  if (shape.trees < own.trees || shape.depth < own.depth) {
    throw new TreeCircuitError(
      `The model has ${own.trees} trees of depth up to ${own.depth}; the requested shape holds ${shape.trees} of depth ${shape.depth}.`,
      "Request at least the model's own trees and depth, or leave the shape out.",
    );
  }
  const layout = layoutTreeEnsemble(model, shape);
  const { id, entry } = writeTreeCircuit(shape, options.inputMode, options.outDir);

  // committing walks every block of every tree: once per weights salt
  let cached: { salt: bigint; committed: CommittedEnsemble } | undefined;
  const commit = (salt: bigint): CommittedEnsemble => {
    if (cached?.salt !== salt) cached = { salt, committed: commitTreeEnsemble(layout, salt) };
    return cached.committed;
  };

  return {
    shape,
    circuitId: id,
    circuitPath: entry,
    inputMode: options.inputMode,
    ...scales,
    model,
    layout,
    publicSignalLayout: treePublicSignalLayout(shape, options.inputMode, scales),
    parameters: treeParameters(layout, scales),
    source: (entryDir) => treeCircuitSource(shape, options.inputMode, entryDir),
    weightsCommitment: (weightsSalt) => commit(weightsSalt).weightsCommitment,
    call: (features, context) =>
      treeEnsembleCircuitCall(options.inputMode, layout, features, context, commit(context.weightsSalt)),
    witnessInput: (features, context) => {
      if (features.length !== shape.features) {
        throw new TreeCircuitError(
          `Expected ${shape.features} features, got ${features.length}.`,
          "Pass one value per model input, in the model's order.",
        );
      }
      const raw = quantizeTreeFeatures(features, featureFracBits);
      return treeEnsembleCircuitCall(options.inputMode, layout, raw, context, commit(context.weightsSalt));
    },
  };
}
