/**
 * @symbiote/circuits: the zk kernel the operator node and the trainer share — the circuits' manifest, witness
 * generation and the Groth16 prover, Poseidon commitments and request binding, the model families' weight vectors,
 * the served-model format and its content-addressed store, the compiled dense networks' and tree ensembles' witness
 * and commitment, the fairness-audit circuit's input and prover — and the build, setup and trusted-setup ceremony of
 * the circom sources in circuits/models, circuits/audits and circuits/lib.
 */

export * from "./audit/auditSet.ts";
export * from "./audit/circuitInput.ts";
export * from "./audit/counts.ts";
export * from "./audit/prover.ts";
export * from "./audit/sample.ts";
export * from "./audit/treeCircuitInput.ts";
export * from "./audit/treeSample.ts";
export * from "./build/circuits.ts";
export * from "./build/compile.ts";
export * from "./build/ptau.ts";
export * from "./build/setup.ts";
export * from "./build/sourceHash.ts";
export * from "./calldata.ts";
export * from "./ceremony/beacon.ts";
export * from "./ceremony/contribute.ts";
export * from "./ceremony/finalize.ts";
export * from "./ceremony/init.ts";
export * from "./ceremony/proposal.ts";
export * from "./ceremony/verify.ts";
export * from "./circuitInput.ts";
export * from "./commitment.ts";
export * from "./dense/denseAttribution.ts";
export * from "./dense/denseErrors.ts";
export * from "./dense/denseModel.ts";
export * from "./dense/denseWitness.ts";
export * from "./deployment.ts";
export * from "./expectedCircuits.ts";
export { Groth16Prover } from "./groth16/groth16Prover.ts";
export { ProvingKeyError } from "./groth16/provingKey.ts";
export * from "./manifest.ts";
export * from "./models/classifier.ts";
export * from "./models/compiledModel.ts";
export * from "./models/mlp.ts";
export * from "./models/modelStore.ts";
export * from "./models/recommender.ts";
export * from "./models/servedDense.ts";
export * from "./models/servedModel.ts";
export * from "./models/servedTrees.ts";
export * from "./models/weightsBinding.ts";
export * from "./poseidon.ts";
export * from "./prover.ts";
export * from "./r1cs.ts";
export * from "./randomModels.ts";
export * from "./sampleCalls.ts";
export * from "./trees/treeCommitment.ts";
export * from "./trees/treeErrors.ts";
export * from "./trees/treeModel.ts";
export * from "./trees/treeParameters.ts";
export * from "./trees/treeReference.ts";
export * from "./trees/treeShape.ts";
export * from "./trees/treeSignals.ts";
export * from "./trees/treeWitness.ts";
export * from "./witness.ts";
