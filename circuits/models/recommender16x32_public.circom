pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/recommender.circom";
include "../lib/unpack_values.circom";
include "../lib/binding.circom";

// Top-3 of M items for a public user embedding of D values passed as packed words.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   topK, userWords[2], weightsCommitment, binding
template RecommenderPublic(D, M, TOPK) {
    signal output topK;
    signal input userWords[VALUE_WORDS(D)];
    signal input weightsCommitment;
    signal input binding;
    signal input items[M][D];
    signal input weightsSalt;

    component core = RecommenderCore(D, M, TOPK);
    // unpacking range-checks every embedding value
    core.user <== UnpackValues(D)(userWords);
    core.items <== items;
    core.weightsSalt <== weightsSalt;
    topK <== core.topK;
    // the private item table must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [userWords, weightsCommitment, binding]} = RecommenderPublic(16, 32, 3);
