// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InferenceConsumer} from "../../../../contracts/consumers/InferenceConsumer.sol";
import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {Request, RequestParams, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {Vm} from "forge-std/Vm.sol";

import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";
import {
    GasBurningConsumer,
    RecordingConsumer,
    ReenteringConsumer,
    ReturnBombConsumer,
    RevertingConsumer,
    SilentConsumer
} from "../../utils/consumers/TestConsumers.sol";

/// @notice A consumer that reverts, burns its gas, re-enters or return-bombs never blocks fulfillment: the decision
/// and the fee split stand, the failure is recorded.
contract InferenceCoordinatorCallbacksTest is CoordinatorTestBase {
    function test_revertingConsumer_isRecordedAsCallbackFailed() public {
        _assertFulfillmentSurvives(new RevertingConsumer(address(coordinator), address(token)), false);
    }

    function test_gasBurningConsumer_onlyBurnsItsOwnGas() public {
        uint256 gasUsed =
            _assertFulfillmentSurvives(new GasBurningConsumer(address(coordinator), address(token)), false);
        // Verification (~230k) + bookkeeping + exactly the 200k callback budget, not the whole block.
        assertLt(gasUsed, 600_000);
    }

    function test_reenteringConsumer_isRefusedAndRecorded() public {
        ReenteringConsumer reentering = new ReenteringConsumer(address(coordinator), address(token));
        _assertFulfillmentSurvives(reentering, false);
    }

    function test_returnBombConsumer_costsTheCoordinatorNothing() public {
        // A first fulfillment warms the coordinator's, the verifier's and the ledger's accounts and slots, so that the
        // two measured ones differ only by their consumers.
        _assertFulfillmentSurvives(new RecordingConsumer(address(coordinator), address(token)), true);
        uint256 bombGas = _assertFulfillmentSurvives(new ReturnBombConsumer(address(coordinator), address(token)), true);
        uint256 plainGas = _assertFulfillmentSurvives(new SilentConsumer(address(coordinator), address(token)), true);
        // The bomb's own 100 kB of memory costs it 28,448 gas (3 per word plus words^2 / 512); copying that return
        // data into the coordinator would cost at least as much again. It is never copied: the bomb costs no more
        // than its own memory beyond a consumer that does nothing.
        assertGt(bombGas, plainGas);
        assertLt(bombGas - plainGas, 28_448 + 5000);
    }

    function test_RevertWhen_operatorSendsTooLittleGasForTheCallback() public {
        Request memory request = _requestCommitted();
        bytes memory call =
            abi.encodeCall(coordinator.fulfill, (request, committedFixture.outputs, committedFixture.proofs[0]));
        // Enough to verify the proof, not enough to give the consumer its 200k.
        vm.prank(OPERATOR);
        (bool success, bytes memory reason) = address(coordinator).call{gas: 400_000}(call);
        assertFalse(success);
        assertEq(
            reason,
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorInsufficientGasForCallback.selector, 1, uint32(200_000)
            )
        );
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Pending));
    }

    function test_RevertWhen_outsiderCallsTheConsumerCallback() public {
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(InferenceConsumer.ConsumerOnlyCoordinator.selector, outsider));
        consumer.onInferenceResult(1, new uint256[](0));
    }

    function test_noCallback_whenTheGasLimitIsZero() public {
        RequestParams memory params = _committedParams();
        params.callbackGasLimit = 0;
        uint256 id = consumer.request(params);
        _fulfill(_requestFromLogs(id), committedFixture);
        assertEq(consumer.results(), 0);
        assertEq(uint8(coordinator.decisionOf(id).status), uint8(RequestStatus.Fulfilled));
    }

    /// @dev Has `target` request and the operator fulfill; checks the decision and split stand, and that the failure,
    /// and only a failure, is logged (CallbackFailed); returns fulfill gas.
    function _assertFulfillmentSurvives(RecordingConsumer target, bool expectSuccess)
        private
        returns (uint256 gasUsed)
    {
        _fund(address(target), FEE);
        vm.prank(applicant);
        dataRegistry.grantAccess(address(target), committedModel, uint64(block.timestamp + 1 days), 1);
        uint256 id = target.request(_committedParams());
        Request memory request = _requestFromLogs(id);
        uint256 earnedBefore = coordinator.operatorEarnings(OPERATOR);

        vm.recordLogs();
        vm.prank(OPERATOR);
        uint256 gasBefore = gasleft();
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[id - 1]);
        gasUsed = gasBefore - gasleft();
        assertEq(_callbackFailures(vm.getRecordedLogs(), id), expectSuccess ? 0 : 1);

        RequestStatus expected = expectSuccess ? RequestStatus.Fulfilled : RequestStatus.CallbackFailed;
        assertEq(uint8(coordinator.decisionOf(id).status), uint8(expected));
        assertEq(coordinator.operatorEarnings(OPERATOR), earnedBefore + 4 ether);
    }

    /// @dev How many CallbackFailed the coordinator logged for `requestId` among `logs`.
    function _callbackFailures(Vm.Log[] memory logs, uint256 requestId) private view returns (uint256 count) {
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory entry = logs[i];
            if (
                entry.emitter == address(coordinator)
                    && entry.topics[0] == IInferenceCoordinator.CallbackFailed.selector
                    && entry.topics[1] == bytes32(requestId)
            ) ++count;
        }
    }
}
