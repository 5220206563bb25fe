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
        p.operator = fee * shares.operatorBps / ProtocolConstants.BPS;
        p.modelOwner = fee * shares.modelOwnerBps / ProtocolConstants.BPS;
        p.data = fee * shares.dataBps / ProtocolConstants.BPS;
        p.stakers = fee * shares.stakersBps / ProtocolConstants.BPS;
        // Cannot underflow: with shares summing to BPS, the four floored parts sum to at most `fee`.
        p.treasury = fee - p.operator - p.modelOwner - p.data - p.stakers;
    }
}
