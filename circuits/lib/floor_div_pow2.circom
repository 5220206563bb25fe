pragma circom 2.1.9;

include "range_check.circom";
include "signed_range_check.circom";

// FloorDivPow2(shift, qBits): q = floor(in / 2^shift) for a signed `in`, rounding toward minus infinity
// (the fixed-point rescale after a product). The quotient is a prover hint; it is pinned by
//   in == q * 2^shift + r,   0 <= r < 2^shift,   -2^(qBits-1) <= q < 2^(qBits-1).
// The remainder check is what makes the division sound: without it any q' = q - k with r' = r + k * 2^shift
// would satisfy the equation. qBits + shift must stay below 253 so the identity cannot wrap around the field.
template FloorDivPow2(shift, qBits) {
    assert(shift > 0 && qBits > 1 && shift + qBits <= 252);
    signal input in;
    signal output q;
    signal r;

    // Hint: shift the signed value into the non-negative range, divide as integers, shift back.
    var offset = 1 << (qBits - 1 + shift);
    q <-- ((in + offset) >> shift) - (1 << (qBits - 1));
    // pins q and r together: in == q * 2^shift + r
    r <== in - q * (1 << shift);
    // pins r to a genuine remainder
    RangeCheck(shift)(r);
    // pins q to the quotient's documented bound (and so keeps the identity above free of wrap-around)
    SignedRangeCheck(qBits)(q);
}
