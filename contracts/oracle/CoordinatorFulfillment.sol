// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceConsumer} from "../interfaces/IInferenceConsumer.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IWeightsBaseVerifier} from "../interfaces/IWeightsBaseVerifier.sol";
import {DecisionHashes} from "../libraries/DecisionHashes.sol";
import {ExactGasCall} from "../libraries/ExactGasCall.sol";
import {ProofBinding} from "../libraries/ProofBinding.sol";
import {ProofVerification} from "../libraries/ProofVerification.sol";
import {ProtocolConstants} from "../libraries/ProtocolConstants.sol";
import {Request, RequestStatus} from "../types/InferenceTypes.sol";
import {InputMode} from "../types/ModelTypes.sol";
import {CircuitTermsWord} from "./CircuitTermsWord.sol";
import {CoordinatorCommitment} from "./CoordinatorCommitment.sol";
import {CoordinatorCredits} from "./CoordinatorCredits.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {CoordinatorTerms} from "./CoordinatorTerms.sol";
import {CoordinatorWeightsBase} from "./CoordinatorWeightsBase.sol";
import {RoundAssignment} from "./RoundAssignment.sol";

/// @title CoordinatorFulfillment
/// @notice The checks and the record of a fulfillment, shared by the coordinator's single `fulfill` and the batch
/// path (CoordinatorBatch). A check returns the refusal's revert data instead of reverting, so that a batch can refuse
/// one item and settle the others without a call frame per item.
library CoordinatorFulfillment {
    /// @notice Settles one fulfillment by `operator`, or reverts with the reason it is refused.
    function fulfillOne(Request calldata request, uint256[] calldata outputs, bytes calldata proof, address operator)
        internal
    {
        bytes32 requestHash = DecisionHashes.ofRequest(request);
        // The version's earnings slot, found once: the checks read its flag, the credit adds its shares (reading it
        // again then: the callback may run the registry, which may flag the version).
        CoordinatorStorage.VersionEarnings storage earnings =
            CoordinatorSlot.state().versionEarnings[request.modelId][request.version];
        // The request against its stored hash, still open, the deadline, the serving right; the version's and
        // circuit's standing; the counts. The outputs' field range only once the proof has failed: the verifier
        // refuses such a signal too, and the refusal then names it.
        uint256 terms;
        (, bytes memory refusal) = requestRefusal(request, requestHash, operator);
        if (refusal.length == 0) (terms, refusal) = standingOf(request, earnings);
        if (refusal.length == 0) {
            refusal = countRefusal(
                CircuitTermsWord.outputWords(terms),
                ProofVerification.proofLength(CircuitTermsWord.proofSystem(terms)),
                outputs,
                proof
            );
        }
        if (refusal.length == 0 && !verifyWith(terms, request, outputs, proof, operator)) {
            refusal = fieldRefusal(outputs);
            if (refusal.length == 0) {
                refusal =
                    abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId);
            }
        }
        if (refusal.length != 0) {
            assembly ("memory-safe") {
                revert(add(refusal, 0x20), mload(refusal))
            }
        }
        settle(request, requestHash, outputs, DecisionHashes.ofProof(proof), operator);
        CoordinatorCredits.creditOne(request, operator, earnings);
    }

    /// @dev Why `operator` may not fulfill `request`, the version's and circuit's standing (`standing`) and the shapes
    /// aside: empty if it matches the stored hash, is still open and `operator` may serve it; `skip` when the request
    /// is simply no longer open (settled, or past its deadline), which a batch skips rather than rejects.
    function requestRefusal(Request calldata request, bytes32 requestHash, address operator)
        internal
        view
        returns (bool skip, bytes memory reason)
    {
        uint256 requestId = request.requestId;
        bytes32 stored = CoordinatorSlot.state().commitments[requestId];
        RequestStatus status = CoordinatorCommitment.statusOf(stored);
        if (status != RequestStatus.Pending) {
            return (
                true,
                abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestNotPending.selector, requestId, status)
            );
        }
        if (!CoordinatorCommitment.matches(stored, requestHash)) {
            reason = abi.encodeWithSelector(IInferenceCoordinator.CoordinatorRequestMismatch.selector, requestId);
            return (false, reason);
        }
        if (block.timestamp > request.deadline) {
            return (
                true,
                abi.encodeWithSelector(
                    IInferenceCoordinator.CoordinatorRequestExpired.selector, requestId, request.deadline
                )
            );
        }
        // the common case first, without a call: the data owner's own node serving a committed request
        if (request.inputMode == InputMode.Committed && operator == request.servingNode) return (false, "");
        reason = servingRefusal(request, operator);
    }

    /// @dev The version's and circuit's standing (on the coordinator's copy of the registry's flags): the refusal if
    /// either is refused, else the circuit's shape (its output count and proof length). Only the registry's
    /// notifications change them, so within one transaction's checks (no call in them writes state) the answer for a
    /// (model, version, circuit) holds.
    function standing(Request calldata request)
        internal
        view
        returns (uint256 outputWords, uint256 proofLength, bytes memory reason)
    {
        CoordinatorStorage.VersionEarnings storage earnings =
            CoordinatorSlot.state().versionEarnings[request.modelId][request.version];
        uint256 terms;
        (terms, reason) = standingOf(request, earnings);
        outputWords = CircuitTermsWord.outputWords(terms);
        proofLength = ProofVerification.proofLength(CircuitTermsWord.proofSystem(terms));
    }

    /// @dev `standing` on the version's earnings slot (`earnings`, the caller's), answering the circuit's terms word
    /// (CircuitTermsWord) instead of the shape read from it.
    function standingOf(Request calldata request, CoordinatorStorage.VersionEarnings storage earnings)
        internal
        view
        returns (uint256 terms, bytes memory reason)
    {
        if (earnings.flagged) return (0, CoordinatorTerms.flaggedReason(request.modelId, request.version));
        terms = CircuitTermsWord.load(request.circuitId);
        if (CircuitTermsWord.retired(terms)) {
            return (0, abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, request.circuitId));
        }
    }

    /// @dev The output count and proof length against the circuit's, and the outputs' field range.
    function shapeRefusal(uint256 outputWords, uint256 proofLength, uint256[] calldata outputs, bytes calldata proof)
        internal
        pure
        returns (bytes memory reason)
    {
        if (outputs.length != outputWords || proof.length != proofLength) {
            return countRefusal(outputWords, proofLength, outputs, proof);
        }
        return fieldRefusal(outputs);
    }

    /// @dev The output count and proof length against the circuit's.
    function countRefusal(uint256 outputWords, uint256 proofLength, uint256[] calldata outputs, bytes calldata proof)
        internal
        pure
        returns (bytes memory)
    {
        if (outputs.length != outputWords) {
            return abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorWrongOutputWords.selector, outputs.length, outputWords
            );
        }
        if (proof.length != proofLength) {
            return
                abi.encodeWithSelector(
                    IInferenceCoordinator.CoordinatorBadProofLength.selector, proof.length, proofLength
                );
        }
        return "";
    }

    /// @dev The first output not below the scalar field, if any.
    function fieldRefusal(uint256[] calldata outputs) internal pure returns (bytes memory) {
        // the first output not below the field, or the count if none: one pass over the calldata words without a
        // bounds check per element (the slice's bounds were checked when it was decoded)
        uint256 outside = outputs.length;
        uint256 field = ProtocolConstants.SNARK_SCALAR_FIELD;
        assembly ("memory-safe") {
            for { let i := 0 } lt(i, outputs.length) { i := add(i, 1) } {
                if iszero(lt(calldataload(add(outputs.offset, shl(5, i))), field)) {
                    outside := i
                    break
                }
            }
        }
        if (outside != outputs.length) {
            return abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorSignalOutsideField.selector, outside, outputs[outside]
            );
        }
        return "";
    }

    /// @dev Committed inputs: only the data owner's node. Public inputs: the drawn operator at any time before the
    /// deadline; anyone else eligible once the drawn operator's exclusive window (from the seed's arrival) is over.
    function servingRefusal(Request calldata request, address operator) internal view returns (bytes memory) {
        if (request.inputMode == InputMode.Committed) {
            if (operator == request.servingNode) return "";
            return abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorNotServingNode.selector,
                request.requestId,
                request.servingNode,
                operator
            );
        }
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        (address assigned, uint64 seedArrivedAt) =
            RoundAssignment.drawn($, request.requestId, request.round, request.modelId, request.version);
        if (operator == assigned) return "";
        uint256 windowStart = seedArrivedAt > request.requestedAt ? seedArrivedAt : request.requestedAt;
        if (block.timestamp < windowStart + $.serviceParams.exclusiveWindow) {
            if (seedArrivedAt == 0) {
                return abi.encodeWithSelector(
                    IInferenceCoordinator.CoordinatorAssignmentPending.selector, request.requestId, request.round
                );
            }
            if (assigned != address(0)) {
                return abi.encodeWithSelector(
                    IInferenceCoordinator.CoordinatorNotAssignedOperator.selector, request.requestId, assigned, operator
                );
            }
        }
        if (!$.vault.isEligibleOperator(operator)) {
            return abi.encodeWithSelector(IInferenceCoordinator.CoordinatorIneligibleOperator.selector, operator);
        }
        return "";
    }

    /// @dev One proof against its public signals: outputs, input words, weights commitment, binding
    /// (circuits/manifest.json). Through a verifier with the weights-base entry points, vk_x starts at the version's
    /// stored weights base (computed and stored here the first time; CoordinatorWeightsBase) and leaves the
    /// commitment's term out. Only for a request that matched its stored hash.
    function verifyOne(Request calldata request, uint256[] calldata outputs, bytes calldata proof, address operator)
        internal
        returns (bool)
    {
        return verifyWith(CircuitTermsWord.load(request.circuitId), request, outputs, proof, operator);
    }

    /// @dev `verifyOne` with the circuit's terms word (CircuitTermsWord) already read.
    function verifyWith(
        uint256 terms,
        Request calldata request,
        uint256[] calldata outputs,
        bytes calldata proof,
        address operator
    ) internal returns (bool) {
        address verifier = CircuitTermsWord.verifier(terms);
        uint256 binding = ProofBinding.binding(block.chainid, address(this), request.requestId, operator);
        uint256 callAt;
        uint256 callBytes;
        if (CircuitTermsWord.fromBase(terms)) {
            (bool known, uint256 x, uint256 y) = CoordinatorWeightsBase.baseOf(request, verifier);
            if (known) {
                (callAt, callBytes) = fromBaseCall(request, outputs, proof, x, y, binding);
                return ProofVerification.verifyAt(verifier, callAt, callBytes);
            }
        }
        (callAt, callBytes) = verifierCall(CircuitTermsWord.selector(terms), request, outputs, proof, binding);
        return ProofVerification.verifyAt(verifier, callAt, callBytes);
    }

    /// @dev The verifier's `verifyProof` call: the selector, the proof words, then the signals (snarkjs verifiers
    /// take fixed-size arrays, which encode in place). Copied from calldata past the free memory pointer without
    /// claiming it (nothing allocates before the call), rather than built as a `bytes` and copied again.
    function verifierCall(
        bytes4 verifierSelector,
        Request calldata request,
        uint256[] calldata outputs,
        bytes calldata proof,
        uint256 binding
    ) internal pure returns (uint256 callAt, uint256 callBytes) {
        uint256 weightsCommitment = request.weightsCommitment;
        uint256[] calldata inputWords = request.inputWords;
        assembly ("memory-safe") {
            callAt := mload(0x40)
            mstore(callAt, verifierSelector)
            let at := add(callAt, 0x04)
            calldatacopy(at, proof.offset, proof.length)
            at := add(at, proof.length)
            let words := shl(5, outputs.length)
            calldatacopy(at, outputs.offset, words)
            at := add(at, words)
            words := shl(5, inputWords.length)
            calldatacopy(at, inputWords.offset, words)
            at := add(at, words)
            mstore(at, weightsCommitment)
            mstore(add(at, 0x20), binding)
            callBytes := sub(add(at, 0x40), callAt)
        }
    }

    /// @dev The verifier's `verifyProofFromBase` call (IWeightsBaseVerifier): the selector, the proof's 8 words, the
    /// base, then the signals but the weights commitment as a dynamic array (outputs, input words, binding), laid
    /// out as `verifierCall` lays out its own.
    function fromBaseCall(
        Request calldata request,
        uint256[] calldata outputs,
        bytes calldata proof,
        uint256 x,
        uint256 y,
        uint256 binding
    ) internal pure returns (uint256 callAt, uint256 callBytes) {
        bytes4 selector = IWeightsBaseVerifier.verifyProofFromBase.selector;
        uint256[] calldata inputWords = request.inputWords;
        assembly ("memory-safe") {
            callAt := mload(0x40)
            mstore(callAt, selector)
            let at := add(callAt, 0x04)
            calldatacopy(at, proof.offset, proof.length)
            at := add(at, proof.length)
            mstore(at, x)
            mstore(add(at, 0x20), y)
            // the head: the proof's 8 words, the base's 2, then the signals' offset
            mstore(add(at, 0x40), 0x160)
            mstore(add(at, 0x60), add(add(outputs.length, inputWords.length), 1))
            at := add(at, 0x80)
            let words := shl(5, outputs.length)
            calldatacopy(at, outputs.offset, words)
            at := add(at, words)
            words := shl(5, inputWords.length)
            calldatacopy(at, inputWords.offset, words)
            at := add(at, words)
            mstore(at, binding)
            callBytes := sub(add(at, 0x20), callAt)
        }
    }

    /// @dev Records the decision (one slot rewritten: the decision hash and status), logs it and runs the callback.
    function settle(
        Request calldata request,
        bytes32 requestHash,
        uint256[] calldata outputs,
        bytes32 proofHash,
        address operator
    ) internal {
        uint256 requestId = request.requestId;
        bytes32 decision = DecisionHashes.ofDecision(requestHash, outputs, proofHash, operator);
        mapping(uint256 => bytes32) storage commitments = CoordinatorSlot.state().commitments;
        commitments[requestId] = CoordinatorCommitment.pack(decision, RequestStatus.Fulfilled);
        logDecision(requestId, operator, outputs, proofHash);
        if (request.callbackGasLimit == 0) return;
        if (!callBack(request, outputs)) {
            commitments[requestId] = CoordinatorCommitment.pack(decision, RequestStatus.CallbackFailed);
        }
    }

    /// @dev Emits DecisionRecorded(requestId, operator, outputs, proofHash), its data (abi.encode(outputs, proofHash))
    /// written past the free memory pointer straight from calldata: the compiler's encoding copies the outputs
    /// element by element into freshly allocated memory, which a batch would pay for per item.
    function logDecision(uint256 requestId, address operator, uint256[] calldata outputs, bytes32 proofHash) internal {
        bytes32 topic = IInferenceCoordinator.DecisionRecorded.selector;
        assembly ("memory-safe") {
            let at := mload(0x40)
            mstore(at, 0x40)
            mstore(add(at, 0x20), proofHash)
            mstore(add(at, 0x40), outputs.length)
            let outputBytes := shl(5, outputs.length)
            calldatacopy(add(at, 0x60), outputs.offset, outputBytes)
            log3(
                at,
                add(0x60, outputBytes),
                topic,
                requestId,
                and(operator, 0xffffffffffffffffffffffffffffffffffffffff)
            )
        }
    }

    /// @dev Runs the consumer's callback with exactly its gas; its failure is recorded, never propagated. Only a
    /// failure is logged: success is the norm and DecisionRecorded already marks it, so it costs no event per item.
    function callBack(Request calldata request, uint256[] calldata outputs) internal returns (bool success) {
        uint256 requestId = request.requestId;
        uint256 gasLimit = request.callbackGasLimit;
        if (!ExactGasCall.hasEnoughGas(gasLimit)) {
            revert IInferenceCoordinator.CoordinatorInsufficientGasForCallback(requestId, uint32(gasLimit));
        }
        // onInferenceResult(requestId, outputs), ABI-encoded past the free memory pointer without claiming it
        // (nothing allocates before the call): a batch's callbacks reuse the same bytes instead of each allocating.
        bytes4 selector = IInferenceConsumer.onInferenceResult.selector;
        uint256 dataAt;
        uint256 dataBytes;
        assembly ("memory-safe") {
            dataAt := mload(0x40)
            mstore(dataAt, selector)
            mstore(add(dataAt, 0x04), requestId)
            mstore(add(dataAt, 0x24), 0x40)
            mstore(add(dataAt, 0x44), outputs.length)
            let outputBytes := shl(5, outputs.length)
            calldatacopy(add(dataAt, 0x64), outputs.offset, outputBytes)
            dataBytes := add(0x64, outputBytes)
        }
        success = ExactGasCall.callWithExactGas(request.requester, gasLimit, dataAt, dataBytes);
        if (!success) emit IInferenceCoordinator.CallbackFailed(requestId);
    }
}
