// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Grant} from "../types/DataTypes.sol";

/// @title ConsentWord
/// @notice The entries of the consent ledger the inference coordinator keeps for committed inputs, one word each, keyed
/// per data owner: the owner's data node, each input commitment it registered, and each grant it gave a requester for
/// a model. The DataRegistry writes them (and stays where owners give and withdraw consent); every committed request
/// reads them and counts a grant's use there, so a request reads three slots instead of calling the DataRegistry.
/// @dev Bit 0 marks an entry as copied: a zero word is one the coordinator has not copied yet, and it then asks the
/// DataRegistry (CoordinatorConsent). An input commitment's entry is the commitment itself (below the SNARK field, so
/// its top bit is clear); a grant's has the top bit set; the data node's is zero, which no commitment can be.
library ConsentWord {
    /// @notice The bit every copied entry carries.
    uint256 internal constant COPIED = 1;
    /// @notice An input commitment's word while the owner keeps it registered.
    uint256 internal constant REGISTERED_INPUT = 3;
    /// @notice An input commitment's word once the owner withdrew it (or never registered it).
    uint256 internal constant UNREGISTERED_INPUT = 1;
    /// @notice The data node's entry.
    bytes32 internal constant NODE_ENTRY = 0;

    // A grant's word: copied (bit 0), revoked (bit 1), expiresAt (64 bits from 8), maxUses (32 from 72), used (32 from
    // 104), grantedAt (64 from 136).
    uint256 private constant REVOKED = 2;
    uint256 private constant EXPIRES_SHIFT = 8;
    uint256 private constant MAX_USES_SHIFT = 72;
    uint256 private constant USED_SHIFT = 104;
    uint256 private constant GRANTED_SHIFT = 136;
    /// @notice Added to a grant's word to count one use.
    uint256 internal constant ONE_USE = 1 << USED_SHIFT;

    /// @notice The entry of the grant for `requester` and `modelId`.
    function grantEntry(address requester, uint256 modelId) internal pure returns (bytes32) {
        return keccak256(abi.encode(requester, modelId)) | bytes32(uint256(1) << 255);
    }

    /// @notice The entry of an input commitment.
    function inputEntry(uint256 commitment) internal pure returns (bytes32) {
        return bytes32(commitment);
    }

    /// @notice The word of an input commitment, registered or not.
    function input(bool registered) internal pure returns (uint256) {
        return registered ? REGISTERED_INPUT : UNREGISTERED_INPUT;
    }

    /// @notice The word of a data node.
    function node(address dataNode) internal pure returns (uint256) {
        return (uint256(uint160(dataNode)) << 8) | COPIED;
    }

    /// @notice The data node a node word holds.
    function nodeOf(uint256 word) internal pure returns (address) {
        return address(uint160(word >> 8));
    }

    /// @notice The word of a grant.
    function fromGrant(Grant memory grant) internal pure returns (uint256) {
        return COPIED | (grant.revoked ? REVOKED : 0) | (uint256(grant.expiresAt) << EXPIRES_SHIFT)
            | (uint256(grant.maxUses) << MAX_USES_SHIFT) | (uint256(grant.used) << USED_SHIFT)
            | (uint256(grant.grantedAt) << GRANTED_SHIFT);
    }

    /// @notice The grant a word holds.
    function toGrant(uint256 word) internal pure returns (Grant memory) {
        return Grant({
            grantedAt: uint64(word >> GRANTED_SHIFT),
            expiresAt: uint64(word >> EXPIRES_SHIFT),
            maxUses: uint32(word >> MAX_USES_SHIFT),
            used: uint32(word >> USED_SHIFT),
            revoked: word & REVOKED != 0
        });
    }

    /// @notice Whether a grant's word admits one more use at `timestamp`: copied, given, not revoked, not expired, not
    /// used up (GrantRules' rule, read from the word without decoding it, for the request path).
    function usable(uint256 word, uint256 timestamp) internal pure returns (bool) {
        return word & (COPIED | REVOKED) == COPIED && word >> GRANTED_SHIFT != 0
            && timestamp < uint64(word >> EXPIRES_SHIFT) && uint32(word >> USED_SHIFT) < uint32(word >> MAX_USES_SHIFT);
    }
}
