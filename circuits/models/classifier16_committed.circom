pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/classifier.circom";
include "../lib/check_values.circom";
include "../lib/commit_values.circom";
include "../lib/binding.circom";

// Classifier over N private features, bound by a salted input commitment (the data owner proves on their node).
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   explanation[4] (16 contributions, the score and the decision, packed), inputCommitment, weightsCommitment, binding
template ClassifierCommitted(N) {
    signal output explanation[CLASSIFIER_WORDS(N)];
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
    explanation <== core.explanation;
    // the private weights must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [inputCommitment, weightsCommitment, binding]} = ClassifierCommitted(16);
