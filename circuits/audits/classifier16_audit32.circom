pragma circom 2.1.9;

include "../lib/fairness_audit.circom";

// Fairness audit of a classifier over 16 features on a committed audit set of 32 rows (docs/audit.md): the largest
// set whose audit fits the shared 2^15 dev Powers of Tau (18,431 constraints; 64 rows take 35,101).
// Public signals: counts (12 packed per-group counts), auditSetCommitment, weightsCommitment.
component main {public [auditSetCommitment, weightsCommitment]} = ClassifierFairnessAudit(32, 16);
