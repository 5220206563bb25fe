pragma circom 2.1.9;

include "../../../circuits/lib/params.circom";
include "../../../circuits/lib/mlp.circom";
include "../../../circuits/lib/recommender.circom";

// Test harness: the circuits' parameters (params.circom and the lane widths the model templates derive from them)
// as outputs, so a test can compare them with oracle/src/zk/params.ts. The shape is the shipped one: N = D = 16,
// H = 32.
template Params() {
    signal output out[20];
    var values[20] = [
        FRAC_BITS(), VALUE_BITS(), VALUE_MAX(), VALUE_LANES(), WEIGHT_BITS(), WEIGHT_MAX(), WEIGHT_FRAC_BITS(),
        WEIGHT_LANES(), DOMAIN_WEIGHTS(), DOMAIN_INPUTS(), FAMILY_CLASSIFIER(), FAMILY_MLP(), FAMILY_RECOMMENDER(),
        CONTRIBUTION_BITS(), CLASSIFIER_SCORE_BITS(16), CLASSIFIER_WORDS(16), MLP_HIDDEN_BITS(16),
        MLP_LOGIT_BITS(16, 32), RECOMMENDER_SCORE_BITS(16), INDEX_BITS()
    ];
    for (var i = 0; i < 20; i++) {
        out[i] <== values[i];
    }
}

component main = Params();
