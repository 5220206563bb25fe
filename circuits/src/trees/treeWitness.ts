import { DOMAIN_INPUTS, type InputMode, toField } from "@symbiote/sdk";
import { assertLength, type CircuitCall, checkContext, modelCircuitCall, type ProofContext } from "../circuitInput.ts";
import { commitValues } from "../commitment.ts";
import { type CommittedEnsemble, commitTreeEnsemble, type TreeBlock } from "./treeCommitment.ts";
import type { TreeLayout } from "./treeModel.ts";
import { evaluateTreeLayout, type TreeEnsembleOutput } from "./treeReference.ts";
import { TREE_BLOCK_LEVELS_MAX } from "./treeShape.ts";

/** The commitment to a data owner's private features, as TreeEnsembleCommitted checks it. */
export function treeInputCommitment(features: readonly bigint[], salt: bigint): bigint {
  return commitValues(features, salt, DOMAIN_INPUTS, "trees");
}

/** The blocks a path opens: per block group, the block the leaf lies under. */
export function pathBlocks(committed: CommittedEnsemble, tree: number, depth: number, leaf: number): TreeBlock[] {
  const blocks = committed.trees[tree]?.blocks;
  if (!blocks) throw new RangeError(`no committed tree ${tree}`);
  return blocks.map((group, k) => group[leaf >> (depth - k * TREE_BLOCK_LEVELS_MAX)] as TreeBlock);
}

/**
 * The tree circuit's witness input and expected public signals for one input: the features (committed mode) or
 * their packed words (public mode), and per tree the blocks on its path and the leaf it reaches.
 * `committed` is commitTreeEnsemble(layout, context.weightsSalt); pass it to commit a model once for many calls.
 */
export function treeEnsembleCircuitCall(
  mode: InputMode,
  layout: TreeLayout,
  features: readonly bigint[],
  context: ProofContext,
  committed: CommittedEnsemble = commitTreeEnsemble(layout, context.weightsSalt),
): CircuitCall & { output: TreeEnsembleOutput } {
  const inputSalt = checkContext(mode, context);
  const { depth, trees } = layout.shape;
  assertLength(committed.trees, trees, "the committed trees");
  const output = evaluateTreeLayout(layout, features);
  const opened = output.decisions.map((decision, t) => pathBlocks(committed, t, depth, decision.leaf));
  const privateModel = {
    nodes: opened.map((blocks) => blocks.flatMap((block) => block.descriptors)),
    children: opened.map((blocks) => blocks.flatMap((block) => block.children)),
    leaves: output.decisions.map((d) => d.values.map(toField)),
    baseValues: layout.baseValues.map(toField),
    decisionThreshold: toField(layout.decisionThreshold),
    weightsSalt: context.weightsSalt,
  };
  const outputs = [...output.pathWords, ...output.leafWords, ...output.scoreWords, BigInt(output.label)];
  const { weightsCommitment } = committed;
  const call = modelCircuitCall({
    inputSalt,
    features,
    privateModel,
    outputs,
    weightsCommitment,
    binding: context.binding,
    inputCommitment: treeInputCommitment,
  });
  return { ...call, output };
}

/** The witness inputs of the committed tree circuit that hold the model: a baked circuit holds them as constants. */
const TREE_MODEL_INPUTS = new Set(["nodes", "children", "leaves", "baseValues", "decisionThreshold", "weightsSalt"]);

/**
 * The witness input of one version's baked tree circuit (the compiler's treeBakedCircuitSource): the committed
 * circuit's input without the model (the trees, base values, decision threshold and salt are constants of the
 * circuit); the public signals are the same. `committed` as for treeEnsembleCircuitCall: it gives the commitment the
 * circuit pins.
 */
export function treeEnsembleBakedCircuitCall(
  mode: InputMode,
  layout: TreeLayout,
  features: readonly bigint[],
  context: ProofContext,
  committed: CommittedEnsemble = commitTreeEnsemble(layout, context.weightsSalt),
): CircuitCall & { output: TreeEnsembleOutput } {
  const call = treeEnsembleCircuitCall(mode, layout, features, context, committed);
  const input = Object.fromEntries(Object.entries(call.input).filter(([name]) => !TREE_MODEL_INPUTS.has(name)));
  return { ...call, input };
}
