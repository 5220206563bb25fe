pragma circom 2.1.9;

include "params.circom";
include "audit_params.circom";
include "check_values.circom";
include "commit_values.circom";
include "audit_set_commit.circom";
include "audit_tally.circom";
include "classifier_decision.circom";

// ClassifierFairnessAudit(R, N): evaluates a committed classifier on every row of a committed audit set and outputs
// the per-group counts (docs/audit.md). Its three parts are separate templates so that a circuit for another model
// shape keeps the set commitment and the tally and swaps only the model: AuditSetCommit(R, N) binds the rows,
// ClassifierDecision(N) decides each row, AuditTally(R) counts.
// Public signals: counts (12 lanes of AUDIT_COUNT_BITS, see audit_tally.circom), auditSetCommitment,
// weightsCommitment (the classifier's, as registered for its version: CommitValues over weights, bias, threshold).
template ClassifierFairnessAudit(R, N) {
    signal output counts;
    signal input auditSetCommitment;
    signal input weightsCommitment;
    signal input features[R][N];
    signal input group[R];
    signal input label[R];
    signal input labeled[R];
    signal input auditSalt;
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal input weightsSalt;

    // the model: its values are multiplied and committed, both sound only for range-checked values; checked once
    CheckValues(N)(weights);
    CheckValues(2)([bias, threshold]);
    // committed order: weights[0..N), bias, threshold (as ClassifierCore commits them)
    component commitModel = CommitValues(N + 2, DOMAIN_WEIGHTS(), FAMILY_CLASSIFIER());
    for (var i = 0; i < N; i++) {
        commitModel.values[i] <== weights[i];
    }
    commitModel.values[N] <== bias;
    commitModel.values[N + 1] <== threshold;
    commitModel.salt <== weightsSalt;
    signal computedWeightsCommitment <== commitModel.out;
    // the private model must be the registered version
    computedWeightsCommitment === weightsCommitment;

    // the rows: features are multiplied and packed, so range-checked; the flags value packs three bits that
    // AuditTally pins, so it lies in [0, 7]
    component decide[R];
    signal flags[R];
    for (var r = 0; r < R; r++) {
        CheckValues(N)(features[r]);
        flags[r] <== group[r] * AUDIT_FLAG_GROUP() + label[r] * AUDIT_FLAG_LABEL() + labeled[r] * AUDIT_FLAG_LABELED();
        decide[r] = ClassifierDecision(N);
        decide[r].features <== features[r];
        decide[r].weights <== weights;
        decide[r].bias <== bias;
        decide[r].threshold <== threshold;
    }
    // the private rows must be the registered audit set
    signal computedAuditSetCommitment <== AuditSetCommit(R, N)(features, flags, auditSalt);
    computedAuditSetCommitment === auditSetCommitment;

    component tally = AuditTally(R);
    for (var r = 0; r < R; r++) {
        tally.decision[r] <== decide[r].decision;
    }
    tally.group <== group;
    tally.label <== label;
    tally.labeled <== labeled;
    counts <== tally.counts;
}
