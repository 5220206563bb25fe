import type {
  CircuitCall,
  CommittedEnsemble,
  ProofContext,
  ServedModel,
  TreeEnsembleOutput,
  TreeLayout,
} from "@symbiote/circuits";
import {
  classifierBakedCircuitCall,
  classifierCircuitCall,
  commitTreeEnsemble,
  denseBakedCircuitCall,
  denseCircuitCall,
  type IntDenseModel,
  isBakedCircuitId,
  mlpCircuitCall,
  provesAttribution,
  recommenderCircuitCall,
  treeEnsembleBakedCircuitCall,
  treeEnsembleCircuitCall,
} from "@symbiote/circuits";
import type { ResolvedCircuit } from "@symbiote/sdk";

/**
 * Committed tree ensembles by weights commitment: committing hashes every block of every tree (hundreds of Poseidon
 * permutations for a large ensemble), the same work for every request on a version. A few versions are kept, the
 * oldest dropped first.
 */
const ensembles = new Map<bigint, CommittedEnsemble>();
const ENSEMBLES_KEPT = 8;

function committedEnsemble(layout: TreeLayout, weightsSalt: bigint, weightsCommitment: bigint): CommittedEnsemble {
  const known = ensembles.get(weightsCommitment);
  if (known) return known;
  const committed = commitTreeEnsemble(layout, weightsSalt);
  // the node checked the stored weights against the registry's commitment before sending them: a mismatch here means
  // the task was altered on its way, and a proof from it would be refused on chain
  if (committed.weightsCommitment !== weightsCommitment) {
    throw new Error(`the tree ensemble sent to the prover does not open commitment ${weightsCommitment}`);
  }
  if (ensembles.size >= ENSEMBLES_KEPT) ensembles.delete(ensembles.keys().next().value as bigint);
  ensembles.set(weightsCommitment, committed);
  return committed;
}

/** A network served as the MLP family (one ReLU hidden layer) as the dense model a baked circuit's witness takes. */
function asDense(served: ServedModel): IntDenseModel {
  if (served.family === "dense") return served.model;
  if (served.family === "mlp") {
    const { w1, b1, w2, b2 } = served.model;
    return {
      inputs: w1[0]?.length ?? 0,
      layers: [
        { weights: w1, bias: b1, relu: true },
        { weights: w2, bias: b2, relu: false },
      ],
    };
  }
  throw new Error(`${served.family} weights on a baked dense circuit`);
}

/**
 * The witness input and expected public signals the prover process builds for one request: the served weights'
 * family witness builder on the circuit's input mode, with the weights salt and the request's binding (and, for
 * committed inputs, the data owner's input salt). A baked circuit (one version's weights or trees as constants,
 * named by its manifest id) takes the same inputs without the model.
 */
export function servedCircuitCall(
  served: ServedModel,
  circuit: Pick<ResolvedCircuit, "inputMode" | "shape"> & { manifestId?: string },
  inputs: readonly bigint[],
  context: { binding: bigint; inputSalt?: bigint },
): CircuitCall & { output?: TreeEnsembleOutput } {
  const mode = circuit.inputMode;
  const ctx: ProofContext = { binding: context.binding, weightsSalt: served.weightsSalt, inputSalt: context.inputSalt };
  if (circuit.manifestId !== undefined && isBakedCircuitId(circuit.manifestId)) {
    if (served.family === "trees") {
      const { layout } = served.model;
      const committed = committedEnsemble(layout, served.weightsSalt, served.weightsCommitment);
      return treeEnsembleBakedCircuitCall(mode, layout, inputs, ctx, committed);
    }
    if (served.family === "classifier") return classifierBakedCircuitCall(mode, served.model, inputs, ctx);
    const attribution = provesAttribution(circuit.manifestId);
    const { output: _, ...call } = denseBakedCircuitCall(mode, asDense(served), inputs, ctx, { attribution });
    return call;
  }
  switch (served.family) {
    case "classifier":
      return classifierCircuitCall(mode, served.model, inputs, ctx);
    case "mlp":
      return mlpCircuitCall(mode, served.model, inputs, ctx);
    case "dense": {
      // the logits and arg-max are in the public signals the node submits; the reference's activations stay here
      const { output: _, ...call } = denseCircuitCall(mode, served.model, inputs, ctx);
      return call;
    }
    case "recommender": {
      if (circuit.shape.family !== "recommender") throw new Error("recommender weights on a non-recommender circuit");
      return recommenderCircuitCall(mode, served.model, inputs, circuit.shape.topK, ctx);
    }
    case "trees": {
      const { layout } = served.model;
      const committed = committedEnsemble(layout, served.weightsSalt, served.weightsCommitment);
      return treeEnsembleCircuitCall(mode, layout, inputs, ctx, committed);
    }
  }
}
