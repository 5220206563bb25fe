pragma circom 2.1.9;

// The one place the circuits' fixed-point format and commitment domains are defined.
// oracle/src/zk/params.ts holds the same numbers; the equivalence tests would fail if they drifted apart.

// Values are signed fixed point with 16 fractional bits: raw integer = round(real * 2^16).
function FRAC_BITS() { return 16; }
// Features, weights, biases, thresholds and embeddings: signed 24-bit raw values (|real| < 128).
function VALUE_BITS() { return 24; }
// Lanes of VALUE_BITS in one packed word: 10 * 24 = 240 bits, below the 252-bit packing limit.
function VALUE_LANES() { return 10; }

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

// Number of packed words needed for `count` values of VALUE_BITS.
function VALUE_WORDS(count) {
    return (count + VALUE_LANES() - 1) \ VALUE_LANES();
}

// Smallest b with 2^b >= n.
function CEIL_LOG2(n) {
    var b = 0;
    while ((1 << b) < n) {
        b++;
    }
    return b;
}

// Classifier contribution w_i * x_i / 2^16: |w|, |x| <= 2^23 - 1, so |w * x| < 2^46 and the floored
// quotient lies in [-2^30, 2^30): 31 signed bits, 8 lanes per packed word.
function CONTRIBUTION_BITS() { return 31; }
function CONTRIBUTION_LANES() { return 8; }

// Items of the recommender's top-k output carry their index in an 8-bit lane (so M <= 256).
function INDEX_BITS() { return 8; }
