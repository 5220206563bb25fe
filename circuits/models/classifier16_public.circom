pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/classifier.circom";
include "../lib/unpack_values.circom";
include "../lib/binding.circom";

// Classifier over N public features (data already on chain), passed as packed words.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   explanation[4] (16 contributions, the score and the decision, packed), featureWords[2], weightsCommitment, binding
template ClassifierPublic(N) {
    signal output explanation[CLASSIFIER_WORDS(N)];
    signal input featureWords[VALUE_WORDS(N)];
    signal input weightsCommitment;
    signal input binding;
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal input weightsSalt;

    component core = ClassifierCore(N);
    // unpacking range-checks every feature
    core.features <== UnpackValues(N)(featureWords);
    core.weights <== weights;
    core.bias <== bias;
    core.threshold <== threshold;
    core.weightsSalt <== weightsSalt;
    explanation <== core.explanation;
    // the private weights must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [featureWords, weightsCommitment, binding]} = ClassifierPublic(16);
