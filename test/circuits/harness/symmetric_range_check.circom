pragma circom 2.1.9;

include "../../../circuits/lib/symmetric_range_check.circom";

// Test harness: the symmetric range check at 8 bits, [-127, 127], small enough to try every witness a prover could
// write for a value.
component main {public [in]} = SymmetricRangeCheck(8);
