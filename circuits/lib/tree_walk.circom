pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "select_by_bits.circom";
include "sign_of.circom";

// TreeWalk(D, F, C): one input's decision path through a tree opened by TreeOpen, and the values of the leaf it
// reaches. The rule is TreePath's: at each level the visited node is selected among the level's 2^l nodes by the
// directions taken so far (SelectByBits, the most recent direction least significant), x[feature] is selected with
// the node's feature bits, and the input goes right exactly when x[feature] > threshold, a range-checked sign
// (NonNegative) of x[feature] - threshold - 1. The leaf is selected among the 2^D leaves by the directions, root
// first (the leaf's index read as binary).
// Preconditions: the features are range-checked to [-VALUE_MAX, VALUE_MAX], threshold and featureBits are TreeOpen's
// outputs (bits pinned, index below F) and the leaves are range-checked, all by the caller. The comparison's range
// check then also bounds each visited threshold, which is what makes TreeOpen's split unique.
template TreeWalk(D, F, C) {
    assert(D > 0 && F > 1 && C > 0);
    var K = TREE_FEATURE_BITS(F);
    var NODES = (1 << D) - 1;

    signal input features[F];
    signal input threshold[NODES];
    signal input featureBits[NODES][K];
    signal input leaves[1 << D][C];
    signal output leaf[C];

    signal directions[D];

    signal visitedThreshold[D];
    signal visitedBits[D][K];
    // one selector per level below the root and per selected value (the threshold, then the K feature bits)
    component pick[D - 1][K + 1];
    component feature[D];
    component compare[D];
    for (var l = 0; l < D; l++) {
        if (l == 0) {
            visitedThreshold[0] <== threshold[0];
            visitedBits[0] <== featureBits[0];
        } else {
            for (var v = 0; v <= K; v++) {
                pick[l - 1][v] = SelectByBits(l);
                for (var m = 0; m < (1 << l); m++) {
                    pick[l - 1][v].in[m] <== v == 0 ? threshold[(1 << l) - 1 + m] : featureBits[(1 << l) - 1 + m][v - 1];
                }
                for (var i = 0; i < l; i++) {
                    pick[l - 1][v].sel[i] <== directions[l - 1 - i];
                }
            }
            visitedThreshold[l] <== pick[l - 1][0].out;
            for (var i = 0; i < K; i++) {
                visitedBits[l][i] <== pick[l - 1][i + 1].out;
            }
        }

        feature[l] = SelectByBits(K);
        for (var i = 0; i < (1 << K); i++) {
            feature[l].in[i] <== i < F ? features[i] : 0;
        }
        feature[l].sel <== visitedBits[l];

        // right exactly when x[feature] > threshold; the range check bounds the operands' difference
        compare[l] = NonNegative(TREE_COMPARE_BITS());
        compare[l].in <== feature[l].out - visitedThreshold[l] - 1;
        directions[l] <== compare[l].out;
    }

    component reached[C];
    for (var c = 0; c < C; c++) {
        reached[c] = SelectByBits(D);
        for (var m = 0; m < (1 << D); m++) {
            reached[c].in[m] <== leaves[m][c];
        }
        for (var i = 0; i < D; i++) {
            reached[c].sel[i] <== directions[D - 1 - i];
        }
        leaf[c] <== reached[c].out;
    }
}
