pragma circom 2.1.9;

include "../../../circuits/lib/tree_fairness_audit.circom";

// Test harness: the tree-ensemble fairness audit at a small shape, 8 rows, 3 trees of depth 4 (two blocks a tree:
// three levels, then one) over 5 features (a feature index needs its bound below F), one score column; compiled with
// --O1 so that the forgery tests can rewrite its signals by name.
component main {public [auditSetCommitment, weightsCommitment]} = TreeEnsembleFairnessAudit(8, 3, 4, 5, 1);
