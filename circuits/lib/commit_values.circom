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

    var lanes = VALUE_LANES();
    var words = VALUE_WORDS(count);
    component pack[words];
    component hash = ChainHash(words + 1, COMMITMENT_TAG(domain, family, words + 1));
    for (var w = 0; w < words; w++) {
        var width = count - w * lanes < lanes ? count - w * lanes : lanes;
        pack[w] = PackSignedLanes(width, VALUE_BITS());
        for (var j = 0; j < width; j++) {
            pack[w].values[j] <== values[w * lanes + j];
        }
        hash.in[w] <== pack[w].out;
    }
    hash.in[words] <== salt;
    out <== hash.out;
}
