// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IInferenceConsumer} from "../interfaces/IInferenceConsumer.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";

/// @title InferenceConsumer
/// @notice Base for contracts that call Symbiote: pays the fee from this contract's token balance, sends the request,
/// and accepts results only from the coordinator (as Chainlink's FunctionsClient does for its router).
/// @dev Implement `_onResult`. Keep it within the callback gas you request: a revert there is recorded against the
/// request, and the fee stays paid. Published in the contracts package (contracts/package.json), hence the open pragma.
abstract contract InferenceConsumer is IInferenceConsumer {
    using SafeERC20 for IERC20;

    /// @dev `caller` is not the coordinator.
    error ConsumerOnlyCoordinator(address caller);
    /// @dev The zero address was given.
    error ConsumerZeroAddress();

    /// @notice The Symbiote inference coordinator.
    IInferenceCoordinator public immutable coordinator;
    /// @notice The token fees are paid in.
    IERC20 public immutable feeToken;

    /// @param coordinator_ The inference coordinator (proxy).
    /// @param feeToken_ The protocol token.
    constructor(address coordinator_, address feeToken_) {
        if (coordinator_ == address(0) || feeToken_ == address(0)) revert ConsumerZeroAddress();
        coordinator = IInferenceCoordinator(coordinator_);
        feeToken = IERC20(feeToken_);
    }

    /// @inheritdoc IInferenceConsumer
    function onInferenceResult(uint256 requestId, uint256[] calldata outputs) external {
        if (msg.sender != address(coordinator)) revert ConsumerOnlyCoordinator(msg.sender);
        _onResult(requestId, outputs);
    }

    /// @dev Sends a request. The coordinator takes the fee from this contract's prepaid balance there (see
    /// `IInferenceCoordinator.deposit`) when it covers the escrow; otherwise this approves at most `params.maxFee` of
    /// this contract's tokens for it.
    function _requestInference(IInferenceCoordinator.RequestParams memory params) internal returns (uint256) {
        if (coordinator.depositOf(address(this)) < params.maxFee) {
            feeToken.forceApprove(address(coordinator), params.maxFee);
        }
        return coordinator.requestInference(params);
    }

    /// @dev Handles a verified result.
    function _onResult(uint256 requestId, uint256[] calldata outputs) internal virtual;
}
