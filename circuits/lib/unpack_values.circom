pragma circom 2.1.9;

include "params.circom";
include "unpack_signed_lanes.circom";

// UnpackValues(count): public packed words (VALUE_LANES lanes of VALUE_BITS each, the last word possibly
// shorter) to `count` signed values, each pinned to [-VALUE_MAX, VALUE_MAX] by the unpacking.
template UnpackValues(count) {
    var lanes = VALUE_LANES();
    var words = VALUE_WORDS(count);
    signal input in[words];
    signal output values[count];

    component unpack[words];
    for (var w = 0; w < words; w++) {
        var width = count - w * lanes < lanes ? count - w * lanes : lanes;
        unpack[w] = UnpackSignedLanes(width, VALUE_BITS());
        unpack[w].in <== in[w];
        for (var j = 0; j < width; j++) {
            values[w * lanes + j] <== unpack[w].values[j];
        }
    }
}
