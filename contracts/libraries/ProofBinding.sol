// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title ProofBinding
/// @notice The `binding` public input every Symbiote inference proof carries. The circuits constrain it, so a
/// proof made for one (chain, coordinator, request, operator) does not verify for any other: it cannot be
/// replayed for another request nor submitted by another operator who copied it from the mempool.
/// @dev The oracle computes the same value in TypeScript (oracle/src/zk/binding.ts, computeBinding).
library ProofBinding {
    /// @notice The binding of a proof to one request served by one operator.
    /// @dev keccak256 output is 256 bits and r (ProtocolConstants.SNARK_SCALAR_FIELD: every verifier refuses a public
    /// input at or above it) is about 2^254, so the reduction keeps every binding a valid public input; the slight bias
    /// this adds is irrelevant for a value that is only compared for equality.
    /// @param chainId The chain the coordinator lives on (block.chainid).
    /// @param coordinator The coordinator contract that will verify the proof.
    /// @param requestId The request the proof answers.
    /// @param operator The operator allowed to submit the proof.
    /// @return The binding as a field element.
    function binding(uint256 chainId, address coordinator, uint256 requestId, address operator)
        internal
        pure
        returns (uint256)
    {
        // keccak256(abi.encode(chainId, coordinator, requestId, operator)), hashed in scratch memory past the free
        // memory pointer: a batch computes one binding per item, and each abi.encode would allocate.
        bytes32 digest;
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore(buffer, chainId)
            mstore(add(buffer, 0x20), and(coordinator, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(buffer, 0x40), requestId)
            mstore(add(buffer, 0x60), and(operator, 0xffffffffffffffffffffffffffffffffffffffff))
            digest := keccak256(buffer, 0x80)
        }
        return uint256(digest) % ProtocolConstants.SNARK_SCALAR_FIELD;
    }
}
