// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../interfaces/IInferenceCoordinator.sol";

/// @title PackedBatchCodec
/// @notice Decodes a batch of fulfillments in the packed encoding `fulfillBatchPacked` takes into the exact call data
/// of `fulfillBatch(Fulfillment[])`: the canonical ABI encoding, so that every check downstream (each request matched
/// against its stored hash, taken over that encoding) runs on it unchanged.
/// @dev The packed encoding (big-endian, no padding; docs/oracle.md, "The packed batch"):
///
///     batch    = format:u8 (1) ‖ templateCount:u8 ‖ template × templateCount ‖ itemCount:u16 ‖ item × itemCount
///     template = requester:20 ‖ modelId:32 ‖ version:u32 ‖ circuitId:u32 ‖ inputMode:u8 ‖ dataOwner:20 ‖
///                servingNode:20 ‖ callbackGasLimit:u32 ‖ fee:u96 ‖ callbackFee:u96 ‖ weightsCommitment:32 ‖
///                inputWordCount:u16 ‖ outputCount:u16 ‖ proofBytes:u16                                  (167 bytes)
///     item     = template:u8 ‖ requestId:u64 ‖ requestedAt:u64 ‖ deadline:u64 ‖ round:u64 ‖
///                inputWords:32 × inputWordCount ‖ outputs:32 × outputCount ‖ proof:proofBytes
///
/// A template carries the request fields a consumer's requests to one model version share, so an item carries only
/// what differs per request. The ABI encoding pads every field to a word: the packed form drops those zero bytes,
/// which is most of a batch's calldata gas outside the proofs, and on a rollup most of its data fee.
library PackedBatchCodec {
    /// @notice The packed encoding's version byte.
    uint8 internal constant FORMAT = 1;

    uint256 private constant TEMPLATE_BYTES = 167;
    /// @dev An item's bytes before its input words: the template index and four 8-byte fields.
    uint256 private constant ITEM_HEAD_BYTES = 33;
    /// @dev An ABI-encoded Request up to its input words: fifteen static words, the offset, the length.
    uint256 private constant REQUEST_HEAD_BYTES = 0x220;

    /// @notice The call data of `selector(Fulfillment[])` for the batch `packed` encodes, in fresh memory.
    /// @param packed The batch, in the packed encoding.
    /// @param selector The selector to put first (the settling function's).
    /// @return callData The selector, then the ABI encoding of the fulfillments.
    /// Reverts with `CoordinatorPackedBatchMalformed(offset)` at the first byte that makes no sense: a format other
    /// than FORMAT, a template index out of range, a field cut short, or bytes after the last item.
    function decode(bytes calldata packed, bytes4 selector) internal pure returns (bytes memory callData) {
        uint256 start;
        uint256 templates;
        uint256 templateCount;
        uint256 pos;
        uint256 count;
        assembly ("memory-safe") {
            start := packed.offset
            templates := add(packed.offset, 2)
            templateCount := byte(1, calldataload(packed.offset))
            pos := add(templates, mul(templateCount, TEMPLATE_BYTES))
            count := shr(240, calldataload(pos))
            pos := add(pos, 2)
        }
        if (packed.length < 2 || uint8(packed[0]) != FORMAT) _malformed(0);
        uint256 end = start + packed.length;
        if (pos > end) _malformed(packed.length);

        uint256 offsets;
        uint256 w;
        assembly ("memory-safe") {
            callData := mload(0x40)
            // the ABI arguments start after the length word and the selector: the array's offset, its length, one
            // offset per item (from the start of the offsets), then the items
            let args := add(callData, 0x24)
            mstore(add(callData, 0x20), selector)
            mstore(args, 0x20)
            mstore(add(args, 0x20), count)
            offsets := add(args, 0x40)
            w := add(offsets, shl(5, count))
        }
        unchecked {
            for (uint256 i; i < count; ++i) {
                assembly ("memory-safe") {
                    mstore(add(offsets, shl(5, i)), sub(w, offsets))
                }
                uint256 next;
                (w, next) = _writeItem(w, pos, templates, templateCount, end);
                if (next == 0) _malformed(pos - start);
                pos = next;
            }
        }
        // bytes after the last item
        if (pos != end) _malformed(pos - start);
        assembly ("memory-safe") {
            mstore(callData, sub(w, add(callData, 0x20)))
            mstore(0x40, and(add(w, 31), not(31)))
        }
    }

    /// @dev Writes at `w` the ABI encoding of the Fulfillment whose packed item starts at calldata `pos`; returns where
    /// the next one goes and where the next item starts, or 0 for both, with nothing written, if the item names a
    /// template out of range or runs past `end`.
    function _writeItem(uint256 w, uint256 pos, uint256 templates, uint256 templateCount, uint256 end)
        private
        pure
        returns (uint256 next, uint256 itemEnd)
    {
        assembly ("memory-safe") {
            let t := byte(0, calldataload(pos))
            let template := add(templates, mul(t, TEMPLATE_BYTES))
            let shape := calldataload(add(template, 161))
            let inputBytes := shl(5, shr(240, shape))
            let outputBytes := shl(5, and(shr(224, shape), 0xffff))
            let proofBytes := and(shr(208, shape), 0xffff)
            itemEnd := add(add(pos, ITEM_HEAD_BYTES), add(add(inputBytes, outputBytes), proofBytes))
            // nothing is written for a malformed item: a template out of range has no shape to size memory by
            if or(iszero(lt(t, templateCount)), gt(itemEnd, end)) { itemEnd := 0 }
            if itemEnd {
                // the Fulfillment's head: the offsets of its request, outputs and proof
                let requestBytes := add(REQUEST_HEAD_BYTES, inputBytes)
                mstore(w, 0x60)
                mstore(add(w, 0x20), add(0x60, requestBytes))
                mstore(add(w, 0x40), add(add(0x80, requestBytes), outputBytes))

                // the Request: its fields in declaration order, each a full word
                let r := add(w, 0x60)
                mstore(r, shr(192, calldataload(add(pos, 1))))
                mstore(add(r, 0x20), shr(96, calldataload(template)))
                mstore(add(r, 0x40), calldataload(add(template, 20)))
                mstore(add(r, 0x60), shr(224, calldataload(add(template, 52))))
                mstore(add(r, 0x80), shr(224, calldataload(add(template, 56))))
                mstore(add(r, 0xa0), shr(248, calldataload(add(template, 60))))
                mstore(add(r, 0xc0), shr(96, calldataload(add(template, 61))))
                mstore(add(r, 0xe0), shr(96, calldataload(add(template, 81))))
                mstore(add(r, 0x100), shr(224, calldataload(add(template, 101))))
                mstore(add(r, 0x120), shr(160, calldataload(add(template, 105))))
                mstore(add(r, 0x140), shr(160, calldataload(add(template, 117))))
                mstore(add(r, 0x160), shr(192, calldataload(add(pos, 9))))
                mstore(add(r, 0x180), shr(192, calldataload(add(pos, 17))))
                mstore(add(r, 0x1a0), shr(192, calldataload(add(pos, 25))))
                mstore(add(r, 0x1c0), calldataload(add(template, 129)))
                mstore(add(r, 0x1e0), 0x200)
                mstore(add(r, 0x200), shr(5, inputBytes))
                let from := add(pos, ITEM_HEAD_BYTES)
                calldatacopy(add(r, REQUEST_HEAD_BYTES), from, inputBytes)
                from := add(from, inputBytes)

                // the outputs, then the proof (its last word zero-padded)
                let o := add(r, requestBytes)
                mstore(o, shr(5, outputBytes))
                calldatacopy(add(o, 0x20), from, outputBytes)
                from := add(from, outputBytes)
                let p := add(add(o, 0x20), outputBytes)
                mstore(p, proofBytes)
                let paddedProof := and(add(proofBytes, 31), not(31))
                mstore(add(p, paddedProof), 0)
                calldatacopy(add(p, 0x20), from, proofBytes)
                next := add(add(p, 0x20), paddedProof)
            }
        }
    }

    /// @dev Refuses the whole batch at byte `offset`.
    function _malformed(uint256 offset) private pure {
        revert IInferenceCoordinator.CoordinatorPackedBatchMalformed(offset);
    }
}
