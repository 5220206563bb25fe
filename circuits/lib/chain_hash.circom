pragma circom 2.1.9;

include "poseidon17.circom";

// ChainHash(count, tag): Poseidon over a vector of field elements, 16 elements per permutation (t = 17).
// The capacity element of the first call carries `tag` (domain, family and length: see params.circom); each
// later call carries the previous digest, a Merkle-Damgard chain over the width-17 permutation. The last chunk
// is zero-padded, which is unambiguous because the length is part of the tag.
template ChainHash(count, tag) {
    assert(count > 0);
    signal input in[count];
    signal output out;

    var chunks = (count + 15) \ 16;
    component rounds[chunks];
    for (var c = 0; c < chunks; c++) {
        rounds[c] = Poseidon17();
        if (c == 0) {
            rounds[c].capacity <== tag;
        } else {
            rounds[c].capacity <== rounds[c - 1].out;
        }
        for (var i = 0; i < 16; i++) {
            var idx = c * 16 + i;
            if (idx < count) {
                rounds[c].inputs[i] <== in[idx];
            } else {
                rounds[c].inputs[i] <== 0;
            }
        }
    }
    out <== rounds[chunks - 1].out;
}
