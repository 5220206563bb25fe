pragma circom 2.1.9;

include "../../../circuits/lib/arg_max.circom";

// Test harness: arg-max of 4 signed values below 2^19 in magnitude.
component main {public [values]} = ArgMax(4, 20);
