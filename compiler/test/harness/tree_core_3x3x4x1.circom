pragma circom 2.1.9;

include "../../../circuits/lib/tree_ensemble.circom";

// Test harness: 3 trees of depth 3 (one block each) over 4 public features, one column (a binary label).
component main {public [features]} = TreeEnsembleCore(3, 3, 4, 1);
