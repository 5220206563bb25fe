pragma circom 2.1.9;

include "../../../circuits/lib/floor_div_pow2.circom";

// Test harness: the fixed-point rescale alone, so a test can forge its quotient and remainder wire by wire.
component main {public [in]} = FloorDivPow2(16, 31);
