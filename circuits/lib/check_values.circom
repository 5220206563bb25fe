pragma circom 2.1.9;

include "params.circom";
include "symmetric_range_check.circom";

// CheckValues(count): constrains every value to [-VALUE_MAX, VALUE_MAX] — the bound that private weights and
// private features must meet before they are multiplied, packed or committed, and exactly the values the
// TypeScript quantizer produces.
template CheckValues(count) {
    signal input values[count];
    for (var i = 0; i < count; i++) {
        SymmetricRangeCheck(VALUE_BITS())(values[i]);
    }
}

// CheckWeights(count): constrains every parameter to [-WEIGHT_MAX, WEIGHT_MAX] (the compact weight format) — the
// bound under which packing the parameters into their commitment is injective and no product wraps the field.
template CheckWeights(count) {
    signal input values[count];
    for (var i = 0; i < count; i++) {
        SymmetricRangeCheck(WEIGHT_BITS())(values[i]);
    }
}
