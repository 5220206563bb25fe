// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TrainingDataLeaf
/// @notice The leaf of a model version's training-data Merkle tree, as the trainer writes it.
library TrainingDataLeaf {
    /// @notice The leaf of (contributionId, weight), as OpenZeppelin's StandardMerkleTree encodes
    /// ["uint256", "uint256"]: hashed twice so that a 64-byte leaf preimage can never pass for an inner node.
    function hash(uint256 contributionId, uint256 weight) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contributionId, weight))));
    }
}
