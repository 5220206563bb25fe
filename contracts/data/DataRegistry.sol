// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {ConsentWord} from "../libraries/ConsentWord.sol";
import {GrantRules} from "../libraries/GrantRules.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {Consent, ConsentCheckpoint, Contribution, Grant} from "../types/DataTypes.sol";

/// @title DataRegistry
/// @notice Registers data contributions with their consent and keeps every consent change as a timestamped
/// checkpoint, so that `DataRewards` can check what was consented when a model version was published. Data owners
/// also grant requesters bounded, revocable access for private inference, consumed by the inference coordinator.
/// @dev Two contributions may carry the same dataset commitment: refusing the second would let anyone watching the
/// mempool squat a dataset by copying its commitment. The trainer binds its reward tree to contribution ids.
contract DataRegistry is Initializable, AccessControlUpgradeable, UUPSUpgradeable, IDataRegistry {
    /// @notice May consume access grants: granted by governance to the inference coordinator.
    bytes32 public constant GRANT_CONSUMER_ROLE = keccak256("GRANT_CONSUMER_ROLE");

    /// @notice Longest metadata URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = 2048;
    /// @notice Most models one consent may list; bounds the cost of writing a consent.
    uint256 public constant MAX_CONSENT_MODELS = 256;

    /// @custom:storage-location erc7201:symbiote.storage.DataRegistry
    struct DataRegistryStorage {
        uint256 contributionCount;
        mapping(uint256 contributionId => Contribution) contributions;
        // Consent history, ordered by `since` (non-decreasing: several changes may share a timestamp, the last wins).
        mapping(uint256 contributionId => ConsentCheckpoint[]) consents;
        mapping(address owner => mapping(address requester => mapping(uint256 modelId => Grant))) grants;
        mapping(address owner => address) dataNodes;
        mapping(address owner => address) proposedDataNodes;
        mapping(address owner => mapping(uint256 commitment => bool)) inputCommitments;
        // The coordinator holding the consent ledger of committed inputs (bindCoordinator); address(0) before.
        address boundCoordinator;
    }

    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.DataRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant DATA_REGISTRY_STORAGE = 0x1371197fa1c1f164ba2f056880fb35b1d791cae35390697b72d605ad1d67fc00;

    function _registryStorage() private pure returns (DataRegistryStorage storage $) {
        assembly {
            $.slot := DATA_REGISTRY_STORAGE
        }
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the registry behind its proxy.
    /// @param admin Receives the admin role (governance: the timelock), which grants GRANT_CONSUMER_ROLE and upgrades.
    function initialize(address admin) external initializer {
        if (admin == address(0)) revert DataRegistryZeroAddress();
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /* ------------------------------------------------------------------ */
    /*                             CONTRIBUTIONS                          */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRegistry
    function registerContribution(bytes32 datasetCommitment, string calldata metadataURI, Consent calldata consent)
        external
        returns (uint256 contributionId)
    {
        if (datasetCommitment == bytes32(0)) revert DataRegistryZeroCommitment();
        _checkURI(metadataURI);
        DataRegistryStorage storage $ = _registryStorage();
        contributionId = ++$.contributionCount;
        $.contributions[contributionId] = Contribution({
            owner: msg.sender,
            registeredAt: SafeCast.toUint64(block.timestamp),
            datasetCommitment: datasetCommitment,
            metadataURI: metadataURI
        });
        emit ContributionRegistered(contributionId, msg.sender, datasetCommitment, metadataURI);
        _pushConsent($, contributionId, consent.training, consent.inference, consent.allModels, consent.modelIds);
    }

    /// @inheritdoc IDataRegistry
    function setConsent(uint256 contributionId, Consent calldata consent) external {
        DataRegistryStorage storage $ = _registryStorage();
        _checkOwner($, contributionId);
        _pushConsent($, contributionId, consent.training, consent.inference, consent.allModels, consent.modelIds);
    }

    /// @inheritdoc IDataRegistry
    function revokeConsent(uint256 contributionId) external {
        DataRegistryStorage storage $ = _registryStorage();
        _checkOwner($, contributionId);
        _pushConsent($, contributionId, false, false, false, new uint256[](0));
    }

    /// @inheritdoc IDataRegistry
    function transferContribution(uint256 contributionId, address newOwner) external {
        if (newOwner == address(0)) revert DataRegistryZeroAddress();
        DataRegistryStorage storage $ = _registryStorage();
        _checkOwner($, contributionId);
        $.contributions[contributionId].owner = newOwner;
        emit ContributionTransferred(contributionId, msg.sender, newOwner);
    }

    /// @inheritdoc IDataRegistry
    function setMetadataURI(uint256 contributionId, string calldata metadataURI) external {
        _checkURI(metadataURI);
        DataRegistryStorage storage $ = _registryStorage();
        _checkOwner($, contributionId);
        $.contributions[contributionId].metadataURI = metadataURI;
        emit ContributionURIUpdated(contributionId, metadataURI);
    }

    /* ------------------------------------------------------------------ */
    /*                             ACCESS GRANTS                          */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRegistry
    function grantAccess(address requester, uint256 modelId, uint64 expiresAt, uint32 maxUses) external {
        if (requester == address(0)) revert DataRegistryZeroAddress();
        if (modelId == 0) revert DataRegistryInvalidModelId(modelId);
        uint64 nowTimestamp = SafeCast.toUint64(block.timestamp);
        if (expiresAt <= nowTimestamp) revert DataRegistryInvalidExpiry(expiresAt, nowTimestamp);
        if (maxUses == 0) revert DataRegistryZeroUses();
        Grant memory grant =
            Grant({grantedAt: nowTimestamp, expiresAt: expiresAt, maxUses: maxUses, used: 0, revoked: false});
        _registryStorage().grants[msg.sender][requester][modelId] = grant;
        _writeLedger(msg.sender, ConsentWord.grantEntry(requester, modelId), ConsentWord.fromGrant(grant));
        emit AccessGranted(msg.sender, requester, modelId, expiresAt, maxUses);
    }

    /// @inheritdoc IDataRegistry
    function revokeAccess(address requester, uint256 modelId) external {
        Grant storage grant = _registryStorage().grants[msg.sender][requester][modelId];
        if (grant.grantedAt == 0) revert DataRegistryGrantNotFound(msg.sender, requester, modelId);
        if (grant.revoked) revert DataRegistryGrantRevoked(msg.sender, requester, modelId);
        // An expired or used-up grant may still be revoked: the owner's intent is recorded either way.
        grant.revoked = true;
        Grant memory current = _grantOf(msg.sender, requester, modelId);
        current.revoked = true;
        _writeLedger(msg.sender, ConsentWord.grantEntry(requester, modelId), ConsentWord.fromGrant(current));
        emit AccessRevoked(msg.sender, requester, modelId);
    }

    /// @inheritdoc IDataRegistry
    function consumeGrant(address dataOwner, address requester, uint256 modelId)
        external
        onlyRole(GRANT_CONSUMER_ROLE)
        returns (uint32 usesLeft)
    {
        _checkLedgerHere();
        usesLeft = _consume(dataOwner, requester, modelId);
        emit GrantConsumed(dataOwner, requester, modelId, usesLeft);
    }

    /// @dev Uses one use of a grant, or reverts naming why it cannot be used.
    function _consume(address dataOwner, address requester, uint256 modelId) private returns (uint32 usesLeft) {
        Grant storage grant = _registryStorage().grants[dataOwner][requester][modelId];
        GrantRules.checkUsable(grant, dataOwner, requester, modelId);
        uint32 used = grant.used + 1;
        grant.used = used;
        usesLeft = grant.maxUses - used;
    }

    /// @inheritdoc IDataRegistry
    function useCommittedInput(address dataOwner, address requester, uint256 modelId, uint256 commitment)
        external
        onlyRole(GRANT_CONSUMER_ROLE)
        returns (address node)
    {
        _checkLedgerHere();
        DataRegistryStorage storage $ = _registryStorage();
        if (!$.inputCommitments[dataOwner][commitment]) revert DataRegistryInputNotRegistered(dataOwner, commitment);
        // No GrantConsumed here: the coordinator's InferenceRequested (requester, data owner, model, committed mode)
        // records this use, and a second event would cost every request ~2k gas for the same fact.
        if (requester != dataOwner) _consume(dataOwner, requester, modelId);
        node = $.dataNodes[dataOwner];
        if (node == address(0)) node = dataOwner;
    }

    /* ------------------------------------------------------------------ */
    /*                        DATA NODES AND INPUTS                       */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRegistry
    function setDataNode(address node) external {
        DataRegistryStorage storage $ = _registryStorage();
        if (node == address(0) || node == msg.sender) {
            delete $.proposedDataNodes[msg.sender];
            delete $.dataNodes[msg.sender];
            _writeLedger(msg.sender, ConsentWord.NODE_ENTRY, ConsentWord.node(msg.sender));
            emit DataNodeSet(msg.sender, msg.sender);
            return;
        }
        $.proposedDataNodes[msg.sender] = node;
        emit DataNodeProposed(msg.sender, node);
    }

    /// @inheritdoc IDataRegistry
    function acceptDataNode(address owner) external {
        DataRegistryStorage storage $ = _registryStorage();
        address proposed = $.proposedDataNodes[owner];
        if (proposed != msg.sender) revert DataRegistryNotProposedNode(owner, proposed, msg.sender);
        delete $.proposedDataNodes[owner];
        $.dataNodes[owner] = msg.sender;
        _writeLedger(owner, ConsentWord.NODE_ENTRY, ConsentWord.node(msg.sender));
        emit DataNodeSet(owner, msg.sender);
    }

    /// @inheritdoc IDataRegistry
    function resignDataNode(address owner) external {
        DataRegistryStorage storage $ = _registryStorage();
        address node = $.dataNodes[owner];
        if (node != msg.sender) revert DataRegistryNotDataNode(owner, node, msg.sender);
        delete $.dataNodes[owner];
        _writeLedger(owner, ConsentWord.NODE_ENTRY, ConsentWord.node(owner));
        emit DataNodeSet(owner, owner);
    }

    /// @inheritdoc IDataRegistry
    function registerInputCommitments(uint256[] calldata commitments) external {
        mapping(uint256 => bool) storage registered = _registryStorage().inputCommitments[msg.sender];
        for (uint256 i; i < commitments.length; ++i) {
            uint256 commitment = commitments[i];
            if (commitment == 0 || commitment >= ProtocolConstants.SNARK_SCALAR_FIELD) {
                revert DataRegistryInvalidInputCommitment(commitment);
            }
            registered[commitment] = true;
            _writeLedger(msg.sender, ConsentWord.inputEntry(commitment), ConsentWord.input(true));
            emit InputCommitmentRegistered(msg.sender, commitment);
        }
    }

    /// @inheritdoc IDataRegistry
    function revokeInputCommitments(uint256[] calldata commitments) external {
        mapping(uint256 => bool) storage registered = _registryStorage().inputCommitments[msg.sender];
        for (uint256 i; i < commitments.length; ++i) {
            delete registered[commitments[i]];
            _writeLedger(msg.sender, ConsentWord.inputEntry(commitments[i]), ConsentWord.input(false));
            emit InputCommitmentRevoked(msg.sender, commitments[i]);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRegistry
    function dataNodeOf(address owner) external view returns (address) {
        address node = _registryStorage().dataNodes[owner];
        return node == address(0) ? owner : node;
    }

    /// @inheritdoc IDataRegistry
    function proposedDataNodeOf(address owner) external view returns (address) {
        return _registryStorage().proposedDataNodes[owner];
    }

    /// @inheritdoc IDataRegistry
    function isInputCommitmentRegistered(address owner, uint256 commitment) external view returns (bool) {
        return _registryStorage().inputCommitments[owner][commitment];
    }

    /// @inheritdoc IDataRegistry
    function contribution(uint256 contributionId) external view returns (Contribution memory) {
        DataRegistryStorage storage $ = _registryStorage();
        _checkExists($, contributionId);
        return $.contributions[contributionId];
    }

    /// @inheritdoc IDataRegistry
    function ownerOf(uint256 contributionId) external view returns (address) {
        DataRegistryStorage storage $ = _registryStorage();
        _checkExists($, contributionId);
        return $.contributions[contributionId].owner;
    }

    /// @inheritdoc IDataRegistry
    function contributionCount() external view returns (uint256) {
        return _registryStorage().contributionCount;
    }

    /// @inheritdoc IDataRegistry
    function consentAt(uint256 contributionId, uint256 modelId, uint256 timestamp)
        external
        view
        returns (bool training, bool inference)
    {
        if (timestamp > block.timestamp) revert DataRegistryFutureLookup(timestamp, block.timestamp);
        ConsentCheckpoint[] storage history = _registryStorage().consents[contributionId];
        // Upper bound: the first checkpoint that starts after `timestamp`; the one before it is in force.
        uint256 low = 0;
        uint256 high = history.length;
        while (low < high) {
            uint256 mid = Math.average(low, high);
            if (history[mid].since > timestamp) high = mid;
            else low = mid + 1;
        }
        if (low == 0) return (false, false);
        ConsentCheckpoint storage checkpoint = history[low - 1];
        if (!checkpoint.allModels && !_contains(checkpoint.modelIds, modelId)) return (false, false);
        return (checkpoint.training, checkpoint.inference);
    }

    /// @inheritdoc IDataRegistry
    function currentConsent(uint256 contributionId) external view returns (ConsentCheckpoint memory) {
        DataRegistryStorage storage $ = _registryStorage();
        _checkExists($, contributionId);
        ConsentCheckpoint[] storage history = $.consents[contributionId];
        return history[history.length - 1];
    }

    /// @inheritdoc IDataRegistry
    function consentCheckpointCount(uint256 contributionId) external view returns (uint256) {
        return _registryStorage().consents[contributionId].length;
    }

    /// @inheritdoc IDataRegistry
    function consentCheckpoint(uint256 contributionId, uint256 index) external view returns (ConsentCheckpoint memory) {
        return _registryStorage().consents[contributionId][index];
    }

    /// @inheritdoc IDataRegistry
    function grantOf(address owner, address requester, uint256 modelId) external view returns (Grant memory) {
        return _grantOf(owner, requester, modelId);
    }

    /// @inheritdoc IDataRegistry
    function isGrantValid(address owner, address requester, uint256 modelId) external view returns (bool) {
        return GrantRules.status(_grantOf(owner, requester, modelId)) == GrantRules.Status.Usable;
    }

    /// @inheritdoc IDataRegistry
    function boundCoordinator() external view returns (address) {
        return _registryStorage().boundCoordinator;
    }

    /* ------------------------------------------------------------------ */
    /*                            CONSENT LEDGER                          */
    /* ------------------------------------------------------------------ */

    /// @inheritdoc IDataRegistry
    function bindCoordinator(address coordinator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (coordinator == address(0)) revert DataRegistryZeroAddress();
        DataRegistryStorage storage $ = _registryStorage();
        // The ledger moves once: a second coordinator would copy grants whose uses the first one counted.
        if ($.boundCoordinator != address(0)) revert DataRegistryCoordinatorAlreadyBound($.boundCoordinator);
        $.boundCoordinator = coordinator;
        emit CoordinatorBound(coordinator);
    }

    /// @dev The grant as it stands: the bound coordinator's copy once it took one (it counts the uses), else this
    /// registry's record, exact until then.
    function _grantOf(address owner, address requester, uint256 modelId) private view returns (Grant memory) {
        address coordinator = _registryStorage().boundCoordinator;
        if (coordinator != address(0)) {
            uint256 word =
                IInferenceCoordinator(coordinator).consentOf(owner, ConsentWord.grantEntry(requester, modelId));
            if (word & ConsentWord.COPIED != 0) return ConsentWord.toGrant(word);
        }
        return _registryStorage().grants[owner][requester][modelId];
    }

    /// @dev Writes a consent change into the bound coordinator's ledger, in the same transaction.
    function _writeLedger(address owner, bytes32 entry, uint256 word) private {
        address coordinator = _registryStorage().boundCoordinator;
        if (coordinator != address(0)) IInferenceCoordinator(coordinator).onConsentChanged(owner, entry, word);
    }

    /// @dev Uses are counted here only until the ledger moved to a coordinator.
    function _checkLedgerHere() private view {
        address coordinator = _registryStorage().boundCoordinator;
        if (coordinator != address(0)) revert DataRegistryLedgerInCoordinator(coordinator);
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    function _pushConsent(
        DataRegistryStorage storage $,
        uint256 contributionId,
        bool training,
        bool inference,
        bool allModels,
        uint256[] memory modelIds
    ) private {
        uint256 count = modelIds.length;
        if (allModels && count != 0) revert DataRegistryAmbiguousConsentScope(count);
        if (count > MAX_CONSENT_MODELS) revert DataRegistryTooManyModels(count, MAX_CONSENT_MODELS);
        // Strictly ascending from 0 also refuses model id 0 and duplicates, and lets `_contains` binary-search.
        uint256 previous;
        for (uint256 i; i < count; ++i) {
            uint256 modelId = modelIds[i];
            if (modelId <= previous) revert DataRegistryModelIdsNotAscending(i, modelId);
            previous = modelId;
        }
        uint64 since = SafeCast.toUint64(block.timestamp);
        // Always append, even within one block: the lookup takes the last checkpoint at a timestamp, so a rewrite
        // is unnecessary and the history shows every change.
        $.consents[contributionId].push(
            ConsentCheckpoint({
                since: since, training: training, inference: inference, allModels: allModels, modelIds: modelIds
            })
        );
        emit ConsentChanged(contributionId, since, training, inference, allModels, modelIds);
    }

    function _contains(uint256[] storage sortedIds, uint256 modelId) private view returns (bool) {
        uint256 low = 0;
        uint256 high = sortedIds.length;
        while (low < high) {
            uint256 mid = Math.average(low, high);
            uint256 value = sortedIds[mid];
            if (value == modelId) return true;
            if (value < modelId) low = mid + 1;
            else high = mid;
        }
        return false;
    }

    function _checkExists(DataRegistryStorage storage $, uint256 contributionId) private view {
        if (contributionId == 0 || contributionId > $.contributionCount) {
            revert DataRegistryUnknownContribution(contributionId);
        }
    }

    function _checkOwner(DataRegistryStorage storage $, uint256 contributionId) private view {
        _checkExists($, contributionId);
        if ($.contributions[contributionId].owner != msg.sender) {
            revert DataRegistryNotContributionOwner(contributionId, msg.sender);
        }
    }

    function _checkURI(string calldata uri) private pure {
        uint256 length = bytes(uri).length;
        if (length == 0 || length > MAX_URI_LENGTH) revert DataRegistryInvalidURI(length, MAX_URI_LENGTH);
    }

    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
