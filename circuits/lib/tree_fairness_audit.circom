pragma circom 2.1.9;

include "params.circom";
include "tree_params.circom";
include "audit_params.circom";
include "check_values.circom";
include "chain_hash.circom";
include "audit_set_commit.circom";
include "audit_tally.circom";
include "tree_open.circom";
include "tree_ensemble_score.circom";
include "sign_of.circom";
include "arg_max.circom";

// TreeEnsembleFairnessAudit(R, T, D, F, C): evaluates a committed tree ensemble (T trees of depth D over F features,
// C = 1 or 2 output columns) on every row of a committed audit set of R rows and outputs the per-group counts
// (docs/audit.md). It keeps the classifier audit's set commitment (AuditSetCommit) and tally (AuditTally) and swaps
// the decision for the ensemble's, TreeEnsembleCore's label rule on TreeEnsembleScore's scores:
//   C = 1: decision = [score[0] > decisionThreshold]
//   C = 2: decision = the arg-max column (ties toward column 0), i.e. [score[1] > score[0]]
// An audit counts positive and negative decisions, so a model with more columns would need a chosen positive class,
// which this template does not take: C is 1 or 2.
// Public signals: counts (12 lanes of AUDIT_COUNT_BITS, see audit_tally.circom), auditSetCommitment,
// weightsCommitment (the ensemble's, exactly as TreeEnsembleCore commits it and the model registry holds it:
// ChainHash of the T tree digests, the C base values, the decision threshold and the salt).
//
// Cost. The ensemble is opened once (TreeOpen: every block hashed, every descriptor split, every leaf range-checked)
// and each row walks the opened nodes (TreeWalk: selections along its path, D comparisons per tree). At 32 rows of 4
// trees of depth 3 over 8 features (--O2) that is 27,937 constraints: about 4,100 for the opening and the commitment,
// then about 745 a row (192 for its features' range checks, about 480 for its four walks, 28 for the decision, the
// rest its share of the set commitment and the tally). Proving each row's paths the way the inference circuit does
// (TreePath per row and tree, which hashes a block per tree per row again) measured 104,917 constraints for the same
// audit, about 3,260 a row: over the 2^15 dev Powers of Tau from 10 rows on. The walk selects a level's values
// through 2^l - 1 multiplexers, so its per-row cost grows as 2^D while TreePath's grows as one hash per three levels:
// by that count the per-row opening becomes the cheaper one only from about depth 9 (8 features).
template TreeEnsembleFairnessAudit(R, T, D, F, C) {
    assert(C == 1 || C == 2);
    var S = TREE_SCORE_BITS(T);
    var K = TREE_FEATURE_BITS(F);
    var NODES = (1 << D) - 1;
    var LEAVES = 1 << D;

    signal output counts;
    signal input auditSetCommitment;
    signal input weightsCommitment;
    signal input features[R][F];
    signal input group[R];
    signal input label[R];
    signal input labeled[R];
    signal input auditSalt;
    signal input nodes[T][NODES];
    signal input leaves[T][LEAVES][C];
    signal input baseValues[C];
    signal input decisionThreshold;
    signal input weightsSalt;

    // the model, opened once: base values and the threshold enter sums and comparisons, so they are range-checked
    CheckValues(C)(baseValues);
    CheckValues(1)([decisionThreshold]);
    component tree[T];
    for (var t = 0; t < T; t++) {
        tree[t] = TreeOpen(D, F, C);
        tree[t].nodes <== nodes[t];
        tree[t].leaves <== leaves[t];
    }
    // committed order, as TreeEnsembleCore: the tree digests, the base values, the decision threshold, the salt
    component commitModel = ChainHash(T + C + 2, COMMITMENT_TAG(DOMAIN_WEIGHTS(), FAMILY_TREES(), T + C + 2));
    for (var t = 0; t < T; t++) {
        commitModel.in[t] <== tree[t].root;
    }
    for (var c = 0; c < C; c++) {
        commitModel.in[T + c] <== baseValues[c];
    }
    commitModel.in[T + C] <== decisionThreshold;
    commitModel.in[T + C + 1] <== weightsSalt;
    signal computedWeightsCommitment <== commitModel.out;
    // the private ensemble must be the registered version
    computedWeightsCommitment === weightsCommitment;

    // the rows: features are compared and packed, so range-checked; the flags value packs three bits that
    // AuditTally pins, so it lies in [0, 7]
    component score[R];
    signal decision[R];
    signal flags[R];
    for (var r = 0; r < R; r++) {
        CheckValues(F)(features[r]);
        flags[r] <== group[r] * AUDIT_FLAG_GROUP() + label[r] * AUDIT_FLAG_LABEL() + labeled[r] * AUDIT_FLAG_LABELED();
        score[r] = TreeEnsembleScore(T, D, F, C);
        score[r].features <== features[r];
        for (var t = 0; t < T; t++) {
            score[r].threshold[t] <== tree[t].threshold;
            score[r].featureBits[t] <== tree[t].featureBits;
        }
        score[r].leaves <== leaves;
        score[r].baseValues <== baseValues;
        if (C == 1) {
            // |score - threshold - 1| < 2^(S - 1) + 2^23 fits S + 1 signed bits
            decision[r] <== NonNegative(S + 1)(score[r].score[0] - decisionThreshold - 1);
        } else {
            // scores fit S signed bits, so their differences fit S unsigned bits; the index of two columns is a bit
            decision[r] <== ArgMax(C, S)(score[r].score);
        }
    }
    // the private rows must be the registered audit set
    signal computedAuditSetCommitment <== AuditSetCommit(R, F)(features, flags, auditSalt);
    computedAuditSetCommitment === auditSetCommitment;

    component tally = AuditTally(R);
    for (var r = 0; r < R; r++) {
        tally.decision[r] <== decision[r];
    }
    tally.group <== group;
    tally.label <== label;
    tally.labeled <== labeled;
    counts <== tally.counts;
}
