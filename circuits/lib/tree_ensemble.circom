pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "tree_path.circom";
include "check_values.circom";
include "chain_hash.circom";
include "tree_ensemble_outputs.circom";

// TreeEnsembleCore(T, D, F, C): an ensemble of T decision trees of depth D over F features with C output columns,
// with every tree's decision path (TreePath) and leaf, and the outputs TreeEnsembleOutputs makes of them (the
// paths, leaf values, scores and label).
// weightsCommitment = ChainHash of [tree digests (T), baseValues (C), decisionThreshold, salt] under the tag of
// (weights domain, trees family, T + C + 2). The trees' contents are bound by their digests; base values and the
// threshold enter sums and comparisons, so they are range-checked to [-VALUE_MAX, VALUE_MAX] like the leaf values,
// which keeps every score inside its lane. Features arrive range-checked by the entry circuit.
template TreeEnsembleCore(T, D, F, C) {
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

    // TreePath pins each direction to a bit and range-checks its leaf values
    component outputs = TreeEnsembleOutputs(T, D, C);
    for (var t = 0; t < T; t++) {
        outputs.directions[t] <== tree[t].directions;
    }
    outputs.leaves <== leaves;
    outputs.baseValues <== baseValues;
    if (C == 1) {
        outputs.decisionThreshold <== decisionThreshold;
    }
    paths <== outputs.paths;
    leafValues <== outputs.leafValues;
    scores <== outputs.scores;
    label <== outputs.label;

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
