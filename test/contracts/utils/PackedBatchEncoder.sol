// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PackedBatchCodec} from "../../../contracts/libraries/PackedBatchCodec.sol";
import {Fulfillment, Request} from "../../../contracts/types/InferenceTypes.sol";

/// @notice Encodes fulfillments in the packed batch encoding (PackedBatchCodec), as the SDK's
/// `encodePackedFulfillmentBatch` does: one template per distinct set of shared request fields, in order of first use.
library PackedBatchEncoder {
    function encode(Fulfillment[] memory batch) internal pure returns (bytes memory packed) {
        bytes[] memory templates = new bytes[](batch.length);
        uint256 templateCount;
        bytes memory items;
        for (uint256 i; i < batch.length; ++i) {
            Fulfillment memory f = batch[i];
            bytes memory template = templateOf(f);
            uint256 t;
            while (t < templateCount && keccak256(templates[t]) != keccak256(template)) ++t;
            if (t == templateCount) templates[templateCount++] = template;
            Request memory r = f.request;
            require(r.requestId <= type(uint64).max, "PackedBatchEncoder: a request id past 64 bits");
            items = bytes.concat(
                items,
                abi.encodePacked(
                    uint8(t), uint64(r.requestId), r.requestedAt, r.deadline, r.round, r.inputWords, f.outputs, f.proof
                )
            );
        }
        packed = abi.encodePacked(PackedBatchCodec.FORMAT, uint8(templateCount));
        for (uint256 t; t < templateCount; ++t) {
            packed = bytes.concat(packed, templates[t]);
        }
        packed = bytes.concat(packed, abi.encodePacked(uint16(batch.length)), items);
    }

    /// @dev The 167 bytes of a fulfillment's template: its request's shared fields and its shapes.
    function templateOf(Fulfillment memory f) internal pure returns (bytes memory) {
        Request memory r = f.request;
        return bytes.concat(
            abi.encodePacked(r.requester, r.modelId, r.version, r.circuitId, uint8(r.inputMode), r.dataOwner),
            abi.encodePacked(
                r.servingNode,
                r.callbackGasLimit,
                r.fee,
                r.callbackFee,
                r.weightsCommitment,
                uint16(r.inputWords.length),
                uint16(f.outputs.length),
                uint16(f.proof.length)
            )
        );
    }
}
