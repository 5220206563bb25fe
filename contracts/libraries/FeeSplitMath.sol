// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FeeShares} from "../types/InferenceTypes.sol";
import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title FeeSplitMath
/// @notice Splits a fee by basis points so that the parts always add up to the fee exactly.
library FeeSplitMath {
    /// @notice The parts of one fee.
    struct Parts {
        uint256 operator;
        uint256 modelOwner;
        uint256 data;
        uint256 stakers;
        uint256 treasury;
    }

    /// @notice Sum of the shares, in basis points.
    function total(FeeShares memory shares) internal pure returns (uint256) {
        uint256 sum = uint256(shares.operatorBps) + shares.modelOwnerBps + shares.dataBps;
        return sum + shares.stakersBps + shares.treasuryBps;
    }

    /// @notice Splits `fee`. Every part but the treasury's rounds down; the treasury takes the remainder, so no wei
    /// is created or lost and rounding dust goes to the protocol.
    function split(uint256 fee, FeeShares memory shares) internal pure returns (Parts memory p) {
        (p.operator, p.modelOwner, p.data, p.stakers, p.treasury) =
            _parts(fee, shares.operatorBps, shares.modelOwnerBps, shares.dataBps, shares.stakersBps);
    }

    /// @notice `split` under shares packed as five 16-bit fields from the low end, in `FeeShares` order (the low 80
    /// bits of the coordinator's ProtocolFeeWord; higher bits are ignored), so that a fulfillment splits under the word
    /// it read without copying the shares into memory.
    function splitPacked(uint256 fee, uint256 sharesWord) internal pure returns (Parts memory p) {
        (p.operator, p.modelOwner, p.data, p.stakers, p.treasury) = splitPackedParts(fee, sharesWord);
    }

    /// @notice `splitPacked`'s parts on the stack rather than in a memory struct, for a path that splits one fee.
    function splitPackedParts(uint256 fee, uint256 sharesWord)
        internal
        pure
        returns (uint256 operator, uint256 modelOwner, uint256 data, uint256 stakers, uint256 treasury)
    {
        return _parts(
            fee,
            sharesWord & 0xffff,
            (sharesWord >> 16) & 0xffff,
            (sharesWord >> 32) & 0xffff,
            (sharesWord >> 48) & 0xffff
        );
    }

    function _parts(uint256 fee, uint256 operatorBps, uint256 modelOwnerBps, uint256 dataBps, uint256 stakersBps)
        private
        pure
        returns (uint256 operator, uint256 modelOwner, uint256 data, uint256 stakers, uint256 treasury)
    {
        // Unchecked: `fee` is a sum of uint96 fees and every share is below 2^16, so no product nears 2^256; with the
        // shares summing to BPS, the four floored parts sum to at most `fee`, so the subtraction cannot underflow.
        unchecked {
            operator = fee * operatorBps / ProtocolConstants.BPS;
            modelOwner = fee * modelOwnerBps / ProtocolConstants.BPS;
            data = fee * dataBps / ProtocolConstants.BPS;
            stakers = fee * stakersBps / ProtocolConstants.BPS;
            treasury = fee - operator - modelOwner - data - stakers;
        }
    }
}
