pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "commit_values.circom";
include "floor_div_pow2.circom";
include "floor_div_pow2_relu.circom";
include "pack_signed_lanes.circom";
include "arg_max.circom";

// Bits of a hidden activation max(0, floor((W1 x + b1 * 2^16) / 2^10)): weights and biases are compact
// (|w| < 2^13 raw, 10 fractional bits), features |x| < 2^23, so |W1 x + b1 * 2^16| < N * 2^36 + 2^29 < 2^(37 + log2 N)
// and |pre-activation| <= 2^(27 + log2 N), with one bit for the sign and one to spare.
function MLP_HIDDEN_BITS(N) { return 29 + CEIL_LOG2(N); }
// Bits of a logit lane floor((W2 h + b2 * 2^16) / 2^10): 0 <= h < 2^(28 + log2 N), so
// |W2 h + b2 * 2^16| < H * 2^(41 + log2 N) + 2^29 and |logit| <= 2^(32 + log2 N + log2 H). The lane keeps
// 40 + log2 N + log2 H bits, the width of the public-signal layout (circuits/manifest.json) every decoder reads.
function MLP_LOGIT_BITS(N, H) { return 40 + CEIL_LOG2(N) + CEIL_LOG2(H); }
function MLP_LOGIT_LANES(N, H) { return 252 \ MLP_LOGIT_BITS(N, H); }

// MlpCore(N, H, K): N -> H (ReLU) -> K, every layer rescaled back to 16 fractional bits by a floored division
// (a compact weight times a value has 10 + 16 fractional bits).
// Outputs the logits (packed, offset binary) and the arg-max class (ties go to the lowest index).
// Weights are private and bound by weightsCommitment; features arrive range-checked by the entry circuit.
template MlpCore(N, H, K) {
    var hiddenBits = MLP_HIDDEN_BITS(N);
    var logitBits = MLP_LOGIT_BITS(N, H);
    var logitLanes = MLP_LOGIT_LANES(N, H);
    var logitWords = (K + logitLanes - 1) \ logitLanes;

    signal input features[N];
    signal input w1[H][N];
    signal input b1[H];
    signal input w2[K][H];
    signal input b2[K];
    signal input weightsSalt;
    signal output logits[logitWords];
    signal output argmax;
    signal output weightsCommitment;

    for (var j = 0; j < H; j++) {
        CheckWeights(N)(w1[j]);
    }
    CheckWeights(H)(b1);
    for (var k = 0; k < K; k++) {
        CheckWeights(H)(w2[k]);
    }
    CheckWeights(K)(b2);

    signal product1[H][N];
    signal hidden[H];
    for (var j = 0; j < H; j++) {
        var acc = b1[j] * (1 << FRAC_BITS());
        for (var i = 0; i < N; i++) {
            product1[j][i] <== w1[j][i] * features[i];
            acc += product1[j][i];
        }
        hidden[j] <== FloorDivPow2Relu(WEIGHT_FRAC_BITS(), hiddenBits)(acc);
    }

    signal product2[K][H];
    signal logit[K];
    for (var k = 0; k < K; k++) {
        var acc = b2[k] * (1 << FRAC_BITS());
        for (var j = 0; j < H; j++) {
            product2[k][j] <== w2[k][j] * hidden[j];
            acc += product2[k][j];
        }
        logit[k] <== FloorDivPow2(WEIGHT_FRAC_BITS(), logitBits)(acc);
    }

    // Logits are range-checked to logitBits by FloorDivPow2, so their differences fit logitBits unsigned bits.
    component best = ArgMax(K, logitBits);
    best.values <== logit;
    argmax <== best.index;

    component pack[logitWords];
    for (var w = 0; w < logitWords; w++) {
        var first = w * logitLanes;
        var width = K - first < logitLanes ? K - first : logitLanes;
        pack[w] = PackSignedLanes(width, logitBits);
        for (var j = 0; j < width; j++) {
            pack[w].values[j] <== logit[first + j];
        }
        logits[w] <== pack[w].out;
    }

    // Committed order: w1 row-major (hidden unit, then feature), b1, w2 row-major (class, then hidden unit), b2.
    component commit = CommitWeights(H * N + H + K * H + K, FAMILY_MLP());
    var at = 0;
    for (var j = 0; j < H; j++) {
        for (var i = 0; i < N; i++) {
            commit.values[at] <== w1[j][i];
            at++;
        }
    }
    for (var j = 0; j < H; j++) {
        commit.values[at] <== b1[j];
        at++;
    }
    for (var k = 0; k < K; k++) {
        for (var j = 0; j < H; j++) {
            commit.values[at] <== w2[k][j];
            at++;
        }
    }
    for (var k = 0; k < K; k++) {
        commit.values[at] <== b2[k];
        at++;
    }
    commit.salt <== weightsSalt;
    weightsCommitment <== commit.out;
}
