// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Request} from "../types/InferenceTypes.sol";

/// @title DecisionHashes
/// @notice The hashes a fulfillment checks and records (see `Decision.hash`), computed from the calldata in place:
/// no copy of the request, the proof or the outputs is allocated in memory, which a batch would pay for per item.
/// @dev Each hash is exactly its `keccak256(abi.encode(...))` form. The memory past the free memory pointer is used as
/// scratch and never allocated.
library DecisionHashes {
    /// @dev The head of an ABI-encoded Request: fifteen static words and the offset of `inputWords`.
    uint256 private constant REQUEST_HEAD_BYTES = 0x200;

    /// @notice keccak256(abi.encode(request)), hashed from the request's calldata encoding as it is.
    /// @dev abi.encode of a struct with a dynamic member is the offset 0x20 followed by the tuple. A request passed
    /// back in its canonical encoding (every ABI encoder's) hashes to exactly that; any other encoding of the same
    /// values (another offset, dirty padding) hashes differently and so matches no stored request, which means every
    /// field read from a request that matched is the value that was hashed at request time.
    function ofRequest(Request calldata request) internal pure returns (bytes32 digest) {
        uint256 tupleBytes = REQUEST_HEAD_BYTES + 0x20 + request.inputWords.length * 0x20;
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore(buffer, 0x20)
            calldatacopy(add(buffer, 0x20), request, tupleBytes)
            digest := keccak256(buffer, add(tupleBytes, 0x20))
        }
    }

    /// @notice keccak256(proof).
    function ofProof(bytes calldata proof) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            calldatacopy(buffer, proof.offset, proof.length)
            digest := keccak256(buffer, proof.length)
        }
    }

    /// @notice keccak256(abi.encode(requestHash, outputs, proofHash, operator)): the decision a settled request's
    /// slot holds.
    function ofDecision(bytes32 requestHash, uint256[] calldata outputs, bytes32 proofHash, address operator)
        internal
        pure
        returns (bytes32 digest)
    {
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore(buffer, requestHash)
            mstore(add(buffer, 0x20), 0x80)
            mstore(add(buffer, 0x40), proofHash)
            mstore(add(buffer, 0x60), and(operator, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(buffer, 0x80), outputs.length)
            let outputBytes := shl(5, outputs.length)
            calldatacopy(add(buffer, 0xa0), outputs.offset, outputBytes)
            digest := keccak256(buffer, add(0xa0, outputBytes))
        }
    }
}
