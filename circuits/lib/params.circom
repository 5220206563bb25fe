pragma circom 2.1.9;

// The one place the circuits' fixed-point format and commitment domains are defined.
// oracle/src/zk/params.ts holds the same numbers; the equivalence tests would fail if they drifted apart.

// Values are signed fixed point with 16 fractional bits: raw integer = round(real * 2^16).
function FRAC_BITS() { return 16; }
// Features, weights, biases, thresholds and embeddings: 24-bit raw values (|real| < 128) in the symmetric interval
// [-VALUE_MAX, VALUE_MAX]. The circuits refuse -2^23 (SymmetricRangeCheck, at no extra cost), so that every value they
// accept is one the TypeScript side produces, and no product of two values reaches 2^46 (see CONTRIBUTION_BITS).
function VALUE_BITS() { return 24; }
function VALUE_MAX() { return (1 << (VALUE_BITS() - 1)) - 1; }
// Lanes of VALUE_BITS in one packed word: 10 * 24 = 240 bits, below the 252-bit packing limit.
function VALUE_LANES() { return 10; }
// The parameters of the MLP (weights and biases) and the recommender's item table use the compact weight format:
// signed 14-bit raw values with 10 fractional bits (raw = round(real * 2^10), |real| < 8, steps of 1/1024). Every
// private parameter costs one constraint per bit of its range check and these models hold hundreds of them:
// 14 bits instead of 24 keeps both circuits below 2^14 constraints, half the prover's FFT domain.
// A product of a weight and a value carries 10 + 16 fractional bits and is rescaled by 2^10.
// Accepted raw parameters are symmetric as well: [-WEIGHT_MAX, WEIGHT_MAX] = [-(2^13 - 1), 2^13 - 1].
function WEIGHT_BITS() { return 14; }
function WEIGHT_MAX() { return (1 << (WEIGHT_BITS() - 1)) - 1; }
function WEIGHT_FRAC_BITS() { return 10; }
// Lanes of WEIGHT_BITS in one packed word: 18 * 14 = 252 bits, the packing limit.
function WEIGHT_LANES() { return 18; }

// Commitment domains: the capacity tag of the first Poseidon call is
//   domain * 2^40 + family * 2^32 + element count,
// so weights and inputs, families and lengths can never collide.
function DOMAIN_WEIGHTS() { return 1; }
function DOMAIN_INPUTS() { return 2; }
function FAMILY_CLASSIFIER() { return 1; }
function FAMILY_MLP() { return 2; }
function FAMILY_RECOMMENDER() { return 3; }

function COMMITMENT_TAG(domain, family, count) {
    return domain * (1 << 40) + family * (1 << 32) + count;
}

// Number of packed words needed for `count` lanes, `lanes` per word.
function PACKED_WORDS(count, lanes) {
    return (count + lanes - 1) \ lanes;
}
// Number of packed words needed for `count` values of VALUE_BITS.
function VALUE_WORDS(count) {
    return PACKED_WORDS(count, VALUE_LANES());
}

// Smallest b with 2^b >= n.
function CEIL_LOG2(n) {
    var b = 0;
    while ((1 << b) < n) {
        b++;
    }
    return b;
}

// Classifier contribution w_i * x_i, kept exact with 32 fractional bits: |w|, |x| <= VALUE_MAX = 2^23 - 1, so
// |w * x| <= (2^23 - 1)^2 < 2^46, a 47-bit signed lane. (With -2^23 allowed, (-2^23)^2 = 2^46 would carry out of the
// lane and decode as -2^46: the reason the circuits refuse -2^23.)
function CONTRIBUTION_BITS() { return 2 * VALUE_BITS() - 1; }
// Classifier score bias * 2^16 + sum of N contributions: |score| < (N + 1) * 2^46, plus the sign bit.
function CLASSIFIER_SCORE_BITS(N) { return 2 * VALUE_BITS() - 1 + CEIL_LOG2(N + 1); }

// Bits of lane i of the classifier's explanation: N contributions, then the score, then the decision.
function CLASSIFIER_LANE_BITS(N, i) {
    return i < N ? CONTRIBUTION_BITS() : (i == N ? CLASSIFIER_SCORE_BITS(N) : 1);
}

// Lanes are assigned to words greedily: a lane that would cross the 252-bit limit opens the next word.
function CLASSIFIER_WORDS(N) {
    var words = 1;
    var used = 0;
    for (var i = 0; i < N + 2; i++) {
        var bits = CLASSIFIER_LANE_BITS(N, i);
        if (used + bits > 252) {
            words++;
            used = 0;
        }
        used += bits;
    }
    return words;
}

// Items of the recommender's top-k output carry their index in an 8-bit lane (so M <= 256).
function INDEX_BITS() { return 8; }
