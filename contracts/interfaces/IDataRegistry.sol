// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Consent, ConsentCheckpoint, Contribution, Grant} from "../types/DataTypes.sol";

/// @title IDataRegistry
/// @notice Data contributions (a dataset commitment, a license URI and the contributor's consent) and access grants
/// for private inference. Consent is kept as a history of checkpoints so that what was consented at any past moment
/// (e.g. when a model version was published) can be checked on chain.
interface IDataRegistry {
    /* ------------------------------------------------------------------ */
    /*                                EVENTS                              */
    /* ------------------------------------------------------------------ */

    /// @notice `owner` registered contribution `contributionId`.
    event ContributionRegistered(
        uint256 indexed contributionId, address indexed owner, bytes32 indexed datasetCommitment, string metadataURI
    );
    /// @notice The consent of `contributionId` changed; it applies to model versions published from `since` on.
    event ConsentChanged(
        uint256 indexed contributionId, uint64 since, bool training, bool inference, bool allModels, uint256[] modelIds
    );
    /// @notice Ownership of `contributionId` (and of its future rewards) moved.
    event ContributionTransferred(
        uint256 indexed contributionId, address indexed previousOwner, address indexed newOwner
    );
    /// @notice The owner moved the metadata and license description of `contributionId`.
    event ContributionURIUpdated(uint256 indexed contributionId, string metadataURI);
    /// @notice `owner` authorised `requester` to request inference on the owner's data with model `modelId`.
    event AccessGranted(
        address indexed owner, address indexed requester, uint256 indexed modelId, uint64 expiresAt, uint32 maxUses
    );
    /// @notice `owner` revoked the grant of `requester` for model `modelId`.
    event AccessRevoked(address indexed owner, address indexed requester, uint256 indexed modelId);
    /// @notice The grant consumer used one use of a grant through `consumeGrant`; `usesLeft` remain. A use by a
    /// committed-input request (`useCommittedInput`) is recorded by the coordinator's `InferenceRequested` instead.
    event GrantConsumed(address indexed owner, address indexed requester, uint256 indexed modelId, uint32 usesLeft);
    /// @notice `owner` proposed `node` to serve requests on its committed data; `node` must accept.
    event DataNodeProposed(address indexed owner, address indexed node);
    /// @notice `node` now serves requests on `owner`'s committed data (`node == owner`: the owner serves itself).
    event DataNodeSet(address indexed owner, address indexed node);
    /// @notice `owner` registered `commitment` as a commitment to its own input, which its node can open.
    event InputCommitmentRegistered(address indexed owner, uint256 indexed commitment);
    /// @notice `owner` withdrew `commitment`: no new request may use it.
    event InputCommitmentRevoked(address indexed owner, uint256 indexed commitment);
    /// @notice The consent ledger for committed inputs now lives in `coordinator`, which this registry keeps exact.
    event CoordinatorBound(address indexed coordinator);

    /* ------------------------------------------------------------------ */
    /*                                ERRORS                              */
    /* ------------------------------------------------------------------ */

    /// @dev No contribution with this id.
    error DataRegistryUnknownContribution(uint256 contributionId);
    /// @dev `caller` does not own contribution `contributionId`.
    error DataRegistryNotContributionOwner(uint256 contributionId, address caller);
    /// @dev The zero address was given where an owner, requester or admin is required.
    error DataRegistryZeroAddress();
    /// @dev A dataset commitment of zero commits to nothing.
    error DataRegistryZeroCommitment();
    /// @dev The metadata URI is empty or longer than `maxLength`.
    error DataRegistryInvalidURI(uint256 length, uint256 maxLength);
    /// @dev A consent for every model cannot also list models (`listed` > 0): the scope would be ambiguous.
    error DataRegistryAmbiguousConsentScope(uint256 listed);
    /// @dev The model ids of a consent must be strictly ascending and non-zero; `modelIds[index]` = `modelId` is not.
    error DataRegistryModelIdsNotAscending(uint256 index, uint256 modelId);
    /// @dev A consent lists `count` models, more than `max`.
    error DataRegistryTooManyModels(uint256 count, uint256 max);
    /// @dev Consent can only be looked up up to now: `timestamp` is after `currentTimestamp`.
    error DataRegistryFutureLookup(uint256 timestamp, uint256 currentTimestamp);
    /// @dev Model ids start at 1.
    error DataRegistryInvalidModelId(uint256 modelId);
    /// @dev A grant's expiry `expiresAt` must be in the future (now is `nowTimestamp`).
    error DataRegistryInvalidExpiry(uint64 expiresAt, uint64 nowTimestamp);
    /// @dev A grant must allow at least one use.
    error DataRegistryZeroUses();
    /// @dev `owner` never granted `requester` access for model `modelId`.
    error DataRegistryGrantNotFound(address owner, address requester, uint256 modelId);
    /// @dev `owner` revoked the grant of `requester` for model `modelId`.
    error DataRegistryGrantRevoked(address owner, address requester, uint256 modelId);
    /// @dev The grant of `requester` for model `modelId` expired at `expiresAt`.
    error DataRegistryGrantExpired(address owner, address requester, uint256 modelId, uint64 expiresAt);
    /// @dev The grant of `requester` for model `modelId` has used all of its `maxUses`.
    error DataRegistryGrantExhausted(address owner, address requester, uint256 modelId, uint32 maxUses);
    /// @dev `caller` is not the node `owner` proposed (`proposed`).
    error DataRegistryNotProposedNode(address owner, address proposed, address caller);
    /// @dev `caller` is not `owner`'s data node (`node`), so it cannot resign from it.
    error DataRegistryNotDataNode(address owner, address node, address caller);
    /// @dev `owner` never registered `commitment` (or withdrew it): its node may be unable to open it.
    error DataRegistryInputNotRegistered(address owner, uint256 commitment);
    /// @dev The commitment is zero or not below the BN254 scalar field.
    error DataRegistryInvalidInputCommitment(uint256 commitment);
    /// @dev The registry is already bound to `coordinator`: the consent ledger moves once.
    error DataRegistryCoordinatorAlreadyBound(address coordinator);
    /// @dev Uses are counted in the consent ledger of the bound `coordinator`, no longer here.
    error DataRegistryLedgerInCoordinator(address coordinator);

    /* ------------------------------------------------------------------ */
    /*                             CONTRIBUTIONS                          */
    /* ------------------------------------------------------------------ */

    /// @notice Registers a contribution owned by the caller, with its initial consent in force from now.
    /// @param datasetCommitment keccak256 of the dataset's canonical encoding, non-zero.
    /// @param metadataURI Metadata and license description, 1..MAX_URI_LENGTH bytes.
    /// @param consent The initial consent.
    /// @return contributionId The new contribution's id (from 1).
    function registerContribution(bytes32 datasetCommitment, string calldata metadataURI, Consent calldata consent)
        external
        returns (uint256 contributionId);

    /// @notice Replaces the consent of a contribution from now on. Owner only. The change applies to model versions
    /// published at or after this block's timestamp; versions published earlier keep the consent they were built on.
    /// @param contributionId The contribution.
    /// @param consent The new consent.
    function setConsent(uint256 contributionId, Consent calldata consent) external;

    /// @notice Withdraws all consent (training and inference, every model) from now on. Owner only.
    /// @param contributionId The contribution.
    function revokeConsent(uint256 contributionId) external;

    /// @notice Transfers a contribution, its consent and its future rewards to `newOwner`. Owner only.
    /// @param contributionId The contribution.
    /// @param newOwner The new owner, non-zero.
    function transferContribution(uint256 contributionId, address newOwner) external;

    /// @notice Replaces the metadata and license URI. Owner only. The dataset commitment never changes.
    /// @param contributionId The contribution.
    /// @param metadataURI The new URI, 1..MAX_URI_LENGTH bytes.
    function setMetadataURI(uint256 contributionId, string calldata metadataURI) external;

    /* ------------------------------------------------------------------ */
    /*                             ACCESS GRANTS                          */
    /* ------------------------------------------------------------------ */

    /// @notice Authorises `requester` to request inference on the caller's committed data with model `modelId`,
    /// replacing any earlier grant to that requester for that model (its use count starts again).
    /// @param requester Who may request (a lender, a doctor), non-zero.
    /// @param modelId The model, non-zero.
    /// @param expiresAt The grant is usable while `block.timestamp < expiresAt`; must be in the future.
    /// @param maxUses How many inferences it allows, > 0.
    function grantAccess(address requester, uint256 modelId, uint64 expiresAt, uint32 maxUses) external;

    /// @notice Revokes the caller's grant to `requester` for model `modelId`, at once.
    /// @param requester The requester.
    /// @param modelId The model.
    function revokeAccess(address requester, uint256 modelId) external;

    /// @notice Uses one use of a grant. Grant consumer only (the inference coordinator). Reverts with a named error
    /// when there is no grant, or it was revoked, expired or is used up.
    /// @param dataOwner Whose data the inference runs on.
    /// @param requester Who requested the inference.
    /// @param modelId The model.
    /// @return usesLeft Uses that remain after this one.
    function consumeGrant(address dataOwner, address requester, uint256 modelId) external returns (uint32 usesLeft);

    /// @notice Checks a committed-input request and returns the node that must serve it. Grant consumer only (the
    /// inference coordinator). The commitment must be one `dataOwner` registered; a requester other than the owner
    /// uses one use of its grant (no `GrantConsumed`: the coordinator's `InferenceRequested` records the use).
    /// @param dataOwner Whose data it is.
    /// @param requester Who asks.
    /// @param modelId The model asked.
    /// @param commitment The input commitment.
    /// @return node The owner's accepted data node (the owner itself if it has none).
    function useCommittedInput(address dataOwner, address requester, uint256 modelId, uint256 commitment)
        external
        returns (address node);

    /* ------------------------------------------------------------------ */
    /*                        DATA NODES AND INPUTS                       */
    /* ------------------------------------------------------------------ */

    /// @notice Proposes `node` to serve requests on the caller's committed data; it takes effect when `node` calls
    /// `acceptDataNode`, so nobody is made to answer for requests it never agreed to serve. Proposing the caller
    /// itself (or address(0)) makes the caller serve its own data at once.
    /// @param node The node's address (the account it submits proofs from).
    function setDataNode(address node) external;

    /// @notice Accepts serving requests on `owner`'s committed data, as proposed by `owner`.
    /// @param owner The data owner.
    function acceptDataNode(address owner) external;

    /// @notice Stops serving `owner`'s data for requests made from now on (requests already made stay the caller's).
    /// @param owner The data owner.
    function resignDataNode(address owner) external;

    /// @notice Registers commitments to the caller's own inputs (Poseidon commitments its node can open). Committed
    /// requests on the caller's data may use only these.
    /// @param commitments The commitments, each non-zero and below the BN254 scalar field.
    function registerInputCommitments(uint256[] calldata commitments) external;

    /// @notice Withdraws commitments from future requests.
    /// @param commitments The commitments.
    function revokeInputCommitments(uint256[] calldata commitments) external;

    /// @notice The node serving requests on `owner`'s committed data (the owner itself if none was accepted).
    function dataNodeOf(address owner) external view returns (address);

    /// @notice The node `owner` proposed and that has not accepted yet (address(0) if none).
    function proposedDataNodeOf(address owner) external view returns (address);

    /// @notice Whether `owner` registered `commitment` and has not withdrawn it.
    function isInputCommitmentRegistered(address owner, uint256 commitment) external view returns (bool);

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    /// @notice A contribution. Reverts for an unknown id.
    function contribution(uint256 contributionId) external view returns (Contribution memory);

    /// @notice The owner of a contribution, who receives its rewards. Reverts for an unknown id.
    function ownerOf(uint256 contributionId) external view returns (address);

    /// @notice Number of contributions ever registered (ids run from 1 to this).
    function contributionCount() external view returns (uint256);

    /// @notice The consent of a contribution for model `modelId` in force at `timestamp`: the last change made at or
    /// before it. Before registration (or for an id not registered yet) nothing is consented. O(log n) in the number
    /// of changes and of listed models. A lookup at the current timestamp can still change within this block.
    /// @param contributionId The contribution.
    /// @param modelId The model.
    /// @param timestamp A block timestamp, not in the future.
    /// @return training Whether training on the data was consented.
    /// @return inference Whether inference on the data was consented.
    function consentAt(uint256 contributionId, uint256 modelId, uint256 timestamp)
        external
        view
        returns (bool training, bool inference);

    /// @notice The consent in force now. Reverts for an unknown id.
    function currentConsent(uint256 contributionId) external view returns (ConsentCheckpoint memory);

    /// @notice Number of consent checkpoints of a contribution (1 at registration, +1 per change).
    function consentCheckpointCount(uint256 contributionId) external view returns (uint256);

    /// @notice The `index`-th consent checkpoint of a contribution, oldest first. Reverts if out of range.
    function consentCheckpoint(uint256 contributionId, uint256 index) external view returns (ConsentCheckpoint memory);

    /// @notice The grant of `owner` to `requester` for `modelId` (all zero if none was ever made).
    function grantOf(address owner, address requester, uint256 modelId) external view returns (Grant memory);

    /// @notice Moves the consent ledger of committed inputs (data nodes, input commitments, grants and their uses) into
    /// `coordinator`, which from then on counts uses; this registry writes every later change there. Once only.
    /// Governance only.
    /// @param coordinator The inference coordinator.
    function bindCoordinator(address coordinator) external;

    /// @notice The coordinator holding the consent ledger (`bindCoordinator`), or address(0).
    function boundCoordinator() external view returns (address);

    /// @notice Whether `consumeGrant` would succeed now for this owner, requester and model.
    function isGrantValid(address owner, address requester, uint256 modelId) external view returns (bool);
}
