// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {PackedBatchCodec} from "../../../../contracts/libraries/PackedBatchCodec.sol";
import {Fulfillment, Request, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";
import {PackedBatchEncoder} from "../../utils/PackedBatchEncoder.sol";

/// @notice Exposes the decoder, whose errors surface as reverts of this call.
contract PackedBatchDecoder {
    function decode(bytes calldata packed, bytes4 selector) external pure returns (bytes memory) {
        return PackedBatchCodec.decode(packed, selector);
    }
}

/// @notice `fulfillBatchPacked`: the packed encoding decodes to exactly the ABI call data of `fulfillBatch`, settles
/// exactly as that call does (the same decisions, events and ledger), and a malformed encoding is refused whole.
contract InferenceCoordinatorPackedBatchTest is CoordinatorTestBase {
    PackedBatchDecoder private decoder;

    function setUp() public override {
        super.setUp();
        decoder = new PackedBatchDecoder();
    }

    /* ------------------------------------------------------------------ */
    /*                               DECODING                             */
    /* ------------------------------------------------------------------ */

    /// Two templates (a committed and a public version: other input counts, modes and owners), interleaved, one of
    /// them repeated: the decoded bytes are the canonical ABI encoding, byte for byte.
    function test_decode_isTheAbiEncodingOfTheBatch() public {
        Fulfillment[] memory batch = _mixedBatch();
        bytes memory packed = PackedBatchEncoder.encode(batch);
        assertEq(
            decoder.decode(packed, IInferenceCoordinator.fulfillBatch.selector),
            abi.encodeCall(IInferenceCoordinator.fulfillBatch, (batch))
        );
        assertEq(uint8(packed[1]), 2, "one template per version");
        assertLt(packed.length * 2, abi.encode(batch).length, "less than half the ABI bytes");
    }

    /// Any proof length and output count a template states, a proof that does not fill its last word included.
    function testFuzz_decode_anyShape(uint8 outputCount, uint16 proofBytes, uint64 requestId, bytes32 salt)
        public
        view
    {
        requestId = uint64(bound(requestId, 1, type(uint64).max - 1));
        Fulfillment[] memory batch = new Fulfillment[](2);
        for (uint256 k; k < 2; ++k) {
            Request memory r;
            r.requestId = uint256(requestId) + k;
            r.requester = address(uint160(uint256(salt)));
            r.modelId = uint256(salt) >> 3;
            r.version = uint32(uint256(salt) >> 40);
            r.inputMode = InputMode(uint256(salt) % 2);
            r.fee = uint96(uint256(salt) >> 100);
            r.deadline = uint64(uint256(salt) >> 7);
            r.weightsCommitment = uint256(keccak256(abi.encode(salt)));
            r.inputWords = new uint256[](k + 1);
            r.inputWords[k] = uint256(salt);
            uint256[] memory outputs = new uint256[](outputCount);
            if (outputCount != 0) outputs[outputCount - 1] = k + 1;
            bytes memory proof = new bytes(proofBytes % 1025);
            if (proof.length != 0) proof[proof.length - 1] = 0xab;
            batch[k] = Fulfillment(r, outputs, proof);
        }
        assertEq(
            decoder.decode(PackedBatchEncoder.encode(batch), IInferenceCoordinator.fulfillBatch.selector),
            abi.encodeCall(IInferenceCoordinator.fulfillBatch, (batch))
        );
    }

    function test_RevertWhen_theFormatIsUnknown() public {
        bytes memory packed = PackedBatchEncoder.encode(_mixedBatch());
        packed[0] = 0x02;
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, 0));
        decoder.decode(packed, IInferenceCoordinator.fulfillBatch.selector);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, 0));
        decoder.decode(hex"01", IInferenceCoordinator.fulfillBatch.selector);
    }

    function test_RevertWhen_anItemNamesATemplateOutOfRange() public {
        Fulfillment[] memory batch = _mixedBatch();
        bytes memory packed = PackedBatchEncoder.encode(batch);
        uint256 firstItem = 2 + 2 * 167 + 2;
        packed[firstItem] = 0x02;
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, firstItem)
        );
        decoder.decode(packed, IInferenceCoordinator.fulfillBatch.selector);
    }

    /// An index past the templates reads no shape from the items' bytes: here they would claim 65,535 words of outputs
    /// and as many input words, and the batch is still refused at the item, with nothing written for it.
    function test_RevertWhen_anOutOfRangeTemplateWouldClaimHugeShapes() public {
        bytes memory packed = PackedBatchEncoder.encode(_mixedBatch());
        uint256 firstItem = 2 + 2 * 167 + 2;
        packed[firstItem] = 0x02;
        // where template 2's shape would be read from: inside the first item's outputs
        for (uint256 i = 2 + 2 * 167 + 161; i < 2 + 2 * 167 + 167; ++i) {
            packed[i] = 0xff;
        }
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, firstItem)
        );
        decoder.decode{gas: 5_000_000}(packed, IInferenceCoordinator.fulfillBatch.selector);
    }

    /// A batch cut anywhere is refused, never decoded into a shorter one; so are bytes after the last item.
    function testFuzz_RevertWhen_theBatchIsCutShortOrRunsOn(uint256 cut) public {
        bytes memory packed = PackedBatchEncoder.encode(_mixedBatch());
        cut = bound(cut, 0, packed.length - 1);
        bytes memory shorter = new bytes(cut);
        for (uint256 i; i < cut; ++i) {
            shorter[i] = packed[i];
        }
        vm.expectPartialRevert(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector);
        decoder.decode(shorter, IInferenceCoordinator.fulfillBatch.selector);

        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, packed.length)
        );
        decoder.decode(bytes.concat(packed, hex"00"), IInferenceCoordinator.fulfillBatch.selector);
    }

    /* ------------------------------------------------------------------ */
    /*                              SETTLEMENT                            */
    /* ------------------------------------------------------------------ */

    /// Valid items of two versions, a bad proof, a duplicate and a request already served: from the same state, the
    /// packed batch and the ABI batch record the same decisions, emit the same events and credit the same ledger.
    function test_fulfillBatchPacked_settlesExactlyAsFulfillBatch() public {
        Fulfillment[] memory batch = _mixedBatch();
        Request memory served = _requestCommitted();
        _fulfill(served, committedFixture);
        Fulfillment[] memory withServed = new Fulfillment[](batch.length + 1);
        for (uint256 i; i < batch.length; ++i) {
            withServed[i] = batch[i];
        }
        withServed[batch.length] =
            Fulfillment(served, committedFixture.outputs, committedFixture.proofs[served.requestId - 1]);

        uint256 snapshot = vm.snapshotState();
        (Vm.Log[] memory abiLogs, uint256 abiEarnings) =
            _settle(abi.encodeCall(IInferenceCoordinator.fulfillBatch, (withServed)));
        uint8[] memory abiStatus = _statuses(withServed);
        vm.revertToState(snapshot);
        (Vm.Log[] memory packedLogs, uint256 packedEarnings) =
            _settle(abi.encodeCall(IInferenceCoordinator.fulfillBatchPacked, (PackedBatchEncoder.encode(withServed))));

        assertEq(packedEarnings, abiEarnings, "the same credit");
        assertGt(packedEarnings, 0);
        uint8[] memory packedStatus = _statuses(withServed);
        for (uint256 i; i < withServed.length; ++i) {
            assertEq(packedStatus[i], abiStatus[i], "the same decision");
        }
        assertEq(packedLogs.length, abiLogs.length, "the same events");
        for (uint256 i; i < abiLogs.length; ++i) {
            assertEq(packedLogs[i].emitter, abiLogs[i].emitter);
            assertEq(packedLogs[i].topics, abiLogs[i].topics);
            assertEq(packedLogs[i].data, abiLogs[i].data);
        }
        assertEq(abiStatus[0], uint8(RequestStatus.Fulfilled));
        assertEq(abiStatus[1], uint8(RequestStatus.Fulfilled), "the public version's item");
        assertEq(abiStatus[2], uint8(RequestStatus.Pending), "the bad proof's");
    }

    /// A malformed batch settles nothing: it reverts whole, before any item is looked at.
    function test_RevertWhen_fulfillBatchPackedIsMalformed() public {
        Fulfillment[] memory batch = _mixedBatch();
        bytes memory packed = PackedBatchEncoder.encode(batch);
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorPackedBatchMalformed.selector, packed.length)
        );
        coordinator.fulfillBatchPacked(bytes.concat(packed, hex"00"));
        assertEq(uint8(coordinator.decisionOf(batch[0].request.requestId).status), uint8(RequestStatus.Pending));
    }

    function test_RevertWhen_fulfillBatchPackedIsEmpty() public {
        vm.prank(OPERATOR);
        vm.expectRevert(IInferenceCoordinator.CoordinatorEmptyBatch.selector);
        coordinator.fulfillBatchPacked(hex"01000000");
    }

    /// An outsider's packed batch is refused item by item as its ABI form would be: it serves no request it may not.
    function test_fulfillBatchPacked_refusesAnOutsidersItems() public {
        Fulfillment[] memory batch = _mixedBatch();
        vm.recordLogs();
        vm.prank(makeAddr("outsider"));
        coordinator.fulfillBatchPacked(PackedBatchEncoder.encode(batch));
        assertEq(_logsOf(IInferenceCoordinator.DecisionRecorded.selector).length, 0, "nothing settled");
        for (uint256 i; i < batch.length; ++i) {
            assertEq(uint8(coordinator.decisionOf(batch[i].request.requestId).status), uint8(RequestStatus.Pending));
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    /// A committed item, a public one (after the round's seed), a bad proof, then the first item again.
    function _mixedBatch() private returns (Fulfillment[] memory batch) {
        Request memory first = _requestCommitted();
        Request memory open = _requestPublic();
        Request memory third = _requestCommitted();
        _fulfillSeed(7);
        bytes memory bad = bytes.concat(committedFixture.proofs[third.requestId - 1]);
        bad[40] ^= 0x01;
        batch = new Fulfillment[](4);
        batch[0] = Fulfillment(first, committedFixture.outputs, committedFixture.proofs[first.requestId - 1]);
        batch[1] = Fulfillment(open, publicFixture.outputs, publicFixture.proofs[open.requestId - 1]);
        batch[2] = Fulfillment(third, committedFixture.outputs, bad);
        batch[3] = batch[0];
    }

    function _settle(bytes memory data) private returns (Vm.Log[] memory logs, uint256 earnings) {
        vm.recordLogs();
        vm.prank(OPERATOR);
        (bool ok, bytes memory result) = address(coordinator).call(data);
        assertTrue(ok, string(result));
        logs = vm.getRecordedLogs();
        earnings = coordinator.operatorEarnings(OPERATOR);
    }

    function _statuses(Fulfillment[] memory batch) private view returns (uint8[] memory status) {
        status = new uint8[](batch.length);
        for (uint256 i; i < batch.length; ++i) {
            status[i] = uint8(coordinator.decisionOf(batch[i].request.requestId).status);
        }
    }
}
