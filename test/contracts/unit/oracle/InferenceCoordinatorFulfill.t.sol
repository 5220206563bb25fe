// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Decision, Fulfillment, Request, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";
import {RequestEncodings} from "../../utils/RequestEncodings.sol";

/// @notice Fulfillment with real Groth16 proofs of the classifier-16 circuits: the happy path in both input modes,
/// and every way a proof, a request or an operator can be wrong.
contract InferenceCoordinatorFulfillTest is CoordinatorTestBase {
    function test_fulfill_committedInput_recordsDecisionSplitsFeeAndCallsBack() public {
        Request memory request = _requestCommitted();
        assertEq(token.balanceOf(address(coordinator)), FEE);
        bytes memory proof = committedFixture.proofs[0];

        vm.prank(OPERATOR);
        coordinator.fulfill(request, committedFixture.outputs, proof);

        Decision memory decision = coordinator.decisionOf(1);
        assertEq(uint8(decision.status), uint8(RequestStatus.Fulfilled));
        // one slot: the decision hash (request, outputs, proof, operator) with the status in its low byte
        assertEq(
            decision.hash,
            keccak256(abi.encode(keccak256(abi.encode(request)), committedFixture.outputs, keccak256(proof), OPERATOR))
                & ~bytes32(uint256(0xff))
        );
        // The consumer got exactly the proven outputs.
        assertEq(consumer.lastRequestId(), 1);
        assertEq(consumer.lastOutputs(), committedFixture.outputs);
        // 40% operator, 25% owner, 20% data, 10% stakers, 5% treasury.
        assertEq(coordinator.operatorEarnings(OPERATOR), 4 ether);
        (uint256 owner, uint256 data) = coordinator.versionEarnings(committedModel, 1);
        assertEq(owner, 2.5 ether);
        assertEq(data, 2 ether);
        (uint256 stakers, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(stakers, 1 ether);
        assertEq(treasuryShare, 0.5 ether);
        assertEq(token.balanceOf(address(coordinator)), FEE);
    }

    function test_fulfill_logsNoFeesCredited_forItsCreditFollowsFromTheRequest() public {
        Request memory request = _requestCommitted();
        vm.recordLogs();
        _fulfill(request, committedFixture);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 recorded;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length == 0) continue;
            assertTrue(logs[i].topics[0] != IInferenceCoordinator.FeesCredited.selector, "no FeesCredited");
            if (logs[i].topics[0] == IInferenceCoordinator.DecisionRecorded.selector) ++recorded;
        }
        assertEq(recorded, 1, "the decision is logged");
        assertEq(coordinator.operatorEarnings(OPERATOR), FEE * 4000 / 10_000 + request.callbackFee);
    }

    function test_fulfill_emitsTheDecisionLogJoinedToItsRequest() public {
        Request memory request = _requestCommitted();
        vm.recordLogs();
        _fulfill(request, committedFixture);
        Vm.Log[] memory logs = _logsOf(IInferenceCoordinator.DecisionRecorded.selector);
        assertEq(logs.length, 1);
        assertEq(logs[0].topics.length, 3);
        assertEq(uint256(logs[0].topics[1]), 1);
        assertEq(address(uint160(uint256(logs[0].topics[2]))), OPERATOR);
        (uint256[] memory outputs, bytes32 proofHash) = abi.decode(logs[0].data, (uint256[], bytes32));
        assertEq(outputs, committedFixture.outputs);
        assertEq(proofHash, keccak256(committedFixture.proofs[0]));
        // the rest of the trail is the request's InferenceRequested, which the decision joins by request id
        assertEq(request.requestId, 1);
        assertEq(request.modelId, committedModel);
        assertEq(request.version, 1);
        assertEq(uint8(request.inputMode), uint8(InputMode.Committed));
        assertEq(request.weightsCommitment, committedFixture.weightsCommitment);
        assertEq(request.inputWords, committedFixture.inputWords);
    }

    function test_fulfill_publicInput_byTheAssignedOperator() public {
        Request memory request = _requestPublic();
        _fulfillSeed(7);
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        _fulfill(request, publicFixture);
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Fulfilled));
        assertEq(consumer.lastOutputs(), publicFixture.outputs);
    }

    function test_fulfill_publicInput_byAnyEligibleOperatorAfterTheWindowWithoutSeed() public {
        Request memory request = _requestPublic();
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorAssignmentPending.selector, 1, request.round)
        );
        coordinator.fulfill(request, publicFixture.outputs, publicFixture.proofs[0]);

        vm.warp(block.timestamp + 5 minutes);
        _fulfill(request, publicFixture);
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Fulfilled));
    }

    /* ----------------------------- proof binding ---------------------------- */

    function test_RevertWhen_proofReplayedForAnotherRequest() public {
        Request memory first = _requestCommitted();
        Request memory second = _requestCommitted();
        _fulfill(first, committedFixture);
        // The proof of request 1 carries request 1's binding.
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, 2));
        coordinator.fulfill(second, committedFixture.outputs, committedFixture.proofs[0]);
        assertEq(uint8(coordinator.decisionOf(2).status), uint8(RequestStatus.Pending));
    }

    function test_RevertWhen_anotherOperatorSubmitsTheSameProof() public {
        address thief = makeAddr("thief");
        _registerOperator(thief, OPERATOR_STAKE);
        Request memory request = _requestPublic();
        // Past the exclusive window any eligible operator may serve, but the proof is bound to its prover.
        vm.warp(block.timestamp + 5 minutes);
        vm.prank(thief);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, 1));
        coordinator.fulfill(request, publicFixture.outputs, publicFixture.proofs[0]);
        assertEq(coordinator.operatorEarnings(thief), 0);
    }

    function test_RevertWhen_committedRequestServedByAnotherNode() public {
        Request memory request = _requestCommitted();
        address other = makeAddr("other");
        _registerOperator(other, OPERATOR_STAKE);
        vm.prank(other);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotServingNode.selector, 1, OPERATOR, other)
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_notTheAssignedOperatorWithinTheWindow() public {
        address other = makeAddr("other");
        _registerOperator(other, OPERATOR_STAKE);
        Request memory request = _requestPublic();
        // Find a seed that assigns OPERATOR, then let `other` try.
        uint256 word = 1;
        _fulfillSeed(word);
        vm.prank(other);
        address assigned = coordinator.assignedOperator(_req(request.requestId));
        address intruder = assigned == OPERATOR ? other : OPERATOR;
        vm.prank(intruder);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotAssignedOperator.selector, 1, assigned, intruder)
        );
        coordinator.fulfill(request, publicFixture.outputs, publicFixture.proofs[0]);
    }

    function test_RevertWhen_ineligibleOperator() public {
        Request memory request = _requestPublic();
        vm.warp(block.timestamp + 5 minutes);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorIneligibleOperator.selector, outsider));
        coordinator.fulfill(request, publicFixture.outputs, publicFixture.proofs[0]);
    }

    /* --------------------------- tampered content --------------------------- */

    function test_RevertWhen_scoreMutated() public {
        Request memory request = _requestCommitted();
        uint256[] memory outputs = committedFixture.outputs;
        // The score is the 52-bit lane at bit 47 of the last explanation word.
        outputs[3] += uint256(1) << 47;
        _expectInvalidProof(request, outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_decisionFlipped() public {
        Request memory request = _requestCommitted();
        uint256[] memory outputs = committedFixture.outputs;
        outputs[3] ^= uint256(1) << 99;
        _expectInvalidProof(request, outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_explanationMutated() public {
        Request memory request = _requestCommitted();
        uint256[] memory outputs = committedFixture.outputs;
        // Move one unit of contribution from feature 0 to feature 1: the score would be unchanged.
        outputs[0] = outputs[0] - 1 + (uint256(1) << 47);
        _expectInvalidProof(request, outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_proofBytesTampered() public {
        Request memory request = _requestCommitted();
        bytes memory proof = committedFixture.proofs[0];
        proof[40] = bytes1(uint8(proof[40]) ^ 1);
        _expectInvalidProof(request, committedFixture.outputs, proof);
    }

    function test_RevertWhen_proofHasWrongLength() public {
        Request memory request = _requestCommitted();
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorBadProofLength.selector, 255, 256));
        coordinator.fulfill(request, committedFixture.outputs, new bytes(255));
    }

    function test_RevertWhen_outputAtOrAboveTheFieldModulus() public {
        Request memory request = _requestCommitted();
        uint256[] memory outputs = committedFixture.outputs;
        // score + r would be the same field element: the verifier must never see it.
        outputs[0] = outputs[0] + ProtocolConstants.SNARK_SCALAR_FIELD;
        if (outputs[0] < ProtocolConstants.SNARK_SCALAR_FIELD) outputs[0] = ProtocolConstants.SNARK_SCALAR_FIELD;
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorSignalOutsideField.selector, 0, outputs[0])
        );
        coordinator.fulfill(request, outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_wrongNumberOfOutputs() public {
        Request memory request = _requestCommitted();
        uint256[] memory outputs = new uint256[](3);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorWrongOutputWords.selector, 3, 4));
        coordinator.fulfill(request, outputs, committedFixture.proofs[0]);
    }

    /* --------------------------- request integrity -------------------------- */

    function test_RevertWhen_requestAlteredToAnotherVersion() public {
        Request memory request = _requestCommitted();
        vm.prank(modelOwner);
        // other weights: a commitment is published once
        registry.publishVersion(committedModel, _versionParams(committedFixture.weightsCommitment + 1, bytes32(0), 0));
        request.version = 2;
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestMismatch.selector, 1));
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_requestAlteredToACheaperFee() public {
        Request memory request = _requestCommitted();
        request.fee = 0;
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestMismatch.selector, 1));
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    /// @dev The request's own values in another valid ABI encoding (its input words one word further on): the
    /// coordinator hashes the request as it was passed, so only the canonical encoding matches the stored hash.
    function test_RevertWhen_requestPassedInAnotherEncodingOfTheSameValues() public {
        Request memory request = _requestCommitted();
        bytes memory canonical =
            abi.encodeCall(coordinator.fulfill, (request, committedFixture.outputs, committedFixture.proofs[0]));
        bytes memory shifted = RequestEncodings.shiftInputWords(canonical, 4 + 0x60);
        vm.prank(OPERATOR);
        (bool ok, bytes memory reason) = address(coordinator).call(shifted);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestMismatch.selector, 1));

        vm.prank(OPERATOR);
        (ok,) = address(coordinator).call(canonical);
        assertTrue(ok);
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Fulfilled));
    }

    function test_RevertWhen_versionFlaggedAfterTheRequest() public {
        Request memory request = _requestCommitted();
        vm.prank(address(timelock));
        registry.flagVersion(committedModel, 1, "ipfs://bias-report");
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RegistryVersionFlagged.selector, committedModel, uint32(1), "ipfs://bias-report"
            )
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_circuitRetiredAfterTheRequest() public {
        Request memory request = _requestCommitted();
        vm.prank(address(timelock));
        registry.retireCircuit(request.circuitId);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, request.circuitId));
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_fulfilledTwice() public {
        Request memory request = _requestCommitted();
        _fulfill(request, committedFixture);
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorRequestNotPending.selector, 1, RequestStatus.Fulfilled
            )
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
        assertEq(coordinator.operatorEarnings(OPERATOR), 4 ether);
    }

    function test_RevertWhen_fulfilledAfterTheDeadline() public {
        Request memory request = _requestCommitted();
        vm.warp(request.deadline + 1);
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestExpired.selector, 1, request.deadline)
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    function test_RevertWhen_unknownRequest() public {
        Request memory request = _requestCommitted();
        request.requestId = 9;
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestNotPending.selector, 9, RequestStatus.None)
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[0]);
    }

    /* --------------------------------- batch -------------------------------- */

    function test_fulfillBatch_settlesManyAndSkipsSettledOnes() public {
        Fulfillment[] memory batch = new Fulfillment[](4);
        for (uint256 i; i < 4; ++i) {
            batch[i] = Fulfillment({
                request: _requestCommitted(), outputs: committedFixture.outputs, proof: committedFixture.proofs[i]
            });
        }
        // Request 2 was already served (say by an earlier transaction).
        _fulfill(batch[1].request, committedFixture);

        vm.recordLogs();
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);
        for (uint256 id = 1; id <= 4; ++id) {
            assertEq(uint8(coordinator.decisionOf(id).status), uint8(RequestStatus.Fulfilled));
        }
        assertEq(_logsOf(IInferenceCoordinator.FulfillmentSkipped.selector).length, 1);
        assertEq(coordinator.operatorEarnings(OPERATOR), 16 ether);
        assertEq(consumer.results(), 4);
    }

    function test_RevertWhen_batchIsEmpty() public {
        vm.expectRevert(IInferenceCoordinator.CoordinatorEmptyBatch.selector);
        coordinator.fulfillBatch(new Fulfillment[](0));
    }

    function test_fulfillBatch_rejectsAnInvalidProofAndSettlesTheRest() public {
        Fulfillment[] memory batch = new Fulfillment[](3);
        batch[0] = Fulfillment(_requestCommitted(), committedFixture.outputs, committedFixture.proofs[0]);
        // Request 2 answered with request 1's proof: bound to another request id, so invalid.
        batch[1] = Fulfillment(_requestCommitted(), committedFixture.outputs, committedFixture.proofs[0]);
        batch[2] = Fulfillment(_requestCommitted(), committedFixture.outputs, committedFixture.proofs[2]);
        vm.expectEmit(address(coordinator));
        emit IInferenceCoordinator.FulfillmentRejected(
            2, abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, 2)
        );
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Fulfilled));
        assertEq(uint8(coordinator.decisionOf(2).status), uint8(RequestStatus.Pending));
        assertEq(uint8(coordinator.decisionOf(3).status), uint8(RequestStatus.Fulfilled));
        assertEq(coordinator.operatorEarnings(OPERATOR), 2 * FEE * 4000 / 10_000);
    }

    function _expectInvalidProof(Request memory request, uint256[] memory outputs, bytes memory proof) private {
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId)
        );
        coordinator.fulfill(request, outputs, proof);
        assertEq(uint8(coordinator.decisionOf(request.requestId).status), uint8(RequestStatus.Pending));
    }
}
