pragma circom 2.1.9;

include "../../../circuits/lib/sign_of.circom";

// Test harness: the sign test behind the classifier's decision, for values in [-128, 128).
component main {public [in]} = NonNegative(8);
