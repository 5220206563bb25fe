pragma circom 2.1.9;

include "../lib/fairness_audit.circom";

// Fairness audit of a classifier over 16 features on a committed audit set of 64 rows (docs/audit.md).
// Public signals: counts (12 packed per-group counts), auditSetCommitment, weightsCommitment.
component main {public [auditSetCommitment, weightsCommitment]} = ClassifierFairnessAudit(64, 16);
