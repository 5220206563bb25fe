pragma circom 2.1.9;

include "../../../circuits/lib/check_values.circom";
include "../../../circuits/lib/commit_values.circom";

// Test harness: three compact parameters range-checked and committed the way the MLP commits its own, so a test
// can show that the range check is what makes the packed commitment binding.
template CheckedWeightsCommitment() {
    signal input values[3];
    signal input salt;
    signal output out;

    CheckWeights(3)(values);
    out <== CommitWeights(3, FAMILY_MLP())(values, salt);
}

component main = CheckedWeightsCommitment();
