pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "tree_ensemble.circom";
include "check_values.circom";
include "commit_values.circom";
include "binding.circom";

// A tree ensemble over F private features, bound by a salted input commitment (the data owner proves on their node).
// compiler/src/circuit/treeCircuit.ts writes the main component for a shape.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   paths[], leafValues[], scores[], label, inputCommitment, weightsCommitment, binding
template TreeEnsembleCommitted(T, D, F, C) {
    signal output paths[TREE_PATH_WORDS(T, D)];
    signal output leafValues[TREE_LEAF_WORDS(T, C)];
    signal output scores[TREE_SCORE_WORDS(T, C)];
    signal output label;
    signal input inputCommitment;
    signal input weightsCommitment;
    signal input binding;
    signal input features[F];
    signal input inputSalt;
    signal input nodes[T][TREE_PATH_NODES(D)];
    signal input children[T][TREE_PATH_CHILDREN(D)];
    signal input leaves[T][C];
    signal input baseValues[C];
    signal input decisionThreshold;
    signal input weightsSalt;

    // private features are compared and committed: both need the range check
    CheckValues(F)(features);
    // the private features must be the committed ones
    signal computedInputCommitment <== CommitValues(F, DOMAIN_INPUTS(), FAMILY_TREES())(features, inputSalt);
    computedInputCommitment === inputCommitment;

    component core = TreeEnsembleCore(T, D, F, C);
    core.features <== features;
    core.nodes <== nodes;
    core.children <== children;
    core.leaves <== leaves;
    core.baseValues <== baseValues;
    core.decisionThreshold <== decisionThreshold;
    core.weightsSalt <== weightsSalt;
    paths <== core.paths;
    leafValues <== core.leafValues;
    scores <== core.scores;
    label <== core.label;
    // the private trees must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}
