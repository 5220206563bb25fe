// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The data registry's types: contributions, consent and its history, and access grants.

/// @notice A registered contribution.
struct Contribution {
    address owner;
    uint64 registeredAt;
    /// @dev keccak256 of the dataset's canonical encoding.
    bytes32 datasetCommitment;
    /// @dev Where the dataset's metadata and license are described.
    string metadataURI;
}

/// @notice What a contributor consents to: training and/or inference, for every model or for listed models.
/// @dev `modelIds` must be strictly ascending (so membership is a binary search) and empty when `allModels`.
struct Consent {
    bool training;
    bool inference;
    bool allModels;
    uint256[] modelIds;
}

/// @notice A consent in force from `since` (a block timestamp) until the next checkpoint.
struct ConsentCheckpoint {
    uint64 since;
    bool training;
    bool inference;
    bool allModels;
    uint256[] modelIds;
}

/// @notice A data owner's authorisation for a requester to run inference on the owner's committed data with one
/// model. Usable while `block.timestamp < expiresAt`, not revoked, and `used < maxUses`.
struct Grant {
    uint64 grantedAt;
    uint64 expiresAt;
    uint32 maxUses;
    uint32 used;
    bool revoked;
}
