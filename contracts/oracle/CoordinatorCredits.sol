// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {FeeSplitMath} from "../libraries/FeeSplitMath.sol";
import {FeeShares, Request} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorCredits
/// @notice The fee ledger credited once per transaction: the parts of every settled request summed per (model,
/// version) in memory, then one write per version, one for the operator and one for the protocol, and one
/// FeesCredited per version.
library CoordinatorCredits {
    /// @notice The summed fee parts of the items of one (model, version) settled in a transaction.
    struct Credit {
        uint256 modelId;
        uint32 version;
        uint256 count;
        uint256 operator;
        uint256 modelOwner;
        uint256 data;
        uint256 stakers;
        uint256 treasury;
    }

    /// @notice Adds a settled request's fee parts (FeeSplitMath.split of its fee, plus its callback fee to the
    /// operator) to the credit of its (model, version) among the first `groups` credits, or opens the next one;
    /// returns the number of credits in use.
    function add(Credit[] memory credits, uint256 groups, Request calldata request, FeeShares memory shares)
        internal
        pure
        returns (uint256)
    {
        uint256 k;
        while (k < groups && (credits[k].modelId != request.modelId || credits[k].version != request.version)) ++k;
        Credit memory entry = credits[k];
        if (k == groups) {
            entry.modelId = request.modelId;
            entry.version = request.version;
            ++groups;
        }
        FeeSplitMath.Parts memory parts = FeeSplitMath.split(request.fee, shares);
        entry.count += 1;
        entry.operator += parts.operator + request.callbackFee;
        entry.modelOwner += parts.modelOwner;
        entry.data += parts.data;
        entry.stakers += parts.stakers;
        entry.treasury += parts.treasury;
        return groups;
    }

    /// @notice Credits the first `groups` credits to the ledger: the operator's share (and callback fees) to
    /// `operator`, the owner and data shares to each version, the stakers' and treasury's to the protocol; one
    /// FeesCredited per credit.
    function credit(Credit[] memory credits, uint256 groups, address operator) internal {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        uint256 operatorTotal;
        uint256 stakers;
        uint256 treasury;
        for (uint256 k; k < groups; ++k) {
            Credit memory c = credits[k];
            CoordinatorStorage.VersionEarnings storage earnings = $.versionEarnings[c.modelId][c.version];
            if (c.modelOwner != 0) earnings.owner += SafeCast.toUint120(c.modelOwner);
            if (c.data != 0) earnings.data += SafeCast.toUint120(c.data);
            operatorTotal += c.operator;
            stakers += c.stakers;
            treasury += c.treasury;
            emit IInferenceCoordinator.FeesCredited(
                c.modelId, c.version, operator, c.count, c.operator, c.modelOwner, c.data, c.stakers, c.treasury
            );
        }
        if (operatorTotal != 0) $.operatorBalances[operator] += operatorTotal;
        if (stakers != 0) $.stakersPending += SafeCast.toUint128(stakers);
        if (treasury != 0) $.treasuryPending += SafeCast.toUint128(treasury);
    }
}
