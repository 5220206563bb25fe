/**
 * @symbiote/compiler: turns a trained model's ONNX file into a circuit the protocol can prove — import and check the
 * model (linear, MLP, tree ensembles), evaluate it in floating point with its explanation, quantise it to the
 * circuits' fixed point and measure agreement with onnxruntime, plan and generate the circuit, its witness builders,
 * public-signal layouts and manifest entry, and the registration proposal. `symbiote-model` (src/cli.ts) is its
 * command line.
 */

export type {
  CommittedEnsemble,
  CommittedTree,
  DecodedTreeSignals,
  DenseOutput,
  DenseWidths,
  IntDenseLayer,
  IntDenseModel,
  IntegerBranch,
  IntegerBranchMode,
  IntegerLeaf,
  IntegerTree,
  IntegerTreeEnsemble,
  IntegerTreeNode,
  PaddedTree,
  SourceDecision,
  TreeBlock,
  TreeDecision,
  TreeEnsembleOutput,
  TreeEnsembleShape,
  TreeLayout,
  TreeParameters,
  TreeScales,
  TreeStep,
} from "@symbiote/circuits";
// The tree and dense witnesses, commitments, references and parameters live in @symbiote/circuits so the operator
// node serves trees and dense networks without the compiler's ONNX side; the compiler still offers them.
export {
  assertTreeFeatures,
  assertTreeShape,
  blockDigest,
  commitTree,
  commitTreeEnsemble,
  DEFAULT_TREE_SCALES,
  DENSE_MAX_BITS,
  DenseCircuitError,
  decodeTreeSignals,
  denseBakedCircuitCall,
  denseCircuitCall,
  denseLayerBits,
  denseLogitPacking,
  denseWeightsCommitment,
  denseWeightVector,
  denseWidths,
  evaluateDense,
  evaluateIntegerTrees,
  evaluateTreeLayout,
  layoutTreeEnsemble,
  leafWord,
  nodeDescriptor,
  PADDING_NODE,
  pathBlocks,
  TREE_BLOCK_LEVELS_MAX,
  TREE_COMPARE_BITS,
  TREE_LIMITS,
  TREE_THRESHOLD_MIN,
  TreeCircuitError,
  treeBlockLevels,
  treeBlockTag,
  treeDepth,
  treeEnsembleCircuitCall,
  treeEnsembleShape,
  treeFeatureBits,
  treeInputCommitment,
  treeLabel,
  treeLayoutFromParameters,
  treeOutputWords,
  treeParameters,
  treePathChildren,
  treePathLanes,
  treePathNodes,
  treePublicSignalLayout,
  treeScoreBits,
  treeScoreLanes,
  treeWeightsTag,
} from "@symbiote/circuits";
export * from "./audit/auditCircuit.ts";
export * from "./audit/auditProposal.ts";
export * from "./audit/bakedAuditSource.ts";
export * from "./circuit/circuitPaths.ts";
export * from "./circuit/denseCircuit.ts";
export * from "./circuit/denseSignals.ts";
export * from "./circuit/generatedEntry.ts";
export * from "./circuit/limits.ts";
export * from "./circuit/linearCircuit.ts";
export * from "./circuit/treeCircuit.ts";
export * from "./circuit/treeCompile.ts";
export * from "./circuit/treeDecision.ts";
export * from "./circuit/treeEntry.ts";
export * from "./circuit/treeManifest.ts";
export * from "./compile/compileModel.ts";
export * from "./compile/plan.ts";
export * from "./compile/proposal.ts";
export * from "./compile/treePlan.ts";
export * from "./compile/weightsChoice.ts";
export * from "./errors.ts";
export * from "./import/importModel.ts";
export * from "./import/linear.ts";
export * from "./import/mlp.ts";
export * from "./import/postTransform.ts";
export * from "./import/trees.ts";
export * from "./ir/model.ts";
export * from "./onnx/attributes.ts";
export * from "./onnx/model.ts";
export * from "./onnx/wire.ts";
export * from "./onnx/writer.ts";
export * from "./quantize/agreement.ts";
export * from "./quantize/errors.ts";
export * from "./quantize/fixedPoint.ts";
export * from "./quantize/linear.ts";
export * from "./quantize/quantizeDense.ts";
export * from "./quantize/quantizeModel.ts";
export * from "./quantize/trees.ts";
export * from "./reference/evaluate.ts";
