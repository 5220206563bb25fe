// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {FeeShares} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title ProtocolFeeWord
/// @notice The fee shares in force and the protocol's undistributed shares, in the one slot every fulfillment reads
/// and writes: the five shares in basis points (bits 0-79, 16 bits each in `FeeShares` order), the stakers' pending
/// share (bits 80-167) and the treasury's (bits 168-255).
/// @dev A fulfillment used to read the shares from one slot and add the stakers' and treasury's parts to another: two
/// cold slots. Here it is one, read cold and written warm, which saves 2,100 gas per transaction. The stakers' share
/// still reaches the pending balance at every fulfillment: it is never held anywhere a distribution could miss, so a
/// stake that joins later cannot be paid fees earned before it (docs/security.md, attack 6).
/// 88 bits hold 3.1e26 wei; a credit that would overflow moves both pending amounts to the wide `stakersPending` and
/// `treasuryPending`, which also hold the balances of a coordinator upgraded from before this word, and slashes.
/// A word whose shares are zero was never written: it takes the shares from `feeShares` (set at initialization, where
/// every setter still writes them) at its first write.
library ProtocolFeeWord {
    uint256 private constant SHARES_MASK = (1 << 80) - 1;
    uint256 private constant PENDING_MAX = (1 << 88) - 1;
    uint256 private constant STAKERS_SHIFT = 80;
    uint256 private constant TREASURY_SHIFT = 168;

    /// @notice The word, its shares taken from `feeShares` if it was never written.
    function load() internal view returns (uint256 word) {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        word = $.protocolFeeWord;
        if (word & SHARES_MASK == 0) word |= packShares($.feeShares);
    }

    /// @notice Adds the stakers' and treasury's parts of settled fees to the word `word` (as loaded) and stores it.
    function credit(uint256 word, uint256 stakers, uint256 treasury) internal {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        // No overflow: the pending amounts are below 2^88 and the parts are sums of uint96 fees.
        stakers += (word >> STAKERS_SHIFT) & PENDING_MAX;
        treasury += word >> TREASURY_SHIFT;
        if (stakers > PENDING_MAX || treasury > PENDING_MAX) {
            $.stakersPending += SafeCast.toUint128(stakers);
            $.treasuryPending += SafeCast.toUint128(treasury);
            (stakers, treasury) = (0, 0);
        }
        $.protocolFeeWord = (word & SHARES_MASK) | (stakers << STAKERS_SHIFT) | (treasury << TREASURY_SHIFT);
    }

    /// @notice Sets the shares of the word, keeping its pending amounts.
    function setShares(FeeShares memory shares) internal {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        $.protocolFeeWord = ($.protocolFeeWord & ~SHARES_MASK) | packShares(shares);
    }

    /// @notice Takes the pending amounts out of the word (the caller pays them out) and returns them.
    function take() internal returns (uint256 stakers, uint256 treasury) {
        CoordinatorStorage.CoordinatorState storage $ = CoordinatorSlot.state();
        uint256 word = $.protocolFeeWord;
        (stakers, treasury) = pending(word);
        if (stakers != 0 || treasury != 0) $.protocolFeeWord = word & SHARES_MASK;
    }

    /// @notice The stakers' and treasury's pending amounts in `word`.
    function pending(uint256 word) internal pure returns (uint256 stakers, uint256 treasury) {
        stakers = (word >> STAKERS_SHIFT) & PENDING_MAX;
        treasury = word >> TREASURY_SHIFT;
    }

    /// @notice `shares` packed as the word's low 80 bits.
    function packShares(FeeShares memory shares) internal pure returns (uint256) {
        return uint256(shares.operatorBps) | (uint256(shares.modelOwnerBps) << 16) | (uint256(shares.dataBps) << 32)
            | (uint256(shares.stakersBps) << 48) | (uint256(shares.treasuryBps) << 64);
    }
}
