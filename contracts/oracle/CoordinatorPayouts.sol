// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IDataRewards} from "../interfaces/IDataRewards.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {ProtocolFeeWord} from "./ProtocolFeeWord.sol";

/// @title CoordinatorPayouts
/// @notice The fee ledger. A fulfillment credits each share to an internal balance (three slot writes: the version's,
/// the operator's and the protocol's word, ProtocolFeeWord) instead of moving tokens five times; the shares leave
/// through permissionless pushes and withdrawals.
/// @dev Solvency identity (tested as an invariant): the coordinator's token balance equals the fees of pending
/// requests plus every unpaid balance below.
abstract contract CoordinatorPayouts is CoordinatorStorage {
    using SafeERC20 for *;

    /// @inheritdoc IInferenceCoordinator
    function withdrawOperatorEarnings(address receiver) external returns (uint256 amount) {
        if (receiver == address(0)) revert CoordinatorZeroAddress();
        CoordinatorState storage $ = _state();
        amount = $.operatorBalances[msg.sender];
        if (amount == 0) revert CoordinatorNothingToWithdraw();
        $.operatorBalances[msg.sender] = 0;
        $.token.safeTransfer(receiver, amount);
        emit EarningsWithdrawn(msg.sender, receiver, amount);
    }

    /// @inheritdoc IInferenceCoordinator
    function withdrawModelEarnings(uint256 modelId, uint32[] calldata versions) external returns (uint256 amount) {
        CoordinatorState storage $ = _state();
        for (uint256 i; i < versions.length; ++i) {
            VersionEarnings storage earnings = $.versionEarnings[modelId][versions[i]];
            amount += earnings.owner;
            earnings.owner = 0;
        }
        if (amount == 0) revert CoordinatorNothingToWithdraw();
        // The owner at payout time receives it: earnings follow the model, like its future fees.
        address owner = $.registry.model(modelId).owner;
        $.token.safeTransfer(owner, amount);
        emit EarningsWithdrawn(owner, owner, amount);
    }

    /// @inheritdoc IInferenceCoordinator
    function flushDataRewards(uint256 modelId, uint32 version) external returns (uint256 amount) {
        CoordinatorState storage $ = _state();
        VersionEarnings storage earnings = $.versionEarnings[modelId][version];
        amount = earnings.data;
        if (amount == 0) revert CoordinatorNothingToWithdraw();
        earnings.data = 0;
        // DataRewards pulls the tokens (approved at initialization) and accrues them to the version's contributors,
        // or forwards them to the treasury when the version declared no training data.
        IDataRewards($.dataRewards).depositReward(modelId, version, amount);
        emit DataRewardsFlushed(modelId, version, amount);
    }

    /// @inheritdoc IInferenceCoordinator
    function distributeProtocolFees() external {
        CoordinatorState storage $ = _state();
        (uint256 stakers, uint256 treasury) = ProtocolFeeWord.take();
        stakers += $.stakersPending;
        treasury += $.treasuryPending;
        if (stakers == 0 && treasury == 0) revert CoordinatorNothingToWithdraw();
        if ($.stakersPending != 0 || $.treasuryPending != 0) {
            $.stakersPending = 0;
            $.treasuryPending = 0;
        }
        // The vault carries rewards sent while nobody stakes into the next distribution: nothing is lost.
        if (stakers != 0) $.vault.notifyReward(stakers);
        if (treasury != 0) $.token.safeTransfer($.treasury, treasury);
        emit ProtocolFeesDistributed(stakers, treasury);
    }

    /// @inheritdoc IInferenceCoordinator
    function operatorEarnings(address operator) external view returns (uint256) {
        return _state().operatorBalances[operator];
    }

    /// @inheritdoc IInferenceCoordinator
    function versionEarnings(uint256 modelId, uint32 version) external view returns (uint256 owner, uint256 data) {
        VersionEarnings memory earnings = _state().versionEarnings[modelId][version];
        return (earnings.owner, earnings.data);
    }

    /// @inheritdoc IInferenceCoordinator
    function protocolEarnings() external view returns (uint256 stakers, uint256 treasury) {
        CoordinatorState storage $ = _state();
        (uint256 stakers, uint256 treasury) = ProtocolFeeWord.pending($.protocolFeeWord);
        return (stakers + $.stakersPending, treasury + $.treasuryPending);
    }
}
