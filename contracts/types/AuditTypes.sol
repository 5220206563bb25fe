// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice A fairness-audit circuit: one model shape evaluated on audit sets of one size (docs/audit.md).
struct AuditCircuit {
    /// @dev Groth16 verifier taking (counts, auditSetCommitment, weightsCommitment).
    address verifier;
    /// @dev Rows of the audit sets it evaluates.
    uint32 rows;
    /// @dev Features per row (the model's input width).
    uint16 features;
    /// @dev False once retired: no new audit is accepted through it.
    bool active;
}

/// @notice A registered audit set: its rows stay private; the commitment binds them.
struct AuditSet {
    /// @dev Poseidon commitment to the rows (AuditSetCommit in circuits/lib/audit_set_commit.circom).
    uint256 commitment;
    uint32 rows;
    uint16 features;
    uint64 registeredAt;
    address registrant;
    /// @dev sha256 of the audit set's card (provenance, consent, how groups and labels were assigned).
    bytes32 cardHash;
    string cardURI;
}

/// @notice One group's proven counts.
struct GroupCounts {
    uint16 rows;
    uint16 positives;
    uint16 labeled;
    uint16 labelPositives;
    uint16 truePositives;
    uint16 falsePositives;
}

/// @notice A proven audit of a model version on an audit set.
struct AuditRecord {
    /// @dev Group 0, the reference group.
    GroupCounts referenceGroup;
    /// @dev Group 1, the protected group.
    GroupCounts protectedGroup;
    uint32 circuitId;
    uint64 provenAt;
    address submitter;
}

/// @notice An exact rational numerator / denominator; a denominator of 0 means the metric does not exist for these
/// counts (a group without rows, or without label-positive rows).
struct Ratio {
    int256 numerator;
    uint256 denominator;
}

/// @notice The fairness metrics of an audit, exact and in lowest terms; group 1 (protected) against group 0.
struct FairnessMetrics {
    /// @dev selection rate (protected) - selection rate (reference).
    Ratio demographicParityDifference;
    /// @dev selection rate (protected) / selection rate (reference).
    Ratio disparateImpactRatio;
    /// @dev true-positive rate (protected) - true-positive rate (reference).
    Ratio equalOpportunityDifference;
}
