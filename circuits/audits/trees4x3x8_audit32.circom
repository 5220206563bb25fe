pragma circom 2.1.9;

include "../lib/tree_fairness_audit.circom";

// Fairness audit of a tree ensemble (4 trees of depth 3 over 8 features, one score column) on a committed audit set
// of 32 rows (docs/audit.md): 27,937 constraints, inside the shared 2^15 dev Powers of Tau (64 rows take 51,776).
// Public signals: counts (12 packed per-group counts), auditSetCommitment, weightsCommitment.
component main {public [auditSetCommitment, weightsCommitment]} = TreeEnsembleFairnessAudit(32, 4, 3, 8, 1);
