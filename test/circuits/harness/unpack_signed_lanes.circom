pragma circom 2.1.9;

include "../../../circuits/lib/unpack_signed_lanes.circom";

// Test harness: a public word of two 8-bit lanes unpacked the way the circuits unpack input words.
component main {public [in]} = UnpackSignedLanes(2, 8);
