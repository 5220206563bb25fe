// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";
import {FeeSplitMath} from "../libraries/FeeSplitMath.sol";
import {Request} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";
import {ProtocolFeeWord} from "./ProtocolFeeWord.sol";

/// @title CoordinatorCredits
/// @notice The fee ledger credited once per transaction: the fees of every settled request summed per (model,
/// version) in memory and split once per version, then one write per version, one for the operator and one for the
/// protocol (in the slot the shares are read from, ProtocolFeeWord), and one FeesCredited per version.
/// @dev Splitting a version's summed fees once, rather than each request's fee, costs one split per version instead
/// of one per request; the parts still add up to the fees exactly (FeeSplitMath), and the rounding dust of the sum
/// is at most that of the per-request splits (each part's floor of a sum is at least the sum of its floors).
library CoordinatorCredits {
    /// @dev The width of each of VersionEarnings' two amounts, and where the second starts.
    uint256 private constant EARNINGS_MASK = (1 << 120) - 1;
    uint256 private constant DATA_SHIFT = 120;

    /// @notice The summed fees of the items of one (model, version) settled in a transaction.
    struct Credit {
        uint256 modelId;
        uint32 version;
        uint256 count;
        uint256 fees;
        uint256 callbackFees;
    }

    /// @notice Adds a settled request's fee and callback fee to the credit of its (model, version) among the first
    /// `groups` credits, or opens the next one; returns the number of credits in use.
    /// @dev The latest credit is looked at first: a batch's items are usually of one version, so that is the one hit.
    function add(Credit[] memory credits, uint256 groups, Request calldata request) internal pure returns (uint256) {
        uint256 modelId = request.modelId;
        uint32 version = request.version;
        uint256 k = groups;
        unchecked {
            // k counts down to the match's index + 1, or to 0 if no credit matches
            while (k != 0) {
                Credit memory seen = credits[k - 1];
                if (seen.modelId == modelId && seen.version == version) break;
                --k;
            }
        }
        if (k == 0) {
            k = ++groups;
            Credit memory opened = credits[k - 1];
            opened.modelId = modelId;
            opened.version = version;
        }
        Credit memory entry = credits[k - 1];
        unchecked {
            // bounded by the batch's length and by the sum of its uint96 fees
            entry.count += 1;
            entry.fees += request.fee;
            entry.callbackFees += request.callbackFee;
        }
        return groups;
    }

    /// @notice Credits the first `groups` credits to the ledger under the fee shares in force: the operator's share
    /// (and callback fees) to `operator`, the owner and data shares to each version, the stakers' and treasury's to
    /// the protocol; one FeesCredited per credit.
    function credit(Credit[] memory credits, uint256 groups, address operator) internal {
        uint256 protocolWord = ProtocolFeeWord.load();
        uint256 operatorTotal;
        uint256 stakers;
        uint256 treasury;
        for (uint256 k; k < groups; ++k) {
            Credit memory c = credits[k];
            (uint256 operatorPart, uint256 stakersPart, uint256 treasuryPart) =
                _creditVersion(c.modelId, c.version, c.count, c.fees, c.callbackFees, operator, protocolWord);
            operatorTotal += operatorPart;
            stakers += stakersPart;
            treasury += treasuryPart;
        }
        _creditParties(protocolWord, operator, operatorTotal, stakers, treasury);
    }

    /// @notice Credits one settled request's fee and callback fee under the fee shares in force, the owner's and data
    /// shares to `earnings` (its version's slot), as `credit` does a credit of one request, but without a
    /// FeesCredited: a transaction that settles a single request credits exactly FeeSplitMath's split of `request.fee`
    /// under the shares in force (the last FeeSharesUpdated), plus `request.callbackFee` to the operator, all of which
    /// the chain's logs already hold (InferenceRequested, DecisionRecorded). Logging it again would be a tenth of the
    /// single path's bookkeeping gas. Batches log one FeesCredited per version, since the split of a summed fee differs
    /// from the sum of its requests' splits by rounding dust.
    function creditOne(Request calldata request, address operator, CoordinatorStorage.VersionEarnings storage earnings)
        internal
    {
        uint256 protocolWord = ProtocolFeeWord.load();
        (uint256 operatorPart, uint256 ownerPart, uint256 dataPart, uint256 stakersPart, uint256 treasuryPart) =
            FeeSplitMath.splitPackedParts(request.fee, protocolWord);
        _addEarnings(earnings, ownerPart, dataPart);
        _creditParties(protocolWord, operator, operatorPart + request.callbackFee, stakersPart, treasuryPart);
    }

    /// @dev Splits the `fees` of `count` requests of one version under the shares in `protocolWord`, credits the owner
    /// and data shares to the version and logs FeesCredited; returns the operator's part (its share and the callback
    /// fees) and the stakers' and treasury's, which the caller credits once for all versions.
    function _creditVersion(
        uint256 modelId,
        uint32 version,
        uint256 count,
        uint256 fees,
        uint256 callbackFees,
        address operator,
        uint256 protocolWord
    ) private returns (uint256 operatorPart, uint256 stakers, uint256 treasury) {
        FeeSplitMath.Parts memory parts = FeeSplitMath.splitPacked(fees, protocolWord);
        operatorPart = parts.operator + callbackFees;
        _addEarnings(CoordinatorSlot.state().versionEarnings[modelId][version], parts.modelOwner, parts.data);
        emit IInferenceCoordinator.FeesCredited(
            modelId, version, operator, count, operatorPart, parts.modelOwner, parts.data, parts.stakers, parts.treasury
        );
        return (operatorPart, parts.stakers, parts.treasury);
    }

    /// @dev Adds the owner's and data shares to a version's earnings slot (VersionEarnings: owner in bits 0-119, data
    /// in 120-239, the flag above) with one read and one write, not one per field; reverts as SafeCast does if either
    /// would pass 120 bits.
    function _addEarnings(CoordinatorStorage.VersionEarnings storage earnings, uint256 ownerPart, uint256 dataPart)
        private
    {
        if (ownerPart == 0 && dataPart == 0) return;
        uint256 word;
        assembly ("memory-safe") {
            word := sload(earnings.slot)
        }
        uint256 owner = (word & EARNINGS_MASK) + ownerPart;
        uint256 data = ((word >> DATA_SHIFT) & EARNINGS_MASK) + dataPart;
        if (owner > EARNINGS_MASK) revert SafeCast.SafeCastOverflowedUintDowncast(120, owner);
        if (data > EARNINGS_MASK) revert SafeCast.SafeCastOverflowedUintDowncast(120, data);
        word = (word & ~(EARNINGS_MASK | (EARNINGS_MASK << DATA_SHIFT))) | owner | (data << DATA_SHIFT);
        assembly ("memory-safe") {
            sstore(earnings.slot, word)
        }
    }

    /// @dev The operator's and the protocol's totals of a transaction, one write each (the protocol's in the word the
    /// shares were read from).
    function _creditParties(
        uint256 protocolWord,
        address operator,
        uint256 operatorTotal,
        uint256 stakers,
        uint256 treasury
    ) private {
        if (operatorTotal != 0) {
            mapping(address => uint256) storage balances = CoordinatorSlot.state().operatorBalances;
            // no overflow: a balance is a sum of uint96 fees, all of them tokens the coordinator holds
            unchecked {
                balances[operator] += operatorTotal;
            }
        }
        ProtocolFeeWord.credit(protocolWord, stakers, treasury);
    }
}
