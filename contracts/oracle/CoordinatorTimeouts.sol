// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IOperatorRegistry} from "../interfaces/IOperatorRegistry.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {RoundAssignment} from "./RoundAssignment.sol";

/// @title CoordinatorTimeouts
/// @notice The coordinator's cancel path: refunds, and the slash of whoever answers for an unanswered request.
/// @dev An external library: the coordinator delegates to it, so it runs on the coordinator's storage and emits from
/// the coordinator's address, while its code stays outside the coordinator's EIP-170 budget. Cancelling is rare,
/// so the delegate call's cost lands off the request and fulfilment paths.
library CoordinatorTimeouts {
    using SafeERC20 for *;

    /// @notice Cancels each request that is pending and past its deadline, or whose version was flagged or circuit
    /// retired; returns how many it cancelled. See `IInferenceCoordinator.cancelExpired`.
    function cancelExpired(uint256[] calldata requestIds) external returns (uint256 cancelled) {
        for (uint256 i; i < requestIds.length; ++i) {
            if (_cancel(requestIds[i])) ++cancelled;
        }
    }

    function _cancel(uint256 requestId) private returns (bool) {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        CoordinatorStorage.RequestRecord storage record = $.requests[requestId];
        if (record.status != IInferenceCoordinator.RequestStatus.Pending) return false;
        // A request its version or circuit no longer serves can never be fulfilled: its escrow comes back at once,
        // and nobody is slashed for it.
        bool stopped = _stoppedServing($, record);
        uint64 deadline = record.time;
        if (!stopped && block.timestamp <= deadline) return false;
        address requester = record.party;
        uint256 escrow = record.fee;
        record.status = IInferenceCoordinator.RequestStatus.Expired;
        record.time = uint64(block.timestamp);

        address operator = stopped ? address(0) : _answerable($, requestId, record, deadline);
        uint256 slashed;
        uint96 slashAmount = $.serviceParams.slashAmount;
        if (operator != address(0) && slashAmount != 0) {
            // A slash that fails (say the vault no longer lists the coordinator as slasher) must not keep the
            // requester's refund hostage. The slashed stake joins the treasury's pending share: a requester never
            // profits from a request going unanswered.
            try $.vault.slash(operator, slashAmount, address(this)) returns (uint256 taken) {
                slashed = taken;
                $.treasuryPending += SafeCast.toUint128(taken);
            } catch {}
        }
        if (escrow != 0) $.token.safeTransfer(requester, escrow);
        emit IInferenceCoordinator.RequestExpired(requestId, operator, escrow, slashed);
        return true;
    }

    /// @dev Whether the version was flagged or the circuit retired (on the coordinator's copy) since the request.
    function _stoppedServing(
        CoordinatorStorage.CoordinatorState storage $,
        CoordinatorStorage.RequestRecord storage record
    ) private view returns (bool) {
        if ($.versionEarnings[record.modelId][record.version].flagged) {
            return true;
        }
        IModelRegistry.Model memory model = $.registry.model(record.modelId);
        uint32 circuitId =
            record.inputMode == IModelRegistry.InputMode.Public ? model.publicCircuitId : model.committedCircuitId;
        return $.circuitTerms[circuitId].retired;
    }

    /// @dev Who answers for an unanswered request, if anyone could have served it: the data owner's node if it had
    /// declared the version before the request; the drawn operator if the seed arrived at least a whole exclusive
    /// window before the deadline.
    function _answerable(
        CoordinatorStorage.CoordinatorState storage $,
        uint256 requestId,
        CoordinatorStorage.RequestRecord storage record,
        uint64 deadline
    ) private view returns (address) {
        if (record.inputMode == IModelRegistry.InputMode.Committed) {
            CoordinatorStorage.CommittedServing memory serving = $.committedServing[requestId];
            bool declared = IOperatorRegistry(address($.vault))
                .servedVersionAt(serving.node, record.modelId, record.version, uint48(serving.requestedAt - 1));
            return declared ? serving.node : address(0);
        }
        (address assigned, uint64 seedArrivedAt) =
            RoundAssignment.drawn($, requestId, record.epoch, record.modelId, record.version);
        if (seedArrivedAt == 0 || uint256(seedArrivedAt) + $.serviceParams.exclusiveWindow > deadline) {
            return address(0);
        }
        return assigned;
    }
}
