pragma circom 2.1.9;

include "../../../circuits/lib/top_k.circom";

// Test harness: the top 3 of 6 distinct keys below 2^12.
component main {public [keys]} = TopK(6, 3, 12);
