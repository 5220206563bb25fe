pragma circom 2.1.9;

// PackSignedLanes(count, bits): packs `count` signed values into one field element, lane j holding
// values[j] + 2^(bits-1) at bit offset j * bits (offset binary, least significant lane first).
// Precondition: the caller has already range-checked every value to `bits` signed bits; only then are the
// lanes non-overlapping and the packing injective. Packing is linear, so it costs no constraint.
template PackSignedLanes(count, bits) {
    assert(count * bits <= 252);
    signal input values[count];
    signal output out;

    var sum = 0;
    for (var j = 0; j < count; j++) {
        sum += (values[j] + (1 << (bits - 1))) * (1 << (j * bits));
    }
    out <== sum;
}
