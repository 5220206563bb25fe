// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDataRewards} from "../interfaces/IDataRewards.sol";
import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {FeeSplitMath} from "../libraries/FeeSplitMath.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorPayouts
/// @notice The fee ledger. A fulfillment credits each share to an internal balance (three slot writes) instead of
/// moving tokens five times; the shares leave through permissionless pushes and withdrawals.
/// @dev Solvency identity (tested as an invariant): the coordinator's token balance equals the fees of pending
/// requests plus every unpaid balance below.
abstract contract CoordinatorPayouts is CoordinatorStorage {
    using SafeERC20 for *;

    /// @dev Credits the parts of `fee` for a fulfilled request, plus the whole callback fee to the operator (it paid
    /// for the callback's gas), and returns the parts (`parts.operator` includes the callback fee).
    function _creditFee(uint256 fee, uint256 callbackFee, address operator, uint256 modelId, uint32 version)
        internal
        returns (FeeSplitMath.Parts memory parts)
    {
        CoordinatorState storage $ = _state();
        parts = FeeSplitMath.split(fee, $.feeShares);
        parts.operator += callbackFee;
        if (parts.operator != 0) $.operatorBalances[operator] += parts.operator;
        VersionEarnings storage earnings = $.versionEarnings[modelId][version];
        earnings.owner += SafeCast.toUint120(parts.modelOwner);
        earnings.data += SafeCast.toUint120(parts.data);
        $.stakersPending += SafeCast.toUint128(parts.stakers);
        $.treasuryPending += SafeCast.toUint128(parts.treasury);
    }

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
        uint256 stakers = $.stakersPending;
        uint256 treasury = $.treasuryPending;
        if (stakers == 0 && treasury == 0) revert CoordinatorNothingToWithdraw();
        $.stakersPending = 0;
        $.treasuryPending = 0;
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
        return ($.stakersPending, $.treasuryPending);
    }
}
