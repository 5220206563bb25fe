pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/classifier.circom";
include "../lib/check_values.circom";
include "../lib/commit_values.circom";
include "../lib/binding.circom";

// Classifier over N private features, bound by a salted input commitment (the data owner proves on their node).
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   score, decision, contributions[2], inputCommitment, weightsCommitment, binding
template ClassifierCommitted(N) {
    signal output score;
    signal output decision;
    signal output contributions[(N + CONTRIBUTION_LANES() - 1) \ CONTRIBUTION_LANES()];
    signal input inputCommitment;
    signal input weightsCommitment;
    signal input binding;
    signal input features[N];
    signal input inputSalt;
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal input weightsSalt;

    // private features are multiplied and packed: both need the range check
    CheckValues(N)(features);
    // the private features must be the committed ones
    signal computedInputCommitment <== CommitValues(N, DOMAIN_INPUTS(), FAMILY_CLASSIFIER())(features, inputSalt);
    computedInputCommitment === inputCommitment;

    component core = ClassifierCore(N);
    core.features <== features;
    core.weights <== weights;
    core.bias <== bias;
    core.threshold <== threshold;
    core.weightsSalt <== weightsSalt;
    score <== core.score;
    decision <== core.decision;
    contributions <== core.contributions;
    // the private weights must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [inputCommitment, weightsCommitment, binding]} = ClassifierCommitted(16);
