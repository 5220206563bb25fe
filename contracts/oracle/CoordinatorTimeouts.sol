// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {DecisionHashes} from "../libraries/DecisionHashes.sol";
import {ExactGasCall} from "../libraries/ExactGasCall.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {Request, RequestStatus} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {CoordinatorCommitment} from "./CoordinatorCommitment.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {RoundAssignment} from "./RoundAssignment.sol";

/// @title CoordinatorTimeouts
/// @notice The coordinator's cancel path: refunds, and the slash of whoever answers for an unanswered request.
/// @dev An external library: the coordinator delegates to it, so it runs on the coordinator's storage and emits from
/// the coordinator's address, while its code stays outside the coordinator's EIP-170 budget. Cancelling is rare,
/// so the delegate call's cost lands off the request and fulfillment paths.
library CoordinatorTimeouts {
    using SafeERC20 for *;

    /// @notice Cancels each request that is pending and past its deadline, or whose version was flagged or circuit
    /// retired; returns how many it cancelled. See `IInferenceCoordinator.cancelExpired`.
    function cancelExpired(Request[] calldata requests) external returns (uint256 cancelled) {
        for (uint256 i; i < requests.length; ++i) {
            if (_cancel(requests[i])) ++cancelled;
        }
    }

    /// @notice See `IInferenceCoordinator.assignedOperator`.
    function assignedOperator(Request calldata request) external view returns (address assigned) {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        // settled requests hold their decision hash: they match no more, and answer address(0)
        if (!CoordinatorCommitment.matches($.commitments[request.requestId], DecisionHashes.ofRequest(request))) {
            return address(0);
        }
        if (request.inputMode == InputMode.Committed) return request.servingNode;
        (assigned,) = RoundAssignment.drawn($, request.requestId, request.round, request.modelId, request.version);
    }

    function _cancel(Request calldata request) private returns (bool) {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        uint256 requestId = request.requestId;
        bytes32 stored = $.commitments[requestId];
        if (CoordinatorCommitment.statusOf(stored) != RequestStatus.Pending) return false;
        bytes32 requestHash = DecisionHashes.ofRequest(request);
        if (!CoordinatorCommitment.matches(stored, requestHash)) return false;
        // A request its version or circuit no longer serves can never be fulfilled: its escrow comes back at once,
        // and nobody is slashed for it.
        bool stopped =
            $.versionEarnings[request.modelId][request.version].flagged || $.circuitTerms[request.circuitId].retired;
        if (!stopped && block.timestamp <= request.deadline) return false;
        $.commitments[requestId] = CoordinatorCommitment.pack(requestHash, RequestStatus.Expired);

        address operator = stopped ? address(0) : _answerable($, request);
        uint256 slashed;
        uint96 slashAmount = $.serviceParams.slashAmount;
        if (operator != address(0) && slashAmount != 0) {
            // A slash that fails (say the vault no longer lists the coordinator as slasher) must not keep the
            // requester's refund hostage. The slashed stake joins the treasury's pending share: a requester never
            // profits from a request going unanswered. The slash runs on a fixed budget the caller must be able to
            // give in full: otherwise the operator answering for the request could cancel it itself with just enough
            // gas for the rest, let the slash run out inside the try, and keep its stake.
            if (!ExactGasCall.hasEnoughGas(ProtocolConstants.SLASH_GAS)) {
                revert IInferenceCoordinator.CoordinatorInsufficientGasForSlash(requestId, ProtocolConstants.SLASH_GAS);
            }
            try $.vault.slash{gas: ProtocolConstants.SLASH_GAS}(operator, slashAmount, address(this)) returns (
                uint256 taken
            ) {
                slashed = taken;
                $.treasuryPending += SafeCast.toUint128(taken);
            } catch {}
        }
        // The whole escrow, by transfer to the requester, however it was paid (deposit or transfer).
        uint256 escrow = uint256(request.fee) + request.callbackFee;
        if (escrow != 0) $.token.safeTransfer(request.requester, escrow);
        emit IInferenceCoordinator.RequestExpired(requestId, operator, escrow, slashed);
        return true;
    }

    /// @dev Who answers for an unanswered request, if anyone could have served it: the data owner's node if it had
    /// declared the version before the request; the drawn operator if the seed arrived at least a whole exclusive
    /// window before the deadline.
    function _answerable(CoordinatorStorage.CoordinatorState storage $, Request calldata request)
        private
        view
        returns (address)
    {
        if (request.inputMode == InputMode.Committed) {
            uint48 before = uint48(request.requestedAt - 1);
            bool declared = $.vault.servedVersionAt(request.servingNode, request.modelId, request.version, before);
            return declared ? request.servingNode : address(0);
        }
        (address assigned, uint64 seedArrivedAt) =
            RoundAssignment.drawn($, request.requestId, request.round, request.modelId, request.version);
        if (seedArrivedAt == 0 || uint256(seedArrivedAt) + $.serviceParams.exclusiveWindow > request.deadline) {
            return address(0);
        }
        return assigned;
    }
}
