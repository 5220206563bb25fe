pragma circom 2.1.9;

include "params.circom";
include "pack_signed_lanes.circom";
include "chain_hash.circom";

// CommitValues(count, domain, family): the commitment of the spec (docs/circuits.md, "Commitments"):
// values are packed VALUE_LANES per word (offset binary, least significant lane first), the salt is appended,
// and the words are chain-hashed under the tag of (domain, family, words + 1).
// Precondition: every value is range-checked to VALUE_BITS signed bits by the caller (packing is injective
// only then).
template CommitValues(count, domain, family) {
    signal input values[count];
    signal input salt;
    signal output out;

    out <== CommitLanes(count, VALUE_BITS(), VALUE_LANES(), domain, family)(values, salt);
}

// CommitWeights(count, family): the same commitment over parameters in the compact weight format, packed
// WEIGHT_LANES lanes of WEIGHT_BITS per word, under the weights domain.
// Precondition: every value is range-checked to WEIGHT_BITS signed bits by the caller.
template CommitWeights(count, family) {
    signal input values[count];
    signal input salt;
    signal output out;

    out <== CommitLanes(count, WEIGHT_BITS(), WEIGHT_LANES(), DOMAIN_WEIGHTS(), family)(values, salt);
}

// CommitLanes(count, bits, lanes, domain, family): packs `lanes` signed lanes of `bits` per word, appends the salt
// and chain-hashes the words under the tag of (domain, family, words + 1).
template CommitLanes(count, bits, lanes, domain, family) {
    assert(bits * lanes <= 252);
    signal input values[count];
    signal input salt;
    signal output out;

    var words = PACKED_WORDS(count, lanes);
    component pack[words];
    component hash = ChainHash(words + 1, COMMITMENT_TAG(domain, family, words + 1));
    for (var w = 0; w < words; w++) {
        var width = count - w * lanes < lanes ? count - w * lanes : lanes;
        pack[w] = PackSignedLanes(width, bits);
        for (var j = 0; j < width; j++) {
            pack[w].values[j] <== values[w * lanes + j];
        }
        hash.in[w] <== pack[w].out;
    }
    hash.in[words] <== salt;
    out <== hash.out;
}
