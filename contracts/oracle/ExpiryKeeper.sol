// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AutomationCompatibleInterface
} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {Decision, Request, RequestStatus} from "../types/InferenceTypes.sol";

/// @title ExpiryKeeper
/// @notice A Chainlink Automation upkeep that has the coordinator cancel expired requests (refund and slash) in
/// bounded batches.
/// @dev The coordinator keeps one hash per request, so whoever cancels passes the requests back, as emitted in
/// `InferenceRequested` (as Chainlink's own coordinators take commitments back to time requests out). The candidates
/// come in the upkeep's check data (kept current off chain from the logs, e.g. by the operator node); `checkUpkeep`
/// keeps those pending and past their deadline. The keeper holds nothing and needs no rights: `cancelExpired` is
/// permissionless and re-checks every request against its stored hash, so stale or forged perform data cancels
/// nothing that is not expired.
contract ExpiryKeeper is AutomationCompatibleInterface {
    /// @notice Most requests one upkeep cancels.
    uint256 public constant BATCH = 20;

    /// @notice The coordinator whose requests this keeper expires.
    IInferenceCoordinator public immutable coordinator;

    /// @dev The zero address was given for the coordinator.
    error ExpiryKeeperZeroCoordinator();

    /// @param coordinator_ The inference coordinator.
    constructor(address coordinator_) {
        if (coordinator_ == address(0)) revert ExpiryKeeperZeroCoordinator();
        coordinator = IInferenceCoordinator(coordinator_);
    }

    /// @notice Which of the candidate requests have expired unanswered (up to BATCH).
    /// @param checkData ABI-encoded `Request[]`: the candidates, as emitted.
    /// @return upkeepNeeded True if there is something to cancel.
    /// @return performData The ABI-encoded requests to pass to `performUpkeep`.
    function checkUpkeep(bytes calldata checkData)
        external
        view
        override
        returns (bool upkeepNeeded, bytes memory performData)
    {
        Request[] memory candidates = abi.decode(checkData, (Request[]));
        Request[] memory found = new Request[](BATCH);
        uint256 count;
        for (uint256 i; i < candidates.length && count < BATCH; ++i) {
            Request memory request = candidates[i];
            Decision memory decision = coordinator.decisionOf(request.requestId);
            if (
                decision.status == RequestStatus.Pending && block.timestamp > request.deadline
                    && decision.hash == keccak256(abi.encode(request)) & ~bytes32(uint256(0xff))
            ) found[count++] = request;
        }
        assembly ("memory-safe") {
            mstore(found, count)
        }
        return (count != 0, abi.encode(found));
    }

    /// @notice Cancels the expired requests `checkUpkeep` found (the coordinator re-checks each). Anyone may call.
    /// @param performData ABI-encoded `Request[]`.
    function performUpkeep(bytes calldata performData) external override {
        Request[] memory requests = abi.decode(performData, (Request[]));
        if (requests.length > BATCH) {
            assembly ("memory-safe") {
                mstore(requests, BATCH)
            }
        }
        if (requests.length != 0) coordinator.cancelExpired(requests);
    }
}
