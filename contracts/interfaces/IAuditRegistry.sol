// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AuditCircuit, AuditRecord, AuditSet, FairnessMetrics} from "../types/AuditTypes.sol";

/// @title IAuditRegistry
/// @notice Proven fairness audits: audit sets registered by commitment, and per model version and audit set the
/// per-group counts a zk proof establishes, from which the fairness metrics follow exactly (docs/audit.md).
interface IAuditRegistry {
    /// @notice A Groth16 proof of an audit: the verifier's (a, b, c).
    struct AuditProof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Governance registered an audit circuit.
    event AuditCircuitRegistered(uint32 indexed circuitId, address verifier, uint32 rows, uint16 features);
    /// @notice Governance retired an audit circuit; audits proven through it stay recorded.
    event AuditCircuitRetired(uint32 indexed circuitId);
    /// @notice An audit set was registered.
    event AuditSetRegistered(
        uint256 indexed auditSetId,
        address indexed registrant,
        uint256 commitment,
        uint32 rows,
        uint16 features,
        bytes32 cardHash,
        string cardURI
    );
    /// @notice A proven audit of a model version on an audit set was recorded; `counts` is the proof's counts word.
    event AuditRecorded(
        uint256 indexed modelId,
        uint32 indexed version,
        uint256 indexed auditSetId,
        uint32 circuitId,
        uint256 counts,
        FairnessMetrics metrics,
        address submitter
    );

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @notice A zero address where a contract is required.
    error AuditZeroAddress();
    /// @notice The verifier has no code.
    error AuditVerifierHasNoCode(address verifier);
    /// @notice Rows must be in [1, maxRows] and features at least 1.
    error AuditInvalidShape(uint32 rows, uint16 features, uint32 maxRows);
    /// @notice No audit circuit has this id.
    error AuditUnknownCircuit(uint32 circuitId);
    /// @notice The audit circuit is retired.
    error AuditCircuitInactive(uint32 circuitId);
    /// @notice The commitment is 0 or not a BN254 field element.
    error AuditInvalidCommitment(uint256 commitment);
    /// @notice The caller already registered an audit set with this commitment.
    error AuditSetAlreadyRegistered(uint256 commitment, uint256 auditSetId);
    /// @notice The card URI is longer than allowed.
    error AuditInvalidURI(uint256 length, uint256 maxLength);
    /// @notice No audit set has this id.
    error AuditUnknownSet(uint256 auditSetId);
    /// @notice The circuit evaluates sets of another shape than this set's.
    error AuditShapeMismatch(uint32 circuitId, uint256 auditSetId);
    /// @notice This version was already audited on this set (the result is deterministic: there is nothing to add).
    error AuditAlreadyRecorded(uint256 modelId, uint32 version, uint256 auditSetId);
    /// @notice The counts word has bits above its lanes, or its rows do not add up to the set's.
    error AuditMalformedCounts(uint256 counts);
    /// @notice The proof does not verify for these counts, this set and this version's weights commitment.
    error AuditInvalidProof(uint256 modelId, uint32 version, uint256 auditSetId);
    /// @notice No audit of this version on this set is recorded.
    error AuditNotRecorded(uint256 modelId, uint32 version, uint256 auditSetId);

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @notice Registers an audit circuit (governance).
    /// @param verifier Its Groth16 verifier.
    /// @param rows Rows of the audit sets it evaluates.
    /// @param features Features per row.
    /// @return circuitId The new circuit's id (from 1).
    function registerAuditCircuit(address verifier, uint32 rows, uint16 features) external returns (uint32 circuitId);

    /// @notice Retires an audit circuit (governance), e.g. when its keys are replaced; its audits stay recorded.
    /// @param circuitId The circuit.
    function retireAuditCircuit(uint32 circuitId) external;

    /* ------------------------------------------------------------------ */
    /*                                AUDITS                              */
    /* ------------------------------------------------------------------ */

    /// @notice Registers an audit set by its commitment; anyone may, and becomes its registrant. Sets are keyed by
    /// registrant and commitment: another account registering the same commitment gets a set of its own (its own
    /// card, its own name as registrant), so a registration seen in the mempool cannot be taken over.
    /// @param commitment The audit-set commitment (a BN254 field element; the rows stay private).
    /// @param rows Its rows.
    /// @param features Features per row.
    /// @param cardHash sha256 of its card: provenance, consent, how groups and labels were assigned.
    /// @param cardURI Where the card is published.
    /// @return auditSetId The new set's id (from 1).
    function registerAuditSet(
        uint256 commitment,
        uint32 rows,
        uint16 features,
        bytes32 cardHash,
        string calldata cardURI
    ) external returns (uint256 auditSetId);

    /// @notice Records a proven audit of a model version on an audit set; anyone may submit it.
    /// @dev Verified against the set's commitment and the version's weights commitment as the model registry holds
    /// them, so the counts are those of that version on that set. Flagged versions can be audited too.
    /// @param modelId The model.
    /// @param version The version audited.
    /// @param auditSetId The audit set.
    /// @param circuitId The audit circuit that proved it.
    /// @param counts The proof's counts word (12 packed per-group counts).
    /// @param proof The Groth16 proof.
    function submitAudit(
        uint256 modelId,
        uint32 version,
        uint256 auditSetId,
        uint32 circuitId,
        uint256 counts,
        AuditProof calldata proof
    ) external;

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice The model registry whose versions are audited.
    function modelRegistry() external view returns (address);

    /// @notice An audit circuit.
    function auditCircuit(uint32 circuitId) external view returns (AuditCircuit memory);

    /// @notice Number of audit circuits registered.
    function auditCircuitCount() external view returns (uint32);

    /// @notice An audit set.
    function auditSet(uint256 auditSetId) external view returns (AuditSet memory);

    /// @notice Number of audit sets registered.
    function auditSetCount() external view returns (uint256);

    /// @notice The id of the audit set `registrant` registered with `commitment`, 0 when none is (ids start at 1).
    /// @dev One lookup where an auditor would otherwise read every set to find out whether theirs is registered.
    /// @param registrant Who registered it.
    /// @param commitment Its commitment.
    function auditSetIdOf(address registrant, uint256 commitment) external view returns (uint256);

    /// @notice The recorded audit of a version on a set; reverts with AuditNotRecorded when there is none.
    function audit(uint256 modelId, uint32 version, uint256 auditSetId) external view returns (AuditRecord memory);

    /// @notice The fairness metrics of a recorded audit, exact, in lowest terms.
    function metrics(uint256 modelId, uint32 version, uint256 setId) external view returns (FairnessMetrics memory);

    /// @notice The audit sets a version has a recorded audit on, in the order they were recorded.
    function auditedSets(uint256 modelId, uint32 version) external view returns (uint256[] memory);
}
