pragma circom 2.1.9;

include "audit_params.circom";
include "pack_signed_lanes.circom";
include "chain_hash.circom";

// AuditSetCommit(R, N): the commitment to an audit set of R rows of N features (docs/audit.md, "Audit-set
// commitment"). Row r contributes N + 1 values, features[r][0..N) then its flags value; all R * (N + 1) values are
// packed VALUE_LANES per word back to back (rows may straddle words), then the shape element R * 2^32 + N and the
// salt are appended and the words chain-hashed under the tag of (DOMAIN_AUDIT_SET, family 0, words + 2).
// The set is not tied to a model family: any model over N features can be audited on it. The shape element fixes
// the row boundaries (R * (N + 1) values split one way only) and the tag fixes the length.
// Preconditions: every feature is range-checked to VALUE_BITS signed bits and every flags value is in [0, 7] (the
// caller builds it from checked bits); packing is injective only then.
template AuditSetCommit(R, N) {
    signal input features[R][N];
    signal input flags[R];
    signal input salt;
    signal output out;

    var count = R * (N + 1);
    var lanes = VALUE_LANES();
    var words = PACKED_WORDS(count, lanes);
    var values[count];
    for (var r = 0; r < R; r++) {
        for (var i = 0; i < N; i++) {
            values[r * (N + 1) + i] = features[r][i];
        }
        values[r * (N + 1) + N] = flags[r];
    }
    component pack[words];
    component hash = ChainHash(words + 2, COMMITMENT_TAG(DOMAIN_AUDIT_SET(), 0, words + 2));
    for (var w = 0; w < words; w++) {
        var width = count - w * lanes < lanes ? count - w * lanes : lanes;
        pack[w] = PackSignedLanes(width, VALUE_BITS());
        for (var j = 0; j < width; j++) {
            pack[w].values[j] <== values[w * lanes + j];
        }
        hash.in[w] <== pack[w].out;
    }
    hash.in[words] <== AUDIT_SHAPE(R, N);
    hash.in[words + 1] <== salt;
    out <== hash.out;
}
