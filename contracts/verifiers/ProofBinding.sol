// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ProofBinding
/// @notice The `binding` public input every Symbiote inference proof carries. The circuits constrain it, so a
/// proof made for one (chain, coordinator, request, operator) does not verify for any other: it cannot be
/// replayed for another request nor submitted by another operator who copied it from the mempool.
/// @dev The oracle computes the same value in TypeScript (oracle/src/zk/binding.ts, computeBinding).
library ProofBinding {
    /// @dev BN254 scalar field modulus r: every verifier refuses a public input at or above it.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;

    /// @notice The binding of a proof to one request served by one operator.
    /// @dev keccak256 output is 256 bits and r is about 2^254, so the reduction keeps every binding a valid public
    /// input; the slight bias this adds is irrelevant for a value that is only compared for equality.
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
        return uint256(keccak256(abi.encode(chainId, coordinator, requestId, operator))) % SNARK_SCALAR_FIELD;
    }
}
