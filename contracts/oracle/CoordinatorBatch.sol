// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {DecisionHashes} from "../libraries/DecisionHashes.sol";
import {PackedBatchCodec} from "../libraries/PackedBatchCodec.sol";
import {ProofBinding} from "../libraries/ProofBinding.sol";
import {ProofVerification} from "../libraries/ProofVerification.sol";
import {Fulfillment, Request, RequestStatus} from "../types/InferenceTypes.sol";
import {ProofSystem} from "../types/ModelTypes.sol";
import {CoordinatorCommitment} from "./CoordinatorCommitment.sol";
import {CoordinatorCredits} from "./CoordinatorCredits.sol";
import {CoordinatorFulfillment} from "./CoordinatorFulfillment.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorBatch
/// @notice The coordinator's `fulfillBatch`: every item checked in line (a refused item is skipped, not reverted),
/// the proofs of each Groth16 circuit checked with one batch verification, and the fee ledger credited once per
/// (model, version) and once for the operator.
/// @dev An external library the coordinator delegates to (on its own storage, emitting from its address), which keeps
/// the batch code outside the coordinator's EIP-170 budget; the delegate call is paid once per batch.
library CoordinatorBatch {
    /// @dev Batch item stages: its checks but the proof passed, then its proof too.
    uint8 private constant CHECKED = 1;
    uint8 private constant VERIFIED = 2;

    /// @dev Byte offsets the raw reads of checked items follow: in a Fulfillment's head (the request's offset comes
    /// first), and in a Request's head (fifteen static words, then the offset of `inputWords`).
    uint256 private constant FULFILLMENT_OUTPUTS = 0x20;
    uint256 private constant FULFILLMENT_PROOF = 0x40;
    uint256 private constant REQUEST_MODEL_ID = 0x40;
    uint256 private constant REQUEST_VERSION = 0x60;
    uint256 private constant REQUEST_CIRCUIT_ID = 0x80;
    uint256 private constant REQUEST_INPUT_WORDS = 0x1e0;

    /// @notice Settles the fulfillments of a batch submitted by the coordinator's caller, the operator; see
    /// `IInferenceCoordinator.fulfillBatch`.
    function fulfillBatch(Fulfillment[] calldata fulfillments) external {
        address operator = msg.sender;
        uint256 count = fulfillments.length;
        if (count == 0) revert IInferenceCoordinator.CoordinatorEmptyBatch();
        bytes32[] memory hashes = new bytes32[](count);
        // per item: CHECKED once the checks but the proof passed, VERIFIED once the proof did too
        uint8[] memory stage = new uint8[](count);
        _checkAll(fulfillments, hashes, stage, operator);
        _verifyGroups(fulfillments, stage, operator);

        _settleAll(fulfillments, hashes, stage, operator);
    }

    /// @notice Settles a batch in the packed encoding (PackedBatchCodec) submitted by the coordinator's caller, the
    /// operator; see `IInferenceCoordinator.fulfillBatchPacked`.
    /// @dev Decoded into the call data of `fulfillBatch` and run by this library again, delegated to from here: the
    /// coordinator's storage, sender and event address, and this library's account is already warm.
    function fulfillBatchPacked(bytes calldata packed) external {
        bytes memory callData = PackedBatchCodec.decode(packed, CoordinatorBatch.fulfillBatch.selector);
        address settler = address(CoordinatorBatch);
        assembly ("memory-safe") {
            if iszero(delegatecall(gas(), settler, add(callData, 0x20), mload(callData), 0, 0)) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
    }

    /// @dev Settles every verified item (a request seen twice settles once, the other is skipped), then credits the
    /// fees once per (model, version) and once for the operator.
    function _settleAll(
        Fulfillment[] calldata fulfillments,
        bytes32[] memory hashes,
        uint8[] memory stage,
        address operator
    ) private {
        CoordinatorCredits.Credit[] memory credits = new CoordinatorCredits.Credit[](fulfillments.length);
        uint256 groups;
        for (uint256 i; i < fulfillments.length; ++i) {
            if (stage[i] != VERIFIED) continue;
            Fulfillment calldata item = _checkedItem(fulfillments, i);
            if (_settleOne(item, hashes[i], operator)) {
                groups = CoordinatorCredits.add(credits, groups, _requestOf(item));
            }
        }
        if (groups != 0) CoordinatorCredits.credit(credits, groups, operator);
    }

    /// @dev Settles a verified item unless its request is no longer pending (the same request earlier in the batch:
    /// the first settles it); returns whether it settled.
    function _settleOne(Fulfillment calldata item, bytes32 requestHash, address operator) private returns (bool) {
        (Request calldata request, uint256[] calldata outputs, bytes calldata proof) = _partsOf(item);
        RequestStatus status = CoordinatorCommitment.statusOfRequest(request.requestId);
        if (status != RequestStatus.Pending) {
            emit IInferenceCoordinator.FulfillmentSkipped(request.requestId, status);
            return false;
        }
        CoordinatorFulfillment.settle(request, requestHash, outputs, DecisionHashes.ofProof(proof), operator);
        return true;
    }

    /// @dev The checks of every item, the proof aside: each one's request hash into `hashes`, CHECKED into `stage`
    /// for those that passed; the others are logged as skipped or rejected.
    function _checkAll(
        Fulfillment[] calldata fulfillments,
        bytes32[] memory hashes,
        uint8[] memory stage,
        address operator
    ) private {
        uint256 count = fulfillments.length;
        KnownStanding memory known;
        for (uint256 i; i < count; ++i) {
            Fulfillment calldata item = fulfillments[i];
            Request calldata request = item.request;
            bytes32 requestHash = DecisionHashes.ofRequest(request);
            hashes[i] = requestHash;
            (bool skip, bytes memory refusal) = _check(item, request, requestHash, operator, known);
            if (refusal.length == 0) {
                stage[i] = CHECKED;
            } else if (skip) {
                // Another operator may have won the race, or the deadline passed while the batch was in flight.
                emit IInferenceCoordinator.FulfillmentSkipped(
                    request.requestId, CoordinatorCommitment.statusOfRequest(request.requestId)
                );
            } else {
                emit IInferenceCoordinator.FulfillmentRejected(request.requestId, refusal);
            }
        }
    }

    /// @dev The standing of the (model, version, circuit) an item of the batch last passed with, and its circuit's
    /// shape: the items after it of the same version skip the standing's storage reads. Whole words, in this order:
    /// `_isKnown` reads them by offset.
    struct KnownStanding {
        bool known;
        uint256 modelId;
        uint256 version;
        uint256 circuitId;
        uint256 outputWords;
        uint256 proofLength;
    }

    /// @dev `CoordinatorFulfillment.check` for a batch item (`request`: its request, already reached), with the
    /// version's and circuit's standing read only when the item's (model, version, circuit) is not the one `known`
    /// holds, then recorded there. The answer cannot change between items: nothing in the checks loop writes state (the
    /// callbacks run after every check).
    function _check(
        Fulfillment calldata item,
        Request calldata request,
        bytes32 requestHash,
        address operator,
        KnownStanding memory known
    ) private view returns (bool skip, bytes memory reason) {
        (skip, reason) = CoordinatorFulfillment.requestRefusal(request, requestHash, operator);
        if (reason.length != 0) return (skip, reason);
        if (!_isKnown(request, known)) {
            uint256 outputWords;
            uint256 proofLength;
            (outputWords, proofLength, reason) = CoordinatorFulfillment.standing(request);
            if (reason.length != 0) return (false, reason);
            known.known = true;
            known.modelId = request.modelId;
            known.version = request.version;
            known.circuitId = request.circuitId;
            known.outputWords = outputWords;
            known.proofLength = proofLength;
        }
        reason = CoordinatorFulfillment.shapeRefusal(known.outputWords, known.proofLength, item.outputs, item.proof);
    }

    /// @dev Whether `request` is of the (model, version, circuit) `known` holds. Its words are read raw: the request
    /// matched its stored hash, taken over the raw calldata, so they are the canonical encoding.
    function _isKnown(Request calldata request, KnownStanding memory known) private pure returns (bool same) {
        assembly ("memory-safe") {
            same := and(
                mload(known),
                and(
                    eq(calldataload(add(request, REQUEST_MODEL_ID)), mload(add(known, 0x20))),
                    and(
                        eq(calldataload(add(request, REQUEST_VERSION)), mload(add(known, 0x40))),
                        eq(calldataload(add(request, REQUEST_CIRCUIT_ID)), mload(add(known, 0x60)))
                    )
                )
            )
        }
    }

    /// @dev Verifies the proofs of the checked items, circuit by circuit. Items whose proof fails are rejected.
    function _verifyGroups(Fulfillment[] calldata fulfillments, uint8[] memory stage, address operator) private {
        uint256[] memory members = new uint256[](fulfillments.length);
        for (uint256 i; i < fulfillments.length; ++i) {
            if (stage[i] == CHECKED) _verifyCircuit(fulfillments, stage, members, i, operator);
        }
    }

    /// @dev Verifies the checked items of the circuit of item `first` (and after it): with two or more Groth16 items,
    /// in one batch verification, falling back to one check per item if the batch fails (so that a bad proof costs
    /// only its own item); otherwise one check per item.
    function _verifyCircuit(
        Fulfillment[] calldata fulfillments,
        uint8[] memory stage,
        uint256[] memory members,
        uint256 first,
        address operator
    ) private {
        uint256 circuitId = _circuitOf(_checkedItem(fulfillments, first));
        uint256 size;
        for (uint256 j = first; j < fulfillments.length; ++j) {
            if (stage[j] == CHECKED && _circuitOf(_checkedItem(fulfillments, j)) == circuitId) members[size++] = j;
        }
        CoordinatorStorage.CircuitTerms storage terms = CoordinatorSlot.state().circuitTerms[uint32(circuitId)];
        bool together = size > 1 && terms.proofSystem == ProofSystem.Groth16
            && _verifyGroup(terms.verifier, fulfillments, members, size, operator);
        if (together) {
            for (uint256 k; k < size; ++k) {
                stage[members[k]] = VERIFIED;
            }
            return;
        }
        for (uint256 k; k < size; ++k) {
            Fulfillment calldata item = fulfillments[members[k]];
            if (CoordinatorFulfillment.verifyOne(item.request, item.outputs, item.proof, operator)) {
                stage[members[k]] = VERIFIED;
            } else {
                stage[members[k]] = 0;
                emit IInferenceCoordinator.FulfillmentRejected(
                    item.request.requestId,
                    abi.encodeWithSelector(
                        IInferenceCoordinator.CoordinatorInvalidProof.selector, item.request.requestId
                    )
                );
            }
        }
    }

    /// @notice Whether `verifier` accepts the proofs of the `size` items `fulfillments[members[0..size)]` (all of one
    /// Groth16 circuit, submitted by `operator`) in one batch verification (`verifyProofs`).
    function _verifyGroup(
        address verifier,
        Fulfillment[] calldata fulfillments,
        uint256[] memory members,
        uint256 size,
        address operator
    ) private view returns (bool) {
        Fulfillment calldata first = _checkedItem(fulfillments, members[0]);
        // outputs, input words, weights commitment, binding: the same count for every item of the circuit
        uint256 signalCount = first.outputs.length + first.request.inputWords.length + 2;
        bytes memory call = ProofVerification.groth16BatchCall(size, signalCount);
        for (uint256 k; k < size; ++k) {
            _place(
                _checkedItem(fulfillments, members[k]),
                ProofVerification.groth16ProofAt(call, k),
                ProofVerification.groth16SignalsAt(call, size, signalCount, k),
                operator
            );
        }
        return ProofVerification.callBatch(verifier, ProofSystem.Groth16, call, size);
    }

    /// @dev Item `i` of the batch, its offset followed raw. Only for an item that passed the checks, which reached it
    /// (and its request, outputs and proof) through Solidity's validated calldata accessors.
    function _checkedItem(Fulfillment[] calldata fulfillments, uint256 i)
        private
        pure
        returns (Fulfillment calldata item)
    {
        assembly ("memory-safe") {
            item := add(fulfillments.offset, calldataload(add(fulfillments.offset, shl(5, i))))
        }
    }

    /// @dev A checked item's request, outputs and proof, their offsets followed raw (see `_checkedItem`).
    function _partsOf(Fulfillment calldata item)
        private
        pure
        returns (Request calldata request, uint256[] calldata outputs, bytes calldata proof)
    {
        request = _requestOf(item);
        assembly ("memory-safe") {
            let at := add(item, calldataload(add(item, FULFILLMENT_OUTPUTS)))
            outputs.length := calldataload(at)
            outputs.offset := add(at, 0x20)
            at := add(item, calldataload(add(item, FULFILLMENT_PROOF)))
            proof.length := calldataload(at)
            proof.offset := add(at, 0x20)
        }
    }

    /// @dev A checked item's request, its offset followed raw (see `_checkedItem`).
    function _requestOf(Fulfillment calldata item) private pure returns (Request calldata request) {
        assembly ("memory-safe") {
            request := add(item, calldataload(item))
        }
    }

    /// @dev The circuit id of a checked item's request, read raw: the request matched its stored hash, taken over the
    /// raw calldata, so the word is its canonical encoding.
    function _circuitOf(Fulfillment calldata item) private pure returns (uint256 circuitId) {
        Request calldata request = _requestOf(item);
        assembly ("memory-safe") {
            circuitId := calldataload(add(request, REQUEST_CIRCUIT_ID))
        }
    }

    /// @dev Writes an item's 8 proof words at `proofAt` and its signals (outputs, input words, weights commitment,
    /// binding) from `signalsAt`, both inside the verifier call. The item passed the checks: its proof is 8 words and
    /// its outputs and input words are the circuit's counts, so each write stays inside its place; and the checks read
    /// its input words through Solidity's validated accessor (hashing the request), so their offset is followed raw.
    function _place(Fulfillment calldata item, uint256 proofAt, uint256 signalsAt, address operator) private view {
        (Request calldata request, uint256[] calldata outputs, bytes calldata proof) = _partsOf(item);
        uint256 weightsCommitment = request.weightsCommitment;
        uint256 binding = ProofBinding.binding(block.chainid, address(this), request.requestId, operator);
        assembly ("memory-safe") {
            calldatacopy(proofAt, proof.offset, 0x100)
            let outputBytes := shl(5, outputs.length)
            calldatacopy(signalsAt, outputs.offset, outputBytes)
            let at := add(signalsAt, outputBytes)
            let inputWords := add(request, calldataload(add(request, REQUEST_INPUT_WORDS)))
            let inputBytes := shl(5, calldataload(inputWords))
            calldatacopy(at, add(inputWords, 0x20), inputBytes)
            at := add(at, inputBytes)
            mstore(at, weightsCommitment)
            mstore(add(at, 0x20), binding)
        }
    }
}
