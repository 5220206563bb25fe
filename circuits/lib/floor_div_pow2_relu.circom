pragma circom 2.1.9;

include "range_check.circom";
include "sign_of.circom";

// FloorDivPow2Relu(shift, qBits): out = max(0, floor(in / 2^shift)) for a signed `in` — the rescale of a
// hidden neuron followed by its ReLU. Same pinning as FloorDivPow2; the sign of q comes from the same bit
// decomposition that range-checks it, so the ReLU costs one extra constraint.
template FloorDivPow2Relu(shift, qBits) {
    assert(shift > 0 && qBits > 1 && shift + qBits <= 252);
    signal input in;
    signal output out;
    signal q;
    signal r;

    var offset = 1 << (qBits - 1 + shift);
    q <-- ((in + offset) >> shift) - (1 << (qBits - 1));
    // pins q and r together: in == q * 2^shift + r
    r <== in - q * (1 << shift);
    // pins r to a genuine remainder
    RangeCheck(shift)(r);
    // pins q to its bound and yields its sign
    signal positive <== NonNegative(qBits)(q);
    out <== q * positive;
}
