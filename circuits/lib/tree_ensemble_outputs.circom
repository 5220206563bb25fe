pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "sign_of.circom";
include "arg_max.circom";
include "pack_signed_lanes.circom";

// TreeEnsembleOutputs(T, D, C): the public outputs of an ensemble of T trees of depth D with C columns, from each
// tree's directions and reached leaf (TreeEnsembleCore's committed trees, or a version's baked trees).
//   score[c] = baseValues[c] + sum over the trees of the reached leaf's value c      (exact, 16 fractional bits)
//   label    = the arg-max column, ties toward the lowest (C > 1);  [score[0] > decisionThreshold] (C = 1)
// Outputs, packed least significant lane first, a lane never split across words:
//   paths       per tree a D-bit lane: the directions from the root (most significant bit) down, which is the index
//               of the leaf reached, left to right (1 = right: x[feature] > threshold)
//   leafValues  per tree its leaf's C values, tree after tree (VALUE_BITS lanes, offset binary)
//   scores      the C scores (TREE_SCORE_BITS(T) lanes, offset binary)
//   label
// Preconditions (the caller's): every direction is a bit, and the leaf values, base values and decision threshold
// lie in [-VALUE_MAX, VALUE_MAX]. Then every lane stays inside its width, so each packing is injective, and
// |score| <= (T + 1) * VALUE_MAX < 2^(S - 1) needs no range check.
template TreeEnsembleOutputs(T, D, C) {
    var S = TREE_SCORE_BITS(T);
    var pathLanes = TREE_PATH_LANES(D);
    var scoreLanes = TREE_SCORE_LANES(T);

    signal input directions[T][D];
    signal input leaves[T][C];
    signal input baseValues[C];
    signal output paths[TREE_PATH_WORDS(T, D)];
    signal output leafValues[TREE_LEAF_WORDS(T, C)];
    signal output scores[TREE_SCORE_WORDS(T, C)];
    signal output label;

    signal score[C];
    for (var c = 0; c < C; c++) {
        var acc = baseValues[c];
        for (var t = 0; t < T; t++) {
            acc += leaves[t][c];
        }
        score[c] <== acc;
    }
    if (C == 1) {
        // a single column decides against a threshold (an input of this template only then); several by their arg-max
        signal input decisionThreshold;
        // |score - threshold - 1| < 2^(S - 1) + 2^23 fits S + 1 signed bits
        label <== NonNegative(S + 1)(score[0] - decisionThreshold - 1);
    } else {
        // scores fit S signed bits, so their differences fit S unsigned bits
        label <== ArgMax(C, S)(score);
    }

    for (var w = 0; w < TREE_PATH_WORDS(T, D); w++) {
        var word = 0;
        for (var t = w * pathLanes; t < T && t < (w + 1) * pathLanes; t++) {
            var lane = 0;
            for (var l = 0; l < D; l++) {
                lane += directions[t][l] * (1 << (D - 1 - l));
            }
            word += lane * (1 << (D * (t - w * pathLanes)));
        }
        paths[w] <== word;
    }

    component leafPack[TREE_LEAF_WORDS(T, C)];
    for (var w = 0; w < TREE_LEAF_WORDS(T, C); w++) {
        var first = w * VALUE_LANES();
        var width = T * C - first < VALUE_LANES() ? T * C - first : VALUE_LANES();
        leafPack[w] = PackSignedLanes(width, VALUE_BITS());
        for (var j = 0; j < width; j++) {
            leafPack[w].values[j] <== leaves[(first + j) \ C][(first + j) % C];
        }
        leafValues[w] <== leafPack[w].out;
    }

    component scorePack[TREE_SCORE_WORDS(T, C)];
    for (var w = 0; w < TREE_SCORE_WORDS(T, C); w++) {
        var first = w * scoreLanes;
        var width = C - first < scoreLanes ? C - first : scoreLanes;
        scorePack[w] = PackSignedLanes(width, S);
        for (var j = 0; j < width; j++) {
            scorePack[w].values[j] <== score[first + j];
        }
        scores[w] <== scorePack[w].out;
    }
}
