pragma circom 2.1.9;

include "params.circom";

// The numbers of a fairness audit (docs/audit.md); oracle/src/audit/params.ts holds the same ones.

// Audit sets are committed under their own domain, so an audit set can never open a weights or an input commitment.
function DOMAIN_AUDIT_SET() { return 5; }

// Every row commits one flags value after its features: group + 2 * label + 4 * labeled, in [0, 7] (a valid value
// lane). group: 1 = the protected group; labeled: the true outcome is known; label: the true outcome is positive.
function AUDIT_FLAG_GROUP() { return 1; }
function AUDIT_FLAG_LABEL() { return 2; }
function AUDIT_FLAG_LABELED() { return 4; }

// Per group g (0, then 1), six counts: rows, positive decisions, labeled rows, label-positive rows, true positives
// (decision and label positive), false positives (decision positive, labeled negative). Count k of group g is lane
// g * AUDIT_COUNTS_PER_GROUP() + k of the public counts word, AUDIT_COUNT_BITS wide (plain unsigned lanes).
function AUDIT_COUNTS_PER_GROUP() { return 6; }
function AUDIT_COUNTS() { return 2 * AUDIT_COUNTS_PER_GROUP(); }
function AUDIT_COUNT_BITS() { return 16; }
// A count never exceeds the row count, so rows must fit a lane.
function AUDIT_MAX_ROWS() { return (1 << AUDIT_COUNT_BITS()) - 1; }

// The shape element of the audit-set commitment: rows * 2^32 + features.
function AUDIT_SHAPE(R, N) { return R * (1 << 32) + N; }
