pragma circom 2.1.9;

include "audit_params.circom";
include "range_check.circom";

// AuditTally(R): the per-group counts of a fairness audit over R rows, packed into one public word.
// Inputs per row: the model's decision (a bit, precondition: the caller's decision template outputs one), the group,
// the label and the labeled bits (pinned to bits here, with label => labeled: an unlabeled row has no outcome).
// Every count is a sum of R terms that are each 0 or 1 (products and differences of bits, see below), so it lies in
// [0, R] with R <= AUDIT_MAX_ROWS: it can neither wrap the field nor overflow its lane. It is range-checked to
// AUDIT_COUNT_BITS all the same, so the lanes' soundness does not rest on that argument alone.
// Lane order (docs/audit.md): group 0 then group 1, each rows, positives, labeled, labelPositives, truePositives,
// falsePositives.
template AuditTally(R) {
    assert(R > 0 && R <= AUDIT_MAX_ROWS());
    signal input decision[R];
    signal input group[R];
    signal input label[R];
    signal input labeled[R];
    signal output counts;

    signal inGroup1Positive[R];   // group * decision
    signal truePositive[R];       // decision * label
    signal labeledPositive[R];    // decision * labeled: a positive decision on a labeled row
    signal inGroup1Labeled[R];    // group * labeled
    signal inGroup1Label[R];      // group * label
    signal inGroup1TruePositive[R];
    signal inGroup1LabeledPositive[R];

    var total[AUDIT_COUNTS()];
    for (var k = 0; k < AUDIT_COUNTS(); k++) {
        total[k] = 0;
    }
    for (var r = 0; r < R; r++) {
        // pin the row's flags to bits: a group of 2 would count a row twice, a group of -1 would take it away
        group[r] * (group[r] - 1) === 0;
        label[r] * (label[r] - 1) === 0;
        labeled[r] * (labeled[r] - 1) === 0;
        // label => labeled, so label <= labeled and every difference below is a bit
        label[r] * (1 - labeled[r]) === 0;

        inGroup1Positive[r] <== group[r] * decision[r];
        truePositive[r] <== decision[r] * label[r];
        labeledPositive[r] <== decision[r] * labeled[r];
        inGroup1Labeled[r] <== group[r] * labeled[r];
        inGroup1Label[r] <== group[r] * label[r];
        inGroup1TruePositive[r] <== group[r] * truePositive[r];
        inGroup1LabeledPositive[r] <== group[r] * labeledPositive[r];

        // group 0: the row's term minus its group-1 part, i.e. the term times (1 - group)
        total[0] += 1 - group[r];
        total[1] += decision[r] - inGroup1Positive[r];
        total[2] += labeled[r] - inGroup1Labeled[r];
        total[3] += label[r] - inGroup1Label[r];
        total[4] += truePositive[r] - inGroup1TruePositive[r];
        // a false positive: positive decision on a labeled negative row, decision * (labeled - label)
        total[5] += labeledPositive[r] - truePositive[r] - inGroup1LabeledPositive[r] + inGroup1TruePositive[r];
        // group 1
        total[6] += group[r];
        total[7] += inGroup1Positive[r];
        total[8] += inGroup1Labeled[r];
        total[9] += inGroup1Label[r];
        total[10] += inGroup1TruePositive[r];
        total[11] += inGroup1LabeledPositive[r] - inGroup1TruePositive[r];
    }

    signal count[AUDIT_COUNTS()];
    var packed = 0;
    for (var k = 0; k < AUDIT_COUNTS(); k++) {
        count[k] <== total[k];
        // pins the count inside its lane (it is in [0, R] by construction; see above)
        RangeCheck(AUDIT_COUNT_BITS())(count[k]);
        packed += count[k] * (1 << (k * AUDIT_COUNT_BITS()));
    }
    counts <== packed;
}
