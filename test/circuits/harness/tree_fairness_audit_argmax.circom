pragma circom 2.1.9;

include "../../../circuits/lib/tree_fairness_audit.circom";

// Test harness: the tree-ensemble fairness audit of a two-column ensemble (the decision is the arg-max column), 8 rows,
// 2 trees of depth 2 over 4 features.
component main {public [auditSetCommitment, weightsCommitment]} = TreeEnsembleFairnessAudit(8, 2, 2, 4, 2);
