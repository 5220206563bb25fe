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
        for (uint256 i; i < count; ++i) {
            Fulfillment calldata item = fulfillments[i];
            hashes[i] = DecisionHashes.ofRequest(item.request);
            (bool skip, bytes memory refusal) =
                CoordinatorFulfillment.check(item.request, hashes[i], item.outputs, item.proof, operator);
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
        _verifyGroups(fulfillments, stage, operator);

        CoordinatorCredits.Credit[] memory credits = new CoordinatorCredits.Credit[](count);
        uint256 groups;
        for (uint256 i; i < count; ++i) {
            if (stage[i] != VERIFIED) continue;
            Fulfillment calldata item = fulfillments[i];
            Request calldata request = item.request;
            // The same request twice in one batch: the first settles it.
            RequestStatus status = CoordinatorCommitment.statusOfRequest(request.requestId);
            if (status != RequestStatus.Pending) {
                emit IInferenceCoordinator.FulfillmentSkipped(request.requestId, status);
                continue;
            }
            CoordinatorFulfillment.settle(
                request, hashes[i], item.outputs, DecisionHashes.ofProof(item.proof), operator
            );
            groups = CoordinatorCredits.add(credits, groups, request);
        }
        if (groups != 0) CoordinatorCredits.credit(credits, groups, operator);
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
        uint32 circuitId = fulfillments[first].request.circuitId;
        uint256 size;
        for (uint256 j = first; j < fulfillments.length; ++j) {
            if (stage[j] == CHECKED && fulfillments[j].request.circuitId == circuitId) members[size++] = j;
        }
        CoordinatorStorage.CircuitTerms memory terms = CoordinatorSlot.state().circuitTerms[circuitId];
        bool together = size > 1 && terms.proofSystem == ProofSystem.Groth16
            && _verifyGroup(terms.verifier, fulfillments, members, size, operator);
        for (uint256 k; k < size; ++k) {
            Fulfillment calldata item = fulfillments[members[k]];
            if (together || CoordinatorFulfillment.verifyOne(item.request, item.outputs, item.proof, operator)) {
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
        Fulfillment calldata first = fulfillments[members[0]];
        // outputs, input words, weights commitment, binding: the same count for every item of the circuit
        uint256 signalCount = first.outputs.length + first.request.inputWords.length + 2;
        bytes memory call = ProofVerification.groth16BatchCall(size, signalCount);
        for (uint256 k; k < size; ++k) {
            _place(
                fulfillments[members[k]],
                ProofVerification.groth16ProofAt(call, k),
                ProofVerification.groth16SignalsAt(call, size, signalCount, k),
                operator
            );
        }
        return ProofVerification.callBatch(verifier, ProofSystem.Groth16, call, size);
    }

    /// @dev Writes an item's 8 proof words at `proofAt` and its signals (outputs, input words, weights commitment,
    /// binding) from `signalsAt`, both inside the verifier call. The item passed the checks: its proof is 8 words and
    /// its outputs and input words are the circuit's counts, so each write stays inside its place.
    function _place(Fulfillment calldata item, uint256 proofAt, uint256 signalsAt, address operator) private view {
        bytes calldata proof = item.proof;
        uint256[] calldata outputs = item.outputs;
        uint256[] calldata inputWords = item.request.inputWords;
        uint256 weightsCommitment = item.request.weightsCommitment;
        uint256 binding = ProofBinding.binding(block.chainid, address(this), item.request.requestId, operator);
        assembly ("memory-safe") {
            calldatacopy(proofAt, proof.offset, 0x100)
            let outputBytes := shl(5, outputs.length)
            calldatacopy(signalsAt, outputs.offset, outputBytes)
            let at := add(signalsAt, outputBytes)
            let inputBytes := shl(5, inputWords.length)
            calldatacopy(at, inputWords.offset, inputBytes)
            at := add(at, inputBytes)
            mstore(at, weightsCommitment)
            mstore(add(at, 0x20), binding)
        }
    }
}
