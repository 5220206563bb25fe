import { treeEnsembleBakedCircuitCall } from "@symbiote/circuits";
import { treeBakedCircuitId, treeBakedCircuitSource } from "../circuit/treeBakedCircuit.ts";
import { type CompiledTreeEnsemble, compileTreeEnsemble } from "../circuit/treeCompile.ts";
import type { TreeEnsembleModel } from "../ir/model.ts";
import type { Predictor } from "../quantize/agreement.ts";
import { applyPostTransform } from "../reference/evaluate.ts";
import { type CircuitPlan, pinnedToSalt } from "./plan.ts";

/**
 * A tree ensemble's circuit through compileTreeEnsemble (compiler/src/circuit/treeCompile.ts, default scales), with
 * the predictor the agreement check runs: the integer reference's label, and its scores read as onnxruntime reports
 * them (a binary single column as [1 - s, s] or [-s, s] before the post-transform, as the float reference does).
 */
export function planTreeCircuit(
  ir: TreeEnsembleModel,
  inputMode: CircuitPlan["inputMode"],
): {
  plan: CircuitPlan;
  predict: Predictor;
  /** The baked circuit of this version under a weights salt (planBakedTreeCircuit). */
  baked: (weightsSalt: bigint) => CircuitPlan;
} {
  const tree = compileTreeEnsemble(ir, { inputMode });
  const plan: CircuitPlan = {
    id: tree.circuitId,
    shape: { family: "trees", ...tree.shape },
    inputMode,
    source: tree.source,
    publicSignals: tree.publicSignalLayout,
    weightsCommitment: tree.weightsCommitment,
    call: tree.call,
    parameters: tree.parameters as unknown as Record<string, unknown>,
  };
  const predict: Predictor = (x) => {
    const { output } = tree.witnessInput(x, { binding: 0n, weightsSalt: 0n, inputSalt: 0n });
    const raw = output.scores.map((v) => Number(v) / 2 ** tree.valueFracBits);
    const s = raw[0] ?? 0;
    const columns = ir.binarySingleColumn ? (ir.binaryLayout === "probability" ? [1 - s, s] : [-s, s]) : raw;
    return {
      scores: applyPostTransform(ir.postTransform, columns),
      classIndex: ir.task.type === "classifier" ? output.label : null,
    };
  };
  return { plan, predict, baked: (weightsSalt) => planBakedTreeCircuit(tree, plan, weightsSalt) };
}

/**
 * The baked circuit of one version of a tree ensemble (treeBakedCircuitSource): the committed plan's public signals
 * and parameters, the trees as constants and the weights commitment under `weightsSalt` pinned. Its setup and
 * verifier serve this version only.
 */
export function planBakedTreeCircuit(tree: CompiledTreeEnsemble, plan: CircuitPlan, weightsSalt: bigint): CircuitPlan {
  const commitment = tree.weightsCommitment(weightsSalt);
  const { inputMode } = tree;
  return {
    ...plan,
    id: treeBakedCircuitId(tree.shape, inputMode, commitment),
    source: (dir) => treeBakedCircuitSource(tree.layout, inputMode, commitment, dir),
    ...pinnedToSalt(weightsSalt, commitment, (x, context) =>
      treeEnsembleBakedCircuitCall(inputMode, tree.layout, x, context),
    ),
  };
}
