pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "tree_path.circom";
include "check_values.circom";
include "sign_of.circom";
include "arg_max.circom";
include "pack_signed_lanes.circom";
include "chain_hash.circom";

// TreeEnsembleCore(T, D, F, C): an ensemble of T decision trees of depth D over F features with C output columns,
// with every tree's decision path (TreePath) and leaf.
//   score[c] = baseValues[c] + sum over the trees of the reached leaf's value c      (exact, 16 fractional bits)
//   label    = the arg-max column, ties toward the lowest (C > 1);  [score[0] > decisionThreshold] (C = 1)
// Outputs, packed least significant lane first, a lane never split across words:
//   paths       per tree a D-bit lane: the directions from the root (most significant bit) down, which is the index
//               of the leaf reached, left to right (1 = right: x[feature] > threshold)
//   leafValues  per tree its leaf's C values, tree after tree (VALUE_BITS lanes, offset binary)
//   scores      the C scores (TREE_SCORE_BITS(T) lanes, offset binary)
//   label
// weightsCommitment = ChainHash of [tree digests (T), baseValues (C), decisionThreshold, salt] under the tag of
// (weights domain, trees family, T + C + 2). The trees' contents are bound by their digests; base values and the
// threshold enter sums and comparisons, so they are range-checked to [-VALUE_MAX, VALUE_MAX] like the leaf values,
// which keeps every score inside its lane. Features arrive range-checked by the entry circuit.
template TreeEnsembleCore(T, D, F, C) {
    var S = TREE_SCORE_BITS(T);
    var pathLanes = TREE_PATH_LANES(D);
    var scoreLanes = TREE_SCORE_LANES(T);

    signal input features[F];
    signal input nodes[T][TREE_PATH_NODES(D)];
    signal input children[T][TREE_PATH_CHILDREN(D)];
    signal input leaves[T][C];
    signal input baseValues[C];
    signal input decisionThreshold;
    signal input weightsSalt;
    signal output paths[TREE_PATH_WORDS(T, D)];
    signal output leafValues[TREE_LEAF_WORDS(T, C)];
    signal output scores[TREE_SCORE_WORDS(T, C)];
    signal output label;
    signal output weightsCommitment;

    CheckValues(C)(baseValues);
    CheckValues(1)([decisionThreshold]);

    component tree[T];
    for (var t = 0; t < T; t++) {
        tree[t] = TreePath(D, F, C);
        tree[t].features <== features;
        tree[t].nodes <== nodes[t];
        tree[t].children <== children[t];
        tree[t].leaf <== leaves[t];
    }

    // Sums of range-checked values: |score| <= (T + 1) * VALUE_MAX < 2^(S - 1), no range check needed.
    signal score[C];
    for (var c = 0; c < C; c++) {
        var acc = baseValues[c];
        for (var t = 0; t < T; t++) {
            acc += leaves[t][c];
        }
        score[c] <== acc;
    }
    if (C == 1) {
        // |score - threshold - 1| < 2^(S - 1) + 2^23 fits S + 1 signed bits
        label <== NonNegative(S + 1)(score[0] - decisionThreshold - 1);
    } else {
        // scores fit S signed bits, so their differences fit S unsigned bits
        label <== ArgMax(C, S)(score);
    }

    // Directions are bits, so each path lane stays below 2^D and the packing is injective.
    for (var w = 0; w < TREE_PATH_WORDS(T, D); w++) {
        var word = 0;
        for (var t = w * pathLanes; t < T && t < (w + 1) * pathLanes; t++) {
            var lane = 0;
            for (var l = 0; l < D; l++) {
                lane += tree[t].directions[l] * (1 << (D - 1 - l));
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

    // Committed order: the tree digests, the base values, the decision threshold, the salt.
    component commit = ChainHash(T + C + 2, COMMITMENT_TAG(DOMAIN_WEIGHTS(), FAMILY_TREES(), T + C + 2));
    for (var t = 0; t < T; t++) {
        commit.in[t] <== tree[t].root;
    }
    for (var c = 0; c < C; c++) {
        commit.in[T + c] <== baseValues[c];
    }
    commit.in[T + C] <== decisionThreshold;
    commit.in[T + C + 1] <== weightsSalt;
    weightsCommitment <== commit.out;
}
