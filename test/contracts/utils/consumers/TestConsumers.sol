// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InferenceConsumer} from "../../../../contracts/consumers/InferenceConsumer.sol";
import {Request, RequestParams} from "../../../../contracts/types/InferenceTypes.sol";

/// @notice Requests whatever it is told to and records each result.
contract RecordingConsumer is InferenceConsumer {
    uint256 public lastRequestId;
    uint256[] internal _lastOutputs;
    uint256 public results;

    constructor(address coordinator_, address token_) InferenceConsumer(coordinator_, token_) {}

    function request(RequestParams calldata params) external returns (uint256) {
        return _requestInference(params);
    }

    function requestFromDeposit(RequestParams calldata params) external returns (uint256) {
        return _requestInferenceFromDeposit(params);
    }

    function lastOutputs() external view returns (uint256[] memory) {
        return _lastOutputs;
    }

    function _onResult(uint256 requestId, uint256[] calldata outputs) internal virtual override {
        lastRequestId = requestId;
        _lastOutputs = outputs;
        ++results;
    }
}

/// @notice Always reverts in its callback.
contract RevertingConsumer is RecordingConsumer {
    error Nope();

    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256, uint256[] calldata) internal pure override {
        revert Nope();
    }
}

/// @notice Burns every unit of gas it is given.
contract GasBurningConsumer is RecordingConsumer {
    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256, uint256[] calldata) internal view override {
        while (gasleft() > 0) {}
    }
}

/// @notice Tries to re-enter the coordinator from its callback (fulfill again, request again).
contract ReenteringConsumer is RecordingConsumer {
    bool public reentryFailed;

    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256 requestId, uint256[] calldata outputs) internal override {
        Request[] memory none = new Request[](0);
        try coordinator.cancelExpired(none) {
            reentryFailed = false;
        } catch {
            reentryFailed = true;
        }
        super._onResult(requestId, outputs);
        // Surface the refused re-entry as a failed callback.
        if (reentryFailed) revert("re-entry refused");
    }
}

/// @notice Succeeds but returns 100 kB of data (a "return bomb"): copying it would cost the caller ~30k gas.
contract ReturnBombConsumer is RecordingConsumer {
    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256, uint256[] calldata) internal pure override {
        assembly {
            return(0, 100000)
        }
    }
}

/// @notice Does nothing with its result: the baseline a misbehaving consumer's fulfillment is compared with.
contract SilentConsumer is RecordingConsumer {
    constructor(address coordinator_, address token_) RecordingConsumer(coordinator_, token_) {}

    function _onResult(uint256, uint256[] calldata) internal pure override {}
}
