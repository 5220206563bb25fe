pragma circom 2.1.9;

include "../../../circuits/lib/fairness_audit.circom";

// Test harness: the classifier fairness audit at a small shape (8 rows of 4 features), compiled with --O1 so that the
// forgery tests can rewrite its signals by name.
component main {public [auditSetCommitment, weightsCommitment]} = ClassifierFairnessAudit(8, 4);
