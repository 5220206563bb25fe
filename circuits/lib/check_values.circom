pragma circom 2.1.9;

include "params.circom";
include "signed_range_check.circom";

// CheckValues(count): constrains every value to VALUE_BITS signed bits — the bound that private weights and
// private features must meet before they are multiplied, packed or committed.
template CheckValues(count) {
    signal input values[count];
    for (var i = 0; i < count; i++) {
        SignedRangeCheck(VALUE_BITS())(values[i]);
    }
}

// CheckWeights(count): constrains every parameter to WEIGHT_BITS signed bits (the compact weight format) — the
// bound under which packing the parameters into their commitment is injective and no product wraps the field.
template CheckWeights(count) {
    signal input values[count];
    for (var i = 0; i < count; i++) {
        SignedRangeCheck(WEIGHT_BITS())(values[i]);
    }
}
