// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    TimelockControllerUpgradeable
} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/// @title SymbioteTimelock
/// @notice Executes what the governor decides, after a delay. After deployment it holds every admin and upgrade right
/// in the protocol; it can only upgrade itself through one of its own (delayed) operations.
contract SymbioteTimelock is TimelockControllerUpgradeable, UUPSUpgradeable {
    /// @dev Only the timelock itself, executing a scheduled operation, may upgrade it; `caller` tried.
    error TimelockUnauthorizedUpgrade(address caller);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != address(this)) revert TimelockUnauthorizedUpgrade(msg.sender);
    }
}
