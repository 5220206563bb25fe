pragma circom 2.1.9;

include "params.circom";
include "sign_of.circom";

// ClassifierDecision(N): the classifier's decision alone, score >= threshold * 2^16 with
// score = bias * 2^16 + sum_i w_i * x_i, exactly as ClassifierCore decides it but without the explanation: the
// model evaluation of a fairness audit, run once per row.
// Preconditions: features, weights, bias and threshold are range-checked to [-VALUE_MAX, VALUE_MAX] by the caller
// (the weights once per audit, not per row); then |score - threshold * 2^16| fits CLASSIFIER_SCORE_BITS(N) signed
// bits and NonNegative both bounds it and reads its sign.
template ClassifierDecision(N) {
    signal input features[N];
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal output decision;

    signal contribution[N];
    var score = bias * (1 << FRAC_BITS());
    for (var i = 0; i < N; i++) {
        contribution[i] <== weights[i] * features[i];
        score += contribution[i];
    }
    decision <== NonNegative(CLASSIFIER_SCORE_BITS(N))(score - threshold * (1 << FRAC_BITS()));
}
