// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {InputMode} from "./ModelTypes.sol";

// The inference coordinator's types: requests, their status and record, fulfillments and the governable fee shares and
// service parameters.

/// @notice Where a request stands.
enum RequestStatus {
    None,
    Pending,
    Fulfilled,
    CallbackFailed,
    Expired
}

/// @notice What a requester asks for.
struct RequestParams {
    uint256 modelId;
    /// @dev A version number, or 0 for the latest at request time (the request pins the resolved version).
    uint32 version;
    InputMode inputMode;
    /// @dev Public mode: the packed feature words. Committed mode: one word, the input commitment.
    uint256[] inputWords;
    /// @dev Committed mode: whose data it is (their node serves the request). Public mode: address(0).
    address dataOwner;
    /// @dev Gas given to `onInferenceResult`; 0 for no callback. Paid for at `callbackFeePerGas`.
    uint32 callbackGasLimit;
    /// @dev The most the requester will pay: the model's fee plus the callback fee.
    uint96 maxFee;
}

/// @notice Everything about a request, emitted in full at request time. The coordinator stores only its hash:
/// operators pass it back when they fulfill.
struct Request {
    uint256 requestId;
    address requester;
    uint256 modelId;
    uint32 version;
    uint32 circuitId;
    InputMode inputMode;
    address dataOwner;
    /// @dev Committed mode: the node that alone may serve (the data owner's). Public mode: address(0).
    address servingNode;
    uint32 callbackGasLimit;
    /// @dev The model's fee, split on fulfillment.
    uint96 fee;
    /// @dev callbackGasLimit * callbackFeePerGas at request time, paid whole to the operator running the callback.
    uint96 callbackFee;
    uint64 requestedAt;
    uint64 deadline;
    /// @dev Public mode: the assignment round, whose seed (unknown at request time) draws the operator over the
    /// operator set as it stood when the round began.
    uint64 round;
    uint256 weightsCommitment;
    uint256[] inputWords;
}

/// @notice The on-chain record of a request (see `decisionOf`): one slot, its status and a hash.
struct Decision {
    RequestStatus status;
    /// @dev The stored hash, its low byte cleared (the status lives there). Pending or expired:
    /// keccak256(abi.encode(request)). Fulfilled or callback failed: keccak256(abi.encode(requestHash, outputs,
    /// proofHash, operator)) with requestHash = keccak256(abi.encode(request)) and proofHash = keccak256(proof).
    /// Everything else is in the events: the request in InferenceRequested, the decision in DecisionRecorded, the
    /// fee parts in FeesCredited, the refund and slash in RequestExpired.
    bytes32 hash;
}

/// @notice Governable shares of every fee, in basis points, summing to exactly 10,000.
struct FeeShares {
    uint16 operatorBps;
    uint16 modelOwnerBps;
    uint16 dataBps;
    uint16 stakersBps;
    uint16 treasuryBps;
}

/// @notice Governable timing and slashing parameters.
struct ServiceParams {
    /// @dev Seconds after a request during which only the assigned operator may fulfill it.
    uint32 exclusiveWindow;
    /// @dev Seconds from request to deadline.
    uint32 requestTimeout;
    /// @dev Most gas a requester may ask for its callback.
    uint32 maxCallbackGas;
    /// @dev Taken from the assigned operator's stake when its request times out; it goes to the treasury, never to
    /// the requester (who gets its escrow back, nothing more).
    uint96 slashAmount;
    /// @dev Most blocks an assignment round stays open after its seed was requested; at most the randomness
    /// source's confirmation count, so that no request of a round can be made once its seed could be known.
    /// @custom:oz-renamed-from slashToRequesterBps
    uint16 roundBlocks;
}

/// @notice One fulfillment in a batch.
struct Fulfillment {
    Request request;
    uint256[] outputs;
    bytes proof;
}
