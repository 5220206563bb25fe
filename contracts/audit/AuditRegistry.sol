// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

import {IAuditRegistry} from "../interfaces/IAuditRegistry.sol";
import {IAuditVerifier} from "../interfaces/IAuditVerifier.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {AuditMetrics} from "../libraries/AuditMetrics.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {AuditCircuit, AuditRecord, AuditSet, FairnessMetrics} from "../types/AuditTypes.sol";

/// @title AuditRegistry
/// @notice Proven fairness audits. Anyone registers an audit set by its commitment (the rows stay private) and
/// submits a zk proof that a model version, evaluated on every row of the set, decides as the proven per-group
/// counts say; the registry checks the proof against the set's commitment and the version's weights commitment in
/// the model registry, and records the counts, from which the fairness metrics follow exactly. A flagging proposal
/// cites a recorded audit instead of a number a reporter computed off chain (docs/audit.md, docs/governance.md).
/// @dev Governance (the timelock) registers audit circuits and upgrades; everything else is permissionless, because
/// a proof is the whole authority of an audit.
contract AuditRegistry is Initializable, AccessControlUpgradeable, UUPSUpgradeable, IAuditRegistry {
    /// @notice Longest card URI accepted, in bytes.
    uint256 public constant MAX_URI_LENGTH = 512;
    /// @notice Most rows an audit set may have: every count must fit its 16-bit lane.
    uint32 public constant MAX_ROWS = uint32((1 << AuditMetrics.COUNT_BITS) - 1);

    /// @custom:storage-location erc7201:symbiote.storage.AuditRegistry
    struct AuditRegistryStorage {
        IModelRegistry modelRegistry;
        uint32 circuitCount;
        uint256 setCount;
        mapping(uint32 circuitId => AuditCircuit) circuits;
        mapping(uint256 auditSetId => AuditSet) sets;
        /// @dev Sets by commitment alone, as registered before sets were keyed by registrant; no longer written
        /// (`_setOf` still reads it for those sets).
        mapping(uint256 commitment => uint256 auditSetId) setByCommitment;
        mapping(uint256 modelId => mapping(uint32 version => mapping(uint256 auditSetId => AuditRecord))) audits;
        mapping(uint256 modelId => mapping(uint32 version => uint256[] auditSetIds)) auditedSets;
        /// @dev One set per registrant and commitment. Keyed by registrant, so that nobody can take another
        /// auditor's commitment (seen in the mempool) with a wrong shape, which no proof could then match, or with
        /// a card of its own: the copy is a set of its own, under its registrant's name.
        mapping(address registrant => mapping(uint256 commitment => uint256 auditSetId)) setByRegistrant;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.AuditRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant AUDIT_REGISTRY_STORAGE =
        0x9cadf7e271a771795b828c94c37cb2d479bd39db15d462a21a819e38d2af3e00;

    function _auditStorage() private pure returns (AuditRegistryStorage storage $) {
        assembly {
            $.slot := AUDIT_REGISTRY_STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the registry behind its proxy.
    /// @param governance Receives the admin role: registers and retires audit circuits, upgrades (the timelock).
    /// @param registry The model registry whose versions are audited.
    function initialize(address governance, address registry) external initializer {
        if (governance == address(0) || registry.code.length == 0) revert AuditZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _auditStorage().modelRegistry = IModelRegistry(registry);
    }

    /* ------------------------------------------------------------------ */
    /*                              GOVERNANCE                            */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IAuditRegistry
    function registerAuditCircuit(address verifier, uint32 rows, uint16 features)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint32 circuitId)
    {
        if (verifier.code.length == 0) revert AuditVerifierHasNoCode(verifier);
        _checkShape(rows, features);
        AuditRegistryStorage storage $ = _auditStorage();
        circuitId = ++$.circuitCount;
        $.circuits[circuitId] = AuditCircuit({verifier: verifier, rows: rows, features: features, active: true});
        emit AuditCircuitRegistered(circuitId, verifier, rows, features);
    }

    /// @inheritdoc IAuditRegistry
    function retireAuditCircuit(uint32 circuitId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        AuditCircuit storage circuit = _existingCircuit(circuitId);
        if (!circuit.active) revert AuditCircuitInactive(circuitId);
        circuit.active = false;
        emit AuditCircuitRetired(circuitId);
    }

    /* ------------------------------------------------------------------ */
    /*                                AUDITS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IAuditRegistry
    function registerAuditSet(
        uint256 commitment,
        uint32 rows,
        uint16 features,
        bytes32 cardHash,
        string calldata cardURI
    ) external returns (uint256 auditSetId) {
        if (commitment == 0 || commitment >= ProtocolConstants.SNARK_SCALAR_FIELD) {
            revert AuditInvalidCommitment(commitment);
        }
        _checkShape(rows, features);
        if (bytes(cardURI).length > MAX_URI_LENGTH) revert AuditInvalidURI(bytes(cardURI).length, MAX_URI_LENGTH);
        AuditRegistryStorage storage $ = _auditStorage();
        uint256 existing = _setOf($, msg.sender, commitment);
        if (existing != 0) revert AuditSetAlreadyRegistered(commitment, existing);
        auditSetId = ++$.setCount;
        $.setByRegistrant[msg.sender][commitment] = auditSetId;
        $.sets[auditSetId] = AuditSet({
            commitment: commitment,
            rows: rows,
            features: features,
            registeredAt: uint64(block.timestamp),
            registrant: msg.sender,
            cardHash: cardHash,
            cardURI: cardURI
        });
        emit AuditSetRegistered(auditSetId, msg.sender, commitment, rows, features, cardHash, cardURI);
    }

    /// @inheritdoc IAuditRegistry
    function submitAudit(
        uint256 modelId,
        uint32 version,
        uint256 auditSetId,
        uint32 circuitId,
        uint256 counts,
        AuditProof calldata proof
    ) external {
        AuditRegistryStorage storage $ = _auditStorage();
        if ($.audits[modelId][version][auditSetId].provenAt != 0) {
            revert AuditAlreadyRecorded(modelId, version, auditSetId);
        }
        AuditSet storage set = _existingSet(auditSetId);
        address verifier = _checkedVerifier(circuitId, set, auditSetId, counts);
        // reverts for an unknown model or version
        uint256 weightsCommitment = $.modelRegistry.version(modelId, version).weightsCommitment;
        if (!IAuditVerifier(verifier)
                .verifyProof(proof.a, proof.b, proof.c, [counts, set.commitment, weightsCommitment])) {
            revert AuditInvalidProof(modelId, version, auditSetId);
        }
        _record(modelId, version, auditSetId, circuitId, counts);
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IAuditRegistry
    function modelRegistry() external view returns (address) {
        return address(_auditStorage().modelRegistry);
    }

    /// @inheritdoc IAuditRegistry
    function auditCircuit(uint32 circuitId) external view returns (AuditCircuit memory) {
        return _existingCircuit(circuitId);
    }

    /// @inheritdoc IAuditRegistry
    function auditCircuitCount() external view returns (uint32) {
        return _auditStorage().circuitCount;
    }

    /// @inheritdoc IAuditRegistry
    function auditSet(uint256 auditSetId) external view returns (AuditSet memory) {
        return _existingSet(auditSetId);
    }

    /// @inheritdoc IAuditRegistry
    function auditSetCount() external view returns (uint256) {
        return _auditStorage().setCount;
    }

    /// @inheritdoc IAuditRegistry
    function auditSetIdOf(address registrant, uint256 commitment) external view returns (uint256) {
        return _setOf(_auditStorage(), registrant, commitment);
    }

    /// @inheritdoc IAuditRegistry
    function audit(uint256 modelId, uint32 version, uint256 auditSetId) public view returns (AuditRecord memory) {
        AuditRecord storage record = _auditStorage().audits[modelId][version][auditSetId];
        if (record.provenAt == 0) revert AuditNotRecorded(modelId, version, auditSetId);
        return record;
    }

    /// @inheritdoc IAuditRegistry
    function metrics(uint256 modelId, uint32 version, uint256 auditSetId)
        external
        view
        returns (FairnessMetrics memory)
    {
        AuditRecord memory record = audit(modelId, version, auditSetId);
        return AuditMetrics.metrics(record.referenceGroup, record.protectedGroup);
    }

    /// @inheritdoc IAuditRegistry
    function auditedSets(uint256 modelId, uint32 version) external view returns (uint256[] memory) {
        return _auditStorage().auditedSets[modelId][version];
    }

    /* ------------------------------------------------------------------ */
    /*                               INTERNAL                             */
    /* ------------------------------------------------------------------ */

    /// @dev The verifier of an active circuit of the set's shape, after refusing a malformed counts word.
    function _checkedVerifier(uint32 circuitId, AuditSet storage set, uint256 auditSetId, uint256 counts)
        private
        view
        returns (address)
    {
        AuditCircuit storage circuit = _existingCircuit(circuitId);
        if (!circuit.active) revert AuditCircuitInactive(circuitId);
        if (circuit.rows != set.rows || circuit.features != set.features) {
            revert AuditShapeMismatch(circuitId, auditSetId);
        }
        // the proof pins both already; checking first refuses a malformed submission before the pairing is paid for
        uint256 rows = uint256(AuditMetrics.group(counts, 0).rows) + AuditMetrics.group(counts, 1).rows;
        if (AuditMetrics.hasStrayBits(counts) || rows != set.rows) revert AuditMalformedCounts(counts);
        return circuit.verifier;
    }

    /// @dev Stores a verified audit and announces it with its metrics.
    function _record(uint256 modelId, uint32 version, uint256 auditSetId, uint32 circuitId, uint256 counts) private {
        AuditRegistryStorage storage $ = _auditStorage();
        AuditRecord storage record = $.audits[modelId][version][auditSetId];
        record.referenceGroup = AuditMetrics.group(counts, 0);
        record.protectedGroup = AuditMetrics.group(counts, 1);
        record.circuitId = circuitId;
        record.provenAt = uint64(block.timestamp);
        record.submitter = msg.sender;
        $.auditedSets[modelId][version].push(auditSetId);
        emit AuditRecorded(
            modelId,
            version,
            auditSetId,
            circuitId,
            counts,
            AuditMetrics.metrics(record.referenceGroup, record.protectedGroup),
            msg.sender
        );
    }

    function _checkShape(uint32 rows, uint16 features) private pure {
        if (rows == 0 || rows > MAX_ROWS || features == 0) revert AuditInvalidShape(rows, features, MAX_ROWS);
    }

    function _existingCircuit(uint32 circuitId) private view returns (AuditCircuit storage circuit) {
        circuit = _auditStorage().circuits[circuitId];
        if (circuit.verifier == address(0)) revert AuditUnknownCircuit(circuitId);
    }

    /// @dev The set `registrant` registered with `commitment`, 0 if none: keyed by registrant, or, for a set
    /// registered before that key existed, by commitment alone when its registrant is `registrant`.
    function _setOf(AuditRegistryStorage storage $, address registrant, uint256 commitment)
        private
        view
        returns (uint256 auditSetId)
    {
        auditSetId = $.setByRegistrant[registrant][commitment];
        if (auditSetId == 0) {
            uint256 earlier = $.setByCommitment[commitment];
            if (earlier != 0 && $.sets[earlier].registrant == registrant) auditSetId = earlier;
        }
    }

    function _existingSet(uint256 auditSetId) private view returns (AuditSet storage set) {
        set = _auditStorage().sets[auditSetId];
        if (set.commitment == 0) revert AuditUnknownSet(auditSetId);
    }

    /// @dev Upgrades are governance's alone (the timelock).
    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
