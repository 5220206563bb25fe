// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataRegistry} from "../interfaces/IDataRegistry.sol";
import {Grant} from "../types/DataTypes.sol";

/// @title GrantRules
/// @notice When an access grant may be used, and the refusal when it may not: one rule for the DataRegistry's own
/// ledger and for the coordinator's copy of it (CoordinatorConsent).
library GrantRules {
    /// @notice Where a grant stands.
    enum Status {
        Missing,
        Revoked,
        Expired,
        Exhausted,
        Usable
    }

    /// @notice Where `grant` stands now: missing, revoked, expired and used up are checked in this order.
    function status(Grant memory grant) internal view returns (Status) {
        if (grant.grantedAt == 0) return Status.Missing;
        if (grant.revoked) return Status.Revoked;
        if (block.timestamp >= grant.expiresAt) return Status.Expired;
        if (grant.used >= grant.maxUses) return Status.Exhausted;
        return Status.Usable;
    }

    /// @notice Reverts with the DataRegistry's error naming why `owner`'s grant to `requester` for `modelId` cannot be
    /// used now; returns if it can.
    function checkUsable(Grant memory grant, address owner, address requester, uint256 modelId) internal view {
        Status standing = status(grant);
        if (standing == Status.Missing) revert IDataRegistry.DataRegistryGrantNotFound(owner, requester, modelId);
        if (standing == Status.Revoked) revert IDataRegistry.DataRegistryGrantRevoked(owner, requester, modelId);
        if (standing == Status.Expired) {
            revert IDataRegistry.DataRegistryGrantExpired(owner, requester, modelId, grant.expiresAt);
        }
        if (standing == Status.Exhausted) {
            revert IDataRegistry.DataRegistryGrantExhausted(owner, requester, modelId, grant.maxUses);
        }
    }
}
