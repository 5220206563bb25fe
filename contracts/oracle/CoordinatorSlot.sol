// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorSlot
/// @notice Where the coordinator's state lives, for the coordinator and the libraries it delegates to.
library CoordinatorSlot {
    // keccak256(abi.encode(uint256(keccak256("symbiote.storage.InferenceCoordinator")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant COORDINATOR_STORAGE = 0x502167554fa9f01e661575a6ab00fcf1d631c46004463f5cb64706db86bb1400;

    /// @notice The coordinator's ERC-7201 namespace.
    function state() internal pure returns (CoordinatorStorage.CoordinatorState storage $) {
        assembly {
            $.slot := COORDINATOR_STORAGE
        }
    }
}
