pragma circom 2.1.9;

include "range_check.circom";

// UnpackSignedLanes(count, bits): the inverse of PackSignedLanes for a word that arrives from outside
// (a public input). The lanes are prover hints; each is range-checked to `bits` bits and their weighted sum
// must equal the word, so the unpacked signed values are unique and each lies in [-2^(bits-1), 2^(bits-1)).
template UnpackSignedLanes(count, bits) {
    assert(count * bits <= 252);
    signal input in;
    signal output values[count];
    signal lanes[count];

    var sum = 0;
    for (var j = 0; j < count; j++) {
        lanes[j] <-- (in >> (j * bits)) & ((1 << bits) - 1);
        // pins each lane below 2^bits so lanes cannot bleed into each other
        RangeCheck(bits)(lanes[j]);
        sum += lanes[j] * (1 << (j * bits));
        values[j] <== lanes[j] - (1 << (bits - 1));
    }
    // pins the lanes to the word (also refuses a word with bits set above the last lane)
    sum === in;
}
