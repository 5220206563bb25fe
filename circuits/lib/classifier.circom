pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "commit_values.circom";
include "floor_div_pow2.circom";
include "sign_of.circom";
include "pack_signed_lanes.circom";

// ClassifierCore(N): a linear (logistic) classifier with its explanation.
//   contribution_i = floor(w_i * x_i / 2^16)           (each feature's share of the score)
//   score          = bias + sum_i contribution_i          (so the explanation adds up to the score exactly)
//   decision       = score >= threshold                   (a logistic model thresholds the logit: sigmoid is
//                                                          monotone, so no sigmoid is needed in-circuit)
// Weights, bias and threshold are private and bound by weightsCommitment. Features arrive range-checked by
// the entry circuit (unpacked from public words or checked before being committed).
template ClassifierCore(N) {
    var contributionWords = (N + CONTRIBUTION_LANES() - 1) \ CONTRIBUTION_LANES();
    // |score| <= 2^23 + N * 2^30; one more bit for subtracting the threshold, one for the sign
    var diffBits = CONTRIBUTION_BITS() + CEIL_LOG2(N + 1) + 2;

    signal input features[N];
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal input weightsSalt;
    signal output score;
    signal output decision;
    signal output contributions[contributionWords];
    signal output weightsCommitment;

    // Weights enter products and packing: both are sound only for range-checked values.
    CheckValues(N)(weights);
    CheckValues(2)([bias, threshold]);

    signal contribution[N];
    var sum = bias;
    for (var i = 0; i < N; i++) {
        contribution[i] <== FloorDivPow2(FRAC_BITS(), CONTRIBUTION_BITS())(weights[i] * features[i]);
        sum += contribution[i];
    }
    score <== sum;
    decision <== NonNegative(diffBits)(score - threshold);

    // Contributions are range-checked by FloorDivPow2, which is what PackSignedLanes requires.
    component pack[contributionWords];
    for (var w = 0; w < contributionWords; w++) {
        var first = w * CONTRIBUTION_LANES();
        var width = N - first < CONTRIBUTION_LANES() ? N - first : CONTRIBUTION_LANES();
        pack[w] = PackSignedLanes(width, CONTRIBUTION_BITS());
        for (var j = 0; j < width; j++) {
            pack[w].values[j] <== contribution[first + j];
        }
        contributions[w] <== pack[w].out;
    }

    // Committed order: weights[0..N), bias, threshold.
    component commit = CommitValues(N + 2, DOMAIN_WEIGHTS(), FAMILY_CLASSIFIER());
    for (var i = 0; i < N; i++) {
        commit.values[i] <== weights[i];
    }
    commit.values[N] <== bias;
    commit.values[N + 1] <== threshold;
    commit.salt <== weightsSalt;
    weightsCommitment <== commit.out;
}
