// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AutomationCompatibleInterface
} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";

/// @title ExpiryKeeper
/// @notice A Chainlink Automation upkeep that finds requests past their deadline and has the coordinator cancel them
/// (refund and slash) in bounded batches.
/// @dev Kept outside the coordinator, which stays under the contract size limit; it holds nothing but a scan cursor
/// and needs no rights: `cancelExpired` is permissionless and re-checks every id, so stale or forged perform data
/// cancels nothing that is not expired.
contract ExpiryKeeper is AutomationCompatibleInterface {
    /// @notice Request ids one check inspects.
    uint256 public constant SCAN = 200;
    /// @notice Most requests one upkeep cancels.
    uint256 public constant BATCH = 20;

    /// @notice The coordinator whose requests this keeper expires.
    IInferenceCoordinator public immutable coordinator;
    /// @notice Every request id below the cursor is settled (fulfilled or expired).
    uint256 public cursor = 1;

    /// @notice The cursor moved to `cursor`.
    event CursorAdvanced(uint256 cursor);

    /// @dev The zero address was given for the coordinator.
    error ExpiryKeeperZeroCoordinator();

    /// @param coordinator_ The inference coordinator.
    constructor(address coordinator_) {
        if (coordinator_ == address(0)) revert ExpiryKeeperZeroCoordinator();
        coordinator = IInferenceCoordinator(coordinator_);
    }

    /// @notice Whether some requests have expired, and which (up to BATCH of the SCAN ids from the cursor).
    /// @return upkeepNeeded True if there is something to cancel.
    /// @return performData The ABI-encoded ids to pass to `performUpkeep`.
    function checkUpkeep(bytes calldata) external view override returns (bool upkeepNeeded, bytes memory performData) {
        uint256[] memory found = new uint256[](BATCH);
        uint256 count;
        uint256 end = _scanEnd();
        for (uint256 id = cursor; id < end && count < BATCH; ++id) {
            IInferenceCoordinator.Decision memory decision = coordinator.decisionOf(id);
            if (decision.status == IInferenceCoordinator.RequestStatus.Pending && block.timestamp > decision.time) {
                found[count++] = id;
            }
        }
        assembly ("memory-safe") {
            mstore(found, count)
        }
        return (count != 0, abi.encode(found));
    }

    /// @notice Cancels the expired requests `checkUpkeep` found (the coordinator re-checks each) and moves the
    /// cursor past the settled ones. Anyone may call.
    /// @param performData ABI-encoded request ids.
    function performUpkeep(bytes calldata performData) external override {
        uint256[] memory ids = abi.decode(performData, (uint256[]));
        if (ids.length > BATCH) {
            assembly ("memory-safe") {
                mstore(ids, BATCH)
            }
        }
        if (ids.length != 0) coordinator.cancelExpired(ids);
        advanceCursor();
    }

    /// @notice Moves the cursor past settled requests (bounded by SCAN ids per call).
    function advanceCursor() public {
        uint256 next = cursor;
        uint256 end = _scanEnd();
        while (next < end && coordinator.decisionOf(next).status != IInferenceCoordinator.RequestStatus.Pending) {
            ++next;
        }
        if (next != cursor) {
            cursor = next;
            emit CursorAdvanced(next);
        }
    }

    function _scanEnd() private view returns (uint256 end) {
        end = cursor + SCAN;
        uint256 last = coordinator.requestCount() + 1;
        if (end > last) end = last;
    }
}
