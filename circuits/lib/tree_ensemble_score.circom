pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "tree_walk.circom";

// TreeEnsembleScore(T, D, F, C): the scores of an opened tree ensemble on one input, exactly as TreeEnsembleCore sums
// them but without the paths and leaf values it publishes: the model evaluation of a fairness audit, run once per row.
//   score[c] = baseValues[c] + sum over the trees of the reached leaf's value c
// Preconditions: the features, the leaf values and the base values are range-checked to [-VALUE_MAX, VALUE_MAX] and
// threshold / featureBits are TreeOpen's outputs, all by the caller (the model once per audit, not per row). Then
// |score| <= (T + 1) * VALUE_MAX fits TREE_SCORE_BITS(T) signed bits, as in the core.
template TreeEnsembleScore(T, D, F, C) {
    var K = TREE_FEATURE_BITS(F);
    var NODES = (1 << D) - 1;

    signal input features[F];
    signal input threshold[T][NODES];
    signal input featureBits[T][NODES][K];
    signal input leaves[T][1 << D][C];
    signal input baseValues[C];
    signal output score[C];

    component walk[T];
    for (var t = 0; t < T; t++) {
        walk[t] = TreeWalk(D, F, C);
        walk[t].features <== features;
        walk[t].threshold <== threshold[t];
        walk[t].featureBits <== featureBits[t];
        walk[t].leaves <== leaves[t];
    }
    // sums of range-checked values: linear, no range check needed
    for (var c = 0; c < C; c++) {
        var acc = baseValues[c];
        for (var t = 0; t < T; t++) {
            acc += walk[t].leaf[c];
        }
        score[c] <== acc;
    }
}
