pragma circom 2.1.9;

include "../../../circuits/lib/tree_ensemble.circom";

// Test harness: 2 trees of depth 4 (two blocks each) over 5 public features (index bits reach 7), 3 columns (arg-max).
component main {public [features]} = TreeEnsembleCore(2, 4, 5, 3);
