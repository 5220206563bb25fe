// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RequestStatus} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";

/// @title CoordinatorCommitment
/// @notice The one slot the coordinator keeps per request: a hash in the high 248 bits, the status in the low byte.
/// Pending or expired, the hash is the request's (keccak256 of its ABI encoding); fulfilled, the decision's.
/// @dev 248 bits of keccak256 leave a second preimage, which forging a request would need, out of reach (2^248), and a
/// collision between two requests one party can shape at 2^124 work.
library CoordinatorCommitment {
    bytes32 private constant STATUS_MASK = bytes32(uint256(0xff));

    /// @notice The slot value for `hash` with `status`.
    function pack(bytes32 hash, RequestStatus newStatus) internal pure returns (bytes32) {
        return (hash & ~STATUS_MASK) | bytes32(uint256(newStatus));
    }

    /// @notice The status held in a slot value.
    function statusOf(bytes32 stored) internal pure returns (RequestStatus) {
        return RequestStatus(uint8(uint256(stored)));
    }

    /// @notice The hash held in a slot value (its low byte cleared).
    function hashOf(bytes32 stored) internal pure returns (bytes32) {
        return stored & ~STATUS_MASK;
    }

    /// @notice Whether a slot value holds `hash`.
    function matches(bytes32 stored, bytes32 hash) internal pure returns (bool) {
        return (stored ^ hash) & ~STATUS_MASK == 0;
    }

    /// @notice The stored status of request `requestId`.
    function statusOfRequest(uint256 requestId) internal view returns (RequestStatus) {
        return statusOf(CoordinatorSlot.state().commitments[requestId]);
    }
}
