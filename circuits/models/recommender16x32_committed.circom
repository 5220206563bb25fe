pragma circom 2.1.9;

include "../lib/params.circom";
include "../lib/recommender.circom";
include "../lib/check_values.circom";
include "../lib/commit_values.circom";
include "../lib/binding.circom";

// Top-3 of M items for a private user embedding of D values, bound by a salted input commitment.
// Public signals (snarkjs order: outputs, then public inputs, each in declaration order):
//   topK, inputCommitment, weightsCommitment, binding
template RecommenderCommitted(D, M, TOPK) {
    signal output topK;
    signal input inputCommitment;
    signal input weightsCommitment;
    signal input binding;
    signal input user[D];
    signal input inputSalt;
    signal input items[M][D];
    signal input weightsSalt;

    // the private embedding is multiplied and packed: both need the range check
    CheckValues(D)(user);
    // the private embedding must be the committed one
    signal computedInputCommitment <== CommitValues(D, DOMAIN_INPUTS(), FAMILY_RECOMMENDER())(user, inputSalt);
    computedInputCommitment === inputCommitment;

    component core = RecommenderCore(D, M, TOPK);
    core.user <== user;
    core.items <== items;
    core.weightsSalt <== weightsSalt;
    topK <== core.topK;
    // the private item table must be the committed model
    core.weightsCommitment === weightsCommitment;
    BindingCheck()(binding);
}

component main {public [inputCommitment, weightsCommitment, binding]} = RecommenderCommitted(16, 32, 3);
