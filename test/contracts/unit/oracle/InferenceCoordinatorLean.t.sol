// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {
    FeeShares,
    Fulfillment,
    Request,
    RequestParams,
    RequestStatus
} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice The lean request and settlement paths: prepaid deposits, the coordinator's copy of the registry's terms
/// (never looser than the registry), and batches that settle their honest items whatever the others hold.
contract InferenceCoordinatorLeanTest is CoordinatorTestBase {
    /* ------------------------------------------------------------------ */
    /*                              DEPOSITS                              */
    /* ------------------------------------------------------------------ */

    function test_deposit_paysRequestsWithoutATransfer() public {
        _depositForConsumer(3 * FEE);
        uint256 consumerTokens = token.balanceOf(address(consumer));
        uint256 coordinatorTokens = token.balanceOf(address(coordinator));
        Request memory request = _requestCommitted();
        assertEq(coordinator.depositOf(address(consumer)), 2 * FEE, "the escrow came from the deposit");
        assertEq(token.balanceOf(address(consumer)), consumerTokens, "no token moved");
        assertEq(token.balanceOf(address(coordinator)), coordinatorTokens);
        assertEq(token.allowance(address(consumer), address(coordinator)), 0, "nothing approved");
        _fulfill(request, committedFixture);
        assertEq(coordinator.operatorEarnings(OPERATOR), FEE * 4000 / 10_000);
    }

    function test_deposit_belowTheEscrowFallsBackToATransfer() public {
        _depositForConsumer(FEE - 1);
        uint256 consumerTokens = token.balanceOf(address(consumer));
        _requestCommitted();
        assertEq(coordinator.depositOf(address(consumer)), FEE - 1, "a partial deposit is never drawn");
        assertEq(token.balanceOf(address(consumer)), consumerTokens - FEE);
    }

    /// The consumer's deposit-only request: no balance check, no approval; the escrow comes from the deposit.
    function test_requestFromDeposit_paysFromTheDepositAndApprovesNothing() public {
        _depositForConsumer(2 * FEE);
        uint256 consumerTokens = token.balanceOf(address(consumer));
        uint256 id = consumer.requestFromDeposit(_committedParams());
        assertEq(coordinator.depositOf(address(consumer)), FEE);
        assertEq(token.balanceOf(address(consumer)), consumerTokens, "no token moved");
        assertEq(token.allowance(address(consumer), address(coordinator)), 0, "nothing approved");
        assertEq(uint8(coordinator.decisionOf(id).status), uint8(RequestStatus.Pending));
    }

    /// Without a deposit that covers the escrow, and without an allowance, the deposit-only request is refused whole.
    function test_RevertWhen_requestFromDepositWithoutADeposit() public {
        _depositForConsumer(FEE - 1);
        vm.expectPartialRevert(IERC20Errors.ERC20InsufficientAllowance.selector);
        consumer.requestFromDeposit(_committedParams());
        assertEq(coordinator.depositOf(address(consumer)), FEE - 1, "nothing drawn");
    }

    /// A request paid from a deposit is refunded like any other: the whole escrow to the requester, by transfer.
    function test_deposit_paidRequestIsRefundedToTheRequester() public {
        _depositForConsumer(FEE);
        Request memory request = _requestCommitted();
        uint256 consumerTokens = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);
        assertEq(coordinator.cancelExpired(_reqs(request.requestId)), 1);
        assertEq(token.balanceOf(address(consumer)), consumerTokens + FEE);
        assertEq(coordinator.depositOf(address(consumer)), 0);
    }

    function test_withdrawDeposit_paysTheOwnerOnly() public {
        _fund(applicant, 5 ether);
        vm.startPrank(applicant);
        token.approve(address(coordinator), 5 ether);
        vm.expectEmit(address(coordinator));
        emit IInferenceCoordinator.Deposited(applicant, applicant, 5 ether);
        coordinator.deposit(5 ether);
        vm.stopPrank();

        // An outsider cannot take another account's deposit: it only ever draws on its own (none).
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorDepositTooLow.selector, 0, 1 ether));
        coordinator.withdrawDeposit(1 ether, outsider);

        vm.prank(applicant);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorDepositTooLow.selector, 5 ether, 6 ether)
        );
        coordinator.withdrawDeposit(6 ether, applicant);

        vm.prank(applicant);
        vm.expectEmit(address(coordinator));
        emit IInferenceCoordinator.DepositWithdrawn(applicant, outsider, 2 ether);
        coordinator.withdrawDeposit(2 ether, outsider);
        assertEq(token.balanceOf(outsider), 2 ether);
        assertEq(coordinator.depositOf(applicant), 3 ether);
    }

    function test_RevertWhen_depositingNothingOrForNobody() public {
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAmount.selector);
        coordinator.deposit(0);
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAddress.selector);
        coordinator.depositFor(address(0), 1);
        vm.prank(applicant);
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAddress.selector);
        coordinator.withdrawDeposit(1, address(0));
    }

    /* ------------------------------------------------------------------ */
    /*                  THE COPY OF THE REGISTRY'S TERMS                  */
    /* ------------------------------------------------------------------ */

    /// Once the model's terms are copied, a fee raised at the registry prices the next request.
    function test_copy_followsAFeeChange() public {
        _requestPublic();
        vm.prank(modelOwner);
        registry.setModelFee(publicModel, FEE + 1);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorFeeAboveMax.selector, FEE + 1, FEE));
        consumer.request(_publicParams());
        RequestParams memory params = _publicParams();
        params.maxFee = FEE + 1;
        uint256 id = consumer.request(params);
        assertEq(_req(id).fee, FEE + 1);
    }

    /// "Latest" follows a published version; a version beyond it is refused.
    function test_copy_followsAPublishedVersion() public {
        RequestParams memory params = _publicParams();
        params.version = 2;
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorUnknownVersion.selector, publicModel, 2)
        );
        consumer.request(params);
        _requestPublic();
        vm.prank(modelOwner);
        registry.publishVersion(publicModel, _versionParams(4242, bytes32(0), 0));
        uint256 id = consumer.request(_publicParams());
        assertEq(_req(id).version, 2);
        assertEq(_req(id).weightsCommitment, 4242);
    }

    /// A version word copied before the flag moved into it (no mirror mark) is copied from the registry again: a
    /// flagged version stays refused, and an unflagged one carries its flag from its next request on.
    function test_copy_legacyWordIsCopiedAgainWithItsFlag() public {
        uint256 id = _requestPublic().requestId;
        uint256 commitment = _req(id).weightsCommitment;
        bytes32 slot = _versionWordSlot(commitment);
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias");
        vm.store(address(coordinator), slot, bytes32(commitment));
        vm.expectPartialRevert(IModelRegistry.RegistryVersionFlagged.selector);
        consumer.request(_publicParams());

        vm.prank(address(timelock));
        registry.unflagVersion(publicModel, 1);
        vm.store(address(coordinator), slot, bytes32(commitment));
        _requestPublic();
        assertEq(uint256(vm.load(address(coordinator), slot)), commitment | (1 << 255), "mirrored once");
    }

    /// A flag, a retirement, set before or after the copy was taken: the copy refuses as the registry does.
    function test_copy_neverAdmitsWhatTheRegistryRefuses() public {
        // flagged before anything was copied
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias");
        vm.expectPartialRevert(IModelRegistry.RegistryVersionFlagged.selector);
        consumer.request(_publicParams());
        vm.prank(address(timelock));
        registry.unflagVersion(publicModel, 1);
        _requestPublic();
        // flagged after the copy
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias");
        vm.expectPartialRevert(IModelRegistry.RegistryVersionFlagged.selector);
        consumer.request(_publicParams());
        vm.prank(address(timelock));
        registry.unflagVersion(publicModel, 1);
        // the circuit retired after the copy
        uint32 circuitId = registry.model(publicModel).publicCircuitId;
        vm.prank(address(timelock));
        registry.retireCircuit(circuitId);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, circuitId));
        consumer.request(_publicParams());
    }

    function test_copy_refusesWordsOutsideTheDomainAndWrongCounts() public {
        _requestPublic();
        RequestParams memory params = _publicParams();
        params.inputWords[0] = 0;
        vm.expectPartialRevert(IModelRegistry.RegistryInputOutOfDomain.selector);
        consumer.request(params);
        params = _publicParams();
        params.inputWords = new uint256[](1);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorWrongInputWords.selector, 1, 2));
        consumer.request(params);
    }

    function test_RevertWhen_anOutsiderWritesTheCopy() public {
        vm.startPrank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotRegistry.selector, outsider));
        coordinator.onModelFeeChanged(publicModel, 0);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotRegistry.selector, outsider));
        coordinator.onVersionPublished(publicModel, 9);
        vm.stopPrank();
    }

    /* ------------------------------------------------------------------ */
    /*                               BATCHES                              */
    /* ------------------------------------------------------------------ */

    /// One bad proof, a tampered output, a proof bound to another request (the wrong binding), a duplicate and a
    /// request already served: only the bad items are refused, the honest ones settle, and the ledger is credited
    /// once for all of them.
    function test_batch_settlesTheHonestItemsOnly() public {
        Request[] memory requests = new Request[](6);
        for (uint256 i; i < 6; ++i) {
            requests[i] = _requestCommitted();
        }
        _fulfill(requests[5], committedFixture);
        uint256 earningsBefore = coordinator.operatorEarnings(OPERATOR);

        Fulfillment[] memory batch = new Fulfillment[](7);
        batch[0] = _item(requests[0], committedFixture.outputs, committedFixture.proofs[0]);
        // a proof point changed
        bytes memory bad = bytes.concat(committedFixture.proofs[1]);
        bad[40] ^= 0x01;
        batch[1] = _item(requests[1], committedFixture.outputs, bad);
        // an output changed
        uint256[] memory tampered = new uint256[](committedFixture.outputs.length);
        for (uint256 i; i < tampered.length; ++i) {
            tampered[i] = committedFixture.outputs[i];
        }
        tampered[0] += 1;
        batch[2] = _item(requests[2], tampered, committedFixture.proofs[2]);
        // the proof of request 5 for request 4: bound to another request id
        batch[3] = _item(requests[3], committedFixture.outputs, committedFixture.proofs[4]);
        batch[4] = _item(requests[4], committedFixture.outputs, committedFixture.proofs[4]);
        // request 1 again
        batch[5] = batch[0];
        // already served
        batch[6] = _item(requests[5], committedFixture.outputs, committedFixture.proofs[5]);

        vm.recordLogs();
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);

        uint8[6] memory expected = [
            uint8(RequestStatus.Fulfilled),
            uint8(RequestStatus.Pending),
            uint8(RequestStatus.Pending),
            uint8(RequestStatus.Pending),
            uint8(RequestStatus.Fulfilled),
            uint8(RequestStatus.Fulfilled)
        ];
        for (uint256 i; i < 6; ++i) {
            assertEq(uint8(coordinator.decisionOf(i + 1).status), expected[i]);
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(_count(logs, IInferenceCoordinator.DecisionRecorded.selector), 2, "two settled");
        assertEq(_count(logs, IInferenceCoordinator.FulfillmentRejected.selector), 3, "three refused");
        assertEq(_count(logs, IInferenceCoordinator.FulfillmentSkipped.selector), 2, "the duplicate, the served one");
        assertEq(_count(logs, IInferenceCoordinator.FeesCredited.selector), 1, "credited once");
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IInferenceCoordinator.FulfillmentRejected.selector) {
                uint256 id = uint256(logs[i].topics[1]);
                assertEq(
                    abi.decode(logs[i].data, (bytes)),
                    abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, id),
                    "a decodable reason"
                );
            }
        }
        assertEq(coordinator.operatorEarnings(OPERATOR) - earningsBefore, 2 * FEE * 4000 / 10_000);
        // the refused ones can still be served honestly
        _fulfill(requests[1], committedFixture);
        assertEq(uint8(coordinator.decisionOf(2).status), uint8(RequestStatus.Fulfilled));
    }

    /// A batch reads a version's standing once, yet checks every item's shape against it, and judges an item of
    /// another version (here another model's, flagged) on that version's standing wherever it sits in the batch.
    function test_batch_checksEveryItemsShapeAndEachVersionsStanding() public {
        Request memory first = _requestCommitted();
        Request memory flagged = _requestPublic();
        _fulfillSeed(7);
        Request memory short = _requestCommitted();
        Request memory outside = _requestCommitted();
        Request memory last = _requestCommitted();
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias");

        uint256 n = committedFixture.outputs.length;
        uint256[] memory shortOutputs = new uint256[](n - 1);
        uint256[] memory outsideOutputs = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (i < n - 1) shortOutputs[i] = committedFixture.outputs[i];
            outsideOutputs[i] = committedFixture.outputs[i];
        }
        outsideOutputs[1] = ProtocolConstants.SNARK_SCALAR_FIELD;
        Fulfillment[] memory batch = new Fulfillment[](5);
        batch[0] = _item(first, committedFixture.outputs, committedFixture.proofs[first.requestId - 1]);
        batch[1] = _item(flagged, publicFixture.outputs, publicFixture.proofs[flagged.requestId - 1]);
        batch[2] = _item(short, shortOutputs, committedFixture.proofs[short.requestId - 1]);
        batch[3] = _item(outside, outsideOutputs, committedFixture.proofs[outside.requestId - 1]);
        batch[4] = _item(last, committedFixture.outputs, committedFixture.proofs[last.requestId - 1]);

        vm.recordLogs();
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);

        assertEq(uint8(coordinator.decisionOf(first.requestId).status), uint8(RequestStatus.Fulfilled));
        assertEq(uint8(coordinator.decisionOf(last.requestId).status), uint8(RequestStatus.Fulfilled));
        assertEq(uint8(coordinator.decisionOf(flagged.requestId).status), uint8(RequestStatus.Pending));
        assertEq(uint8(coordinator.decisionOf(short.requestId).status), uint8(RequestStatus.Pending));
        assertEq(uint8(coordinator.decisionOf(outside.requestId).status), uint8(RequestStatus.Pending));
        Vm.Log[] memory rejected = _logsOf(IInferenceCoordinator.FulfillmentRejected.selector);
        assertEq(rejected.length, 3, "the flagged version's item and the two misshapen ones");
        assertEq(uint256(rejected[0].topics[1]), flagged.requestId);
        assertEq(
            bytes4(abi.decode(rejected[0].data, (bytes))),
            IModelRegistry.RegistryVersionFlagged.selector,
            "refused on its own version's standing"
        );
        assertEq(
            abi.decode(rejected[1].data, (bytes)),
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorWrongOutputWords.selector, n - 1, n)
        );
        assertEq(
            abi.decode(rejected[2].data, (bytes)),
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorSignalOutsideField.selector, 1, ProtocolConstants.SNARK_SCALAR_FIELD
            )
        );
    }

    /// A batch's fees are summed per version and split once: the parts are the split of the sum (no wei created or
    /// lost), which with a fee that does not divide evenly leaves less rounding dust than three per-request splits.
    function test_batch_creditsTheSplitOfTheSummedFees() public {
        uint96 fee = 1 ether + 3;
        vm.prank(modelOwner);
        registry.setModelFee(committedModel, fee);
        vm.prank(address(timelock));
        coordinator.setFeeShares(FeeShares(3333, 3333, 1111, 1111, 1112));
        Fulfillment[] memory batch = new Fulfillment[](3);
        for (uint256 i; i < 3; ++i) {
            Request memory request = _requestCommitted();
            assertEq(request.fee, fee);
            batch[i] = _item(request, committedFixture.outputs, committedFixture.proofs[request.requestId - 1]);
        }
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);
        uint256 sum = 3 * uint256(fee);
        uint256 operatorPart = sum * 3333 / 10_000;
        uint256 ownerPart = sum * 3333 / 10_000;
        uint256 dataPart = sum * 1111 / 10_000;
        uint256 stakersPart = sum * 1111 / 10_000;
        assertGt(operatorPart, 3 * (uint256(fee) * 3333 / 10_000), "the sum's split rounds in the operator's favour");
        assertEq(coordinator.operatorEarnings(OPERATOR), operatorPart);
        (uint256 owner, uint256 data) = coordinator.versionEarnings(committedModel, 1);
        assertEq(owner, ownerPart);
        assertEq(data, dataPart);
        (uint256 stakers, uint256 treasury) = coordinator.protocolEarnings();
        assertEq(stakers, stakersPart);
        assertEq(treasury, sum - operatorPart - ownerPart - dataPart - stakersPart);
        assertEq(operatorPart + owner + data + stakers + treasury, sum, "no wei created or lost");
    }

    function _item(Request memory request, uint256[] memory outputs, bytes memory proof)
        private
        pure
        returns (Fulfillment memory)
    {
        return Fulfillment(request, outputs, proof);
    }

    function _count(Vm.Log[] memory logs, bytes32 topic) private pure returns (uint256 n) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic) ++n;
        }
    }

    /// @dev The coordinator's slot holding the public model's version 1 word: the one a request reads whose value is
    /// the commitment with the mirror mark.
    /* ------------------------------------------------------------------ */
    /*                     THE REQUEST WORD'S MIGRATION                   */
    /* ------------------------------------------------------------------ */

    // The coordinator's ERC-7201 namespace and the slots of the fields the request word replaced (CoordinatorStorage).
    uint256 private constant NAMESPACE = 0x502167554fa9f01e661575a6ab00fcf1d631c46004463f5cb64706db86bb1400;
    bytes32 private constant SERVICE_PARAMS_SLOT = bytes32(NAMESPACE + 9);
    bytes32 private constant LEGACY_COUNT_SLOT = bytes32(NAMESPACE + 10);
    bytes32 private constant ROUND_SLOT = bytes32(NAMESPACE + 18);
    bytes32 private constant REQUEST_WORD_SLOT = bytes32(NAMESPACE + 25);

    /// A coordinator upgraded from the three-slot layout (counter, callback price and service parameters apart): its
    /// first request copies them into the word and continues the count, so no request id is issued twice.
    function test_requestWord_firstRequestAfterTheUpgradeContinuesTheLegacyCount() public {
        _requestCommitted();
        _checkLayout();
        _rewindToLegacyLayout(41, 3);

        Request memory request = _req(consumer.request(_pricedParams()));
        assertEq(request.requestId, 42, "the count continues from the legacy counter");
        assertEq(request.callbackFee, 200_000 * 3, "the legacy callback price applies");
        assertEq(request.deadline, block.timestamp + coordinator.serviceParams().requestTimeout);
        assertEq(coordinator.requestCount(), 42);
        assertEq(coordinator.callbackFeePerGas(), 3);
    }

    /// A parameter change before any request migrates too, and then applies on top of the copied word.
    function test_requestWord_aParameterChangeMigratesFirst() public {
        _requestCommitted();
        _rewindToLegacyLayout(41, 3);
        vm.prank(address(timelock));
        coordinator.setCallbackFeePerGas(5);
        assertEq(coordinator.requestCount(), 41, "the legacy count was copied");
        assertEq(coordinator.callbackFeePerGas(), 5, "then the new price applied");
        assertEq(consumer.request(_pricedParams()), 42);
    }

    /// The committed request with room in its maximum fee for a callback price.
    function _pricedParams() private view returns (RequestParams memory params) {
        params = _committedParams();
        params.maxFee = FEE + 1 ether;
    }

    /// The slots named above hold what the coordinator's views say: the layout the migration test rewinds is real.
    function _checkLayout() private view {
        uint256 params = uint256(vm.load(address(coordinator), SERVICE_PARAMS_SLOT));
        assertEq(params & type(uint32).max, coordinator.serviceParams().exclusiveWindow, "layout: service parameters");
        assertEq(
            (params >> 32) & type(uint32).max, coordinator.serviceParams().requestTimeout, "layout: service parameters"
        );
        (uint64 round,,) = coordinator.currentRound();
        assertEq(uint256(vm.load(address(coordinator), ROUND_SLOT)) & type(uint64).max, round, "layout: round");
        uint256 word = uint256(vm.load(address(coordinator), REQUEST_WORD_SLOT));
        assertEq(word & type(uint64).max, coordinator.requestCount(), "layout: request word");
    }

    /// Puts the counter and the callback price back where the previous layout kept them and clears the word.
    function _rewindToLegacyLayout(uint256 count, uint96 feePerGas) private {
        vm.store(address(coordinator), LEGACY_COUNT_SLOT, bytes32(count));
        uint256 roundSlot = uint256(vm.load(address(coordinator), ROUND_SLOT));
        uint256 priceMask = uint256(type(uint96).max) << 128;
        vm.store(address(coordinator), ROUND_SLOT, bytes32((roundSlot & ~priceMask) | (uint256(feePerGas) << 128)));
        vm.store(address(coordinator), REQUEST_WORD_SLOT, 0);
    }

    function _versionWordSlot(uint256 commitment) private returns (bytes32) {
        vm.record();
        consumer.request(_publicParams());
        (bytes32[] memory reads,) = vm.accesses(address(coordinator));
        for (uint256 i; i < reads.length; ++i) {
            if (uint256(vm.load(address(coordinator), reads[i])) == commitment | (1 << 255)) return reads[i];
        }
        revert("no version word read");
    }

    function _depositForConsumer(uint256 amount) private {
        _fund(address(this), amount);
        token.approve(address(coordinator), amount);
        coordinator.depositFor(address(consumer), amount);
    }
}
