pragma circom 2.1.9;

include "params.circom";
include "check_values.circom";
include "floor_div_pow2.circom";
include "floor_div_pow2_relu.circom";

// DenseLayer(IN, OUT, qBits, RELU): out[o] = floor((sum_i w[o][i] * in[i] + b[o] * 2^16) / 2^10), followed by
// max(0, .) when RELU = 1 — one layer of a generated dense network (compiler/src/circuit/denseCircuit.ts).
// Parameters are private compact weights (10 fractional bits), range-checked here to [-WEIGHT_MAX, WEIGHT_MAX]:
// the bound under which the products cannot wrap the field and the commitment's packing is injective.
// Precondition: every in[i] is bounded by the caller, |in[i]| < 2^A with qBits >= A + 6 + log2(IN) (features by their
// range check, activations by the previous layer's qBits); FloorDivPow2 then range-checks out to qBits signed bits.
template DenseLayer(IN, OUT, qBits, RELU) {
    signal input in[IN];
    signal input w[OUT][IN];
    signal input b[OUT];
    signal output out[OUT];

    for (var o = 0; o < OUT; o++) {
        CheckWeights(IN)(w[o]);
    }
    CheckWeights(OUT)(b);

    signal product[OUT][IN];
    for (var o = 0; o < OUT; o++) {
        var acc = b[o] * (1 << FRAC_BITS());
        for (var i = 0; i < IN; i++) {
            product[o][i] <== w[o][i] * in[i];
            acc += product[o][i];
        }
        if (RELU == 1) {
            out[o] <== FloorDivPow2Relu(WEIGHT_FRAC_BITS(), qBits)(acc);
        } else {
            out[o] <== FloorDivPow2(WEIGHT_FRAC_BITS(), qBits)(acc);
        }
    }
}
