pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "commit_values.circom";
include "sign_of.circom";

// ClassifierCore(N): a linear (logistic) classifier with its explanation, all in exact integer arithmetic.
//   contribution_i = w_i * x_i                        (each feature's share, 32 fractional bits, no rounding)
//   score          = bias * 2^16 + sum_i contribution_i   (32 fractional bits: the explanation adds up exactly)
//   decision       = score >= threshold * 2^16        (a logistic model thresholds the logit: the sigmoid is
//                                                      monotone, so no sigmoid is needed in-circuit)
// Keeping the products unrescaled costs no range check: they are bounded by the operands' checks, which keep every
// value in [-VALUE_MAX, VALUE_MAX] and so every |w_i * x_i| < 2^46, inside its offset lane. The outputs
// are packed into `explanation` words: lanes of N contributions (offset 2^46), the score (offset
// 2^(scoreBits - 1)) and the decision bit, least significant first, a lane never straddling two words.
// Weights, bias and threshold are private and bound by weightsCommitment. Features arrive range-checked to the same
// interval by the entry circuit (unpacked from public words or checked before being committed).
template ClassifierCore(N) {
    var words = CLASSIFIER_WORDS(N);
    var scoreBits = CLASSIFIER_SCORE_BITS(N);

    signal input features[N];
    signal input weights[N];
    signal input bias;
    signal input threshold;
    signal input weightsSalt;
    signal output explanation[words];
    signal output weightsCommitment;

    // Weights enter products and packing: both are sound only for range-checked values.
    CheckValues(N)(weights);
    CheckValues(2)([bias, threshold]);

    signal contribution[N];
    var score = bias * (1 << FRAC_BITS());
    for (var i = 0; i < N; i++) {
        contribution[i] <== weights[i] * features[i];
        score += contribution[i];
    }
    // |score - threshold * 2^16| < (N + 1) * 2^46 + 2^39 fits scoreBits signed bits (see params.circom)
    signal decision <== NonNegative(scoreBits)(score - threshold * (1 << FRAC_BITS()));

    // Offset-binary lanes of values bounded by construction (products and sums of range-checked values, and a
    // bit), so the packing is injective without further checks.
    var acc[words];
    for (var w = 0; w < words; w++) {
        acc[w] = 0;
    }
    var word = 0;
    var used = 0;
    for (var i = 0; i < N + 2; i++) {
        var bits = CLASSIFIER_LANE_BITS(N, i);
        if (used + bits > 252) {
            word++;
            used = 0;
        }
        var lane = i < N ? contribution[i] + (1 << (bits - 1)) : (i == N ? score + (1 << (bits - 1)) : decision);
        acc[word] += lane * (1 << used);
        used += bits;
    }
    for (var w = 0; w < words; w++) {
        explanation[w] <== acc[w];
    }

    // Committed order: weights[0..N), bias, threshold.
    component commit = CommitValues(N + 2, DOMAIN_WEIGHTS(), FAMILY_CLASSIFIER());
    for (var i = 0; i < N; i++) {
        commit.values[i] <== weights[i];
    }
    commit.values[N] <== bias;
    commit.values[N + 1] <== threshold;
    commit.salt <== weightsSalt;
    weightsCommitment <== commit.out;
}
