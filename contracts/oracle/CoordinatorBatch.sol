// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {DecisionHashes} from "../libraries/DecisionHashes.sol";
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
            (Request calldata request, uint256[] calldata outputs, bytes32 proofHash) =
                _partsOf(_checkedItem(fulfillments, i));
            // The same request twice in one batch: the first settles it.
            RequestStatus status = CoordinatorCommitment.statusOfRequest(request.requestId);
            if (status != RequestStatus.Pending) {
                emit IInferenceCoordinator.FulfillmentSkipped(request.requestId, status);
                continue;
            }
            CoordinatorFulfillment.settle(request, hashes[i], outputs, proofHash, operator);
            groups = CoordinatorCredits.add(credits, groups, request);
        }
        if (groups != 0) CoordinatorCredits.credit(credits, groups, operator);
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
            hashes[i] = DecisionHashes.ofRequest(item.request);
            (bool skip, bytes memory refusal) = _check(item, hashes[i], operator, known);
            if (refusal.length == 0) {
                stage[i] = CHECKED;
            } else if (skip) {
                // Another operator may have won the race, or the deadline passed while the batch was in flight.
                emit IInferenceCoordinator.FulfillmentSkipped(
                    item.request.requestId, CoordinatorCommitment.statusOfRequest(item.request.requestId)
                );
            } else {
                emit IInferenceCoordinator.FulfillmentRejected(item.request.requestId, refusal);
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

    /// @dev `CoordinatorFulfillment.check` for a batch item, with the version's and circuit's standing read only when
    /// the item's (model, version, circuit) is not the one `known` holds, then recorded there. The answer cannot
    /// change between items: nothing in the checks loop writes state (the callbacks run after every check).
    function _check(Fulfillment calldata item, bytes32 requestHash, address operator, KnownStanding memory known)
        private
        view
        returns (bool skip, bytes memory reason)
    {
        Request calldata request = item.request;
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
                    eq(calldataload(add(request, 0x40)), mload(add(known, 0x20))),
                    and(
                        eq(calldataload(add(request, 0x60)), mload(add(known, 0x40))),
                        eq(calldataload(add(request, 0x80)), mload(add(known, 0x60)))
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

    /// @dev A checked item's request and outputs, their offsets followed raw (see `_checkedItem`), and its proof's
    /// hash.
    function _partsOf(Fulfillment calldata item)
        private
        pure
        returns (Request calldata request, uint256[] calldata outputs, bytes32 proofHash)
    {
        bytes calldata proof;
        assembly ("memory-safe") {
            request := add(item, calldataload(item))
            let at := add(item, calldataload(add(item, 0x20)))
            outputs.length := calldataload(at)
            outputs.offset := add(at, 0x20)
            at := add(item, calldataload(add(item, 0x40)))
            proof.length := calldataload(at)
            proof.offset := add(at, 0x20)
        }
        proofHash = DecisionHashes.ofProof(proof);
    }

    /// @dev The circuit id of a checked item's request, read raw: the request matched its stored hash, taken over the
    /// raw calldata, so the word is its canonical encoding.
    function _circuitOf(Fulfillment calldata item) private pure returns (uint256 circuitId) {
        assembly ("memory-safe") {
            circuitId := calldataload(add(add(item, calldataload(item)), 0x80))
        }
    }

    /// @dev Writes an item's 8 proof words at `proofAt` and its signals (outputs, input words, weights commitment,
    /// binding) from `signalsAt`, both inside the verifier call. The item passed the checks: its proof is 8 words and
    /// its outputs and input words are the circuit's counts, so each write stays inside its place. The checks also read
    /// the item's request, outputs, proof and input words through Solidity's validated calldata accessors, so their
    /// offsets are sound and are followed raw here (one accessor per field per item would cost ~900 gas more).
    function _place(Fulfillment calldata item, uint256 proofAt, uint256 signalsAt, address operator) private view {
        uint256 requestId;
        uint256 bindingAt;
        assembly ("memory-safe") {
            // the Fulfillment's head: offsets of request, outputs and proof from its start
            let request := add(item, calldataload(item))
            let outputs := add(item, calldataload(add(item, 0x20)))
            let proof := add(item, calldataload(add(item, 0x40)))
            // the Request's head: fifteen static words (requestId first, weightsCommitment last), then the offset
            // of inputWords from its start
            let inputWords := add(request, calldataload(add(request, 0x1e0)))
            calldatacopy(proofAt, add(proof, 0x20), 0x100)
            let outputBytes := shl(5, calldataload(outputs))
            calldatacopy(signalsAt, add(outputs, 0x20), outputBytes)
            let at := add(signalsAt, outputBytes)
            let inputBytes := shl(5, calldataload(inputWords))
            calldatacopy(at, add(inputWords, 0x20), inputBytes)
            at := add(at, inputBytes)
            mstore(at, calldataload(add(request, 0x1c0)))
            requestId := calldataload(request)
            bindingAt := add(at, 0x20)
        }
        uint256 binding = ProofBinding.binding(block.chainid, address(this), requestId, operator);
        assembly ("memory-safe") {
            mstore(bindingAt, binding)
        }
    }
}
