pragma circom 2.1.9;

include "symmetric_range_check.circom";

// UnpackSignedLanes(count, bits): the inverse of PackSignedLanes for a word that arrives from outside
// (a public input). The values are prover hints; each is pinned to [-(2^(bits-1) - 1), 2^(bits-1) - 1], so its lane
// value + 2^(bits-1) lies in [1, 2^bits), and the lanes must recompose the word. A word has a witness exactly when
// it holds `count` lanes, none of them 0 (the refused -2^(bits-1)), and no bit above the last lane.
template UnpackSignedLanes(count, bits) {
    assert(count * bits <= 252);
    signal input in;
    signal output values[count];

    var offset = 1 << (bits - 1);
    var sum = 0;
    for (var j = 0; j < count; j++) {
        values[j] <-- ((in >> (j * bits)) & ((1 << bits) - 1)) - offset;
        // pins each value to the symmetric interval, so its lane stays inside its bits and cannot bleed into the next
        SymmetricRangeCheck(bits)(values[j]);
        sum += (values[j] + offset) * (1 << (j * bits));
    }
    // pins the values to the word; lanes below 2^bits make the recomposition unique, and a word with bits set above
    // the last lane (or a lane at 0) has no recomposition at all
    sum === in;
}
