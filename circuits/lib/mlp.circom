pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "commit_values.circom";
include "floor_div_pow2.circom";
include "floor_div_pow2_relu.circom";
include "pack_signed_lanes.circom";
include "arg_max.circom";

// Bits of a hidden activation max(0, floor((W1 x + b1 * 2^16) / 2^16)) as a signed value:
// |W1 x| < N * 2^46, so |pre-activation| < N * 2^30 + 2^23 < 2^(31 + log2 N).
function MLP_HIDDEN_BITS(N) { return 32 + CEIL_LOG2(N); }
// Bits of a logit floor((W2 h + b2 * 2^16) / 2^16): |h| < 2^(31 + log2 N), |W2| < 2^23,
// so |logit| < H * 2^(38 + log2 N) + 2^23 < 2^(39 + log2 N + log2 H) — one more bit for the sign.
function MLP_LOGIT_BITS(N, H) { return 40 + CEIL_LOG2(N) + CEIL_LOG2(H); }
function MLP_LOGIT_LANES(N, H) { return 252 \ MLP_LOGIT_BITS(N, H); }

// MlpCore(N, H, K): N -> H (ReLU) -> K, every layer rescaled back to 16 fractional bits by a floored division.
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
        CheckValues(N)(w1[j]);
    }
    CheckValues(H)(b1);
    for (var k = 0; k < K; k++) {
        CheckValues(H)(w2[k]);
    }
    CheckValues(K)(b2);

    signal product1[H][N];
    signal hidden[H];
    for (var j = 0; j < H; j++) {
        var acc = b1[j] * (1 << FRAC_BITS());
        for (var i = 0; i < N; i++) {
            product1[j][i] <== w1[j][i] * features[i];
            acc += product1[j][i];
        }
        hidden[j] <== FloorDivPow2Relu(FRAC_BITS(), hiddenBits)(acc);
    }

    signal product2[K][H];
    signal logit[K];
    for (var k = 0; k < K; k++) {
        var acc = b2[k] * (1 << FRAC_BITS());
        for (var j = 0; j < H; j++) {
            product2[k][j] <== w2[k][j] * hidden[j];
            acc += product2[k][j];
        }
        logit[k] <== FloorDivPow2(FRAC_BITS(), logitBits)(acc);
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
    component commit = CommitValues(H * N + H + K * H + K, DOMAIN_WEIGHTS(), FAMILY_MLP());
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
