pragma circom 2.1.9;

include "pow5.circom";
include "poseidon17_constants.circom";

// Mixes a state of T linear expressions with a T x T matrix the way circomlib's constants are laid out:
// out[i] = sum_j m[j][i] * state[j].
function POSEIDON17_MIX(state, m) {
    var out[17];
    for (var i = 0; i < 17; i++) {
        out[i] = 0;
        for (var j = 0; j < 17; j++) {
            out[i] += m[j][i] * state[j];
        }
    }
    return out;
}

// Poseidon17(): the first output of the Poseidon permutation of width t = 17 applied to [capacity, inputs],
// in the optimized round layout of the Poseidon paper's reference (sparse partial-round matrices), with
// circomlib's constants — so digests equal circomlib's PoseidonEx(16, 1) with initialState = capacity.
// Only S-boxes cost constraints (3 each, 8 * 17 + 68 = 204 of them); additions and matrix products are linear.
template Poseidon17() {
    var T = 17;
    var FULL = 8;
    var PARTIAL = 68;
    var HALF = FULL \ 2;
    signal input capacity;
    signal input inputs[16];
    signal output out;

    var C[T * FULL + PARTIAL] = POSEIDON17_C();
    var S[PARTIAL * (2 * T - 1)] = POSEIDON17_S();
    var M[T][T] = POSEIDON17_M();
    var P[T][T] = POSEIDON17_P();

    signal full[FULL][T];
    signal partial[PARTIAL];

    var state[T];
    state[0] = capacity + C[0];
    for (var i = 1; i < T; i++) {
        state[i] = inputs[i - 1] + C[i];
    }

    // first half of the full rounds; the last of them mixes with P, which prepares the sparse partial rounds
    for (var r = 0; r < HALF; r++) {
        var next[T];
        for (var j = 0; j < T; j++) {
            full[r][j] <== Pow5()(state[j]);
            next[j] = full[r][j] + C[(r + 1) * T + j];
        }
        state = POSEIDON17_MIX(next, r < HALF - 1 ? M : P);
    }

    // partial rounds: one S-box on the first element, then a sparse mix
    for (var r = 0; r < PARTIAL; r++) {
        partial[r] <== Pow5()(state[0]);
        var first = partial[r] + C[(HALF + 1) * T + r];
        var row = (2 * T - 1) * r;
        var mixed = S[row] * first;
        for (var i = 1; i < T; i++) {
            mixed += S[row + i] * state[i];
        }
        for (var i = 1; i < T; i++) {
            state[i] = state[i] + first * S[row + T + i - 1];
        }
        state[0] = mixed;
    }

    // second half of the full rounds
    for (var r = 0; r < HALF - 1; r++) {
        var next[T];
        for (var j = 0; j < T; j++) {
            full[HALF + r][j] <== Pow5()(state[j]);
            next[j] = full[HALF + r][j] + C[(HALF + 1) * T + PARTIAL + r * T + j];
        }
        state = POSEIDON17_MIX(next, M);
    }
    var result = 0;
    for (var j = 0; j < T; j++) {
        full[FULL - 1][j] <== Pow5()(state[j]);
        result += M[j][0] * full[FULL - 1][j];
    }
    out <== result;
}
