// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Builds training-data Merkle trees in tests exactly as the trainer (oracle/src/data/merkle.ts) and
/// OpenZeppelin's StandardMerkleTree do: leaf = keccak256(bytes.concat(keccak256(abi.encode(contributionId,
/// weight)))), leaves sorted by hash and laid out from the end of the node array, inner node i = the sorted-pair
/// keccak of nodes 2i+1 and 2i+2, root at index 0.
library DataMerkle {
    /// @dev A leaf was asked for that is not in the tree.
    error DataMerkleUnknownLeaf(uint256 contributionId, uint256 weight);
    /// @dev A tree needs at least one leaf, and as many weights as ids.
    error DataMerkleBadLeaves(uint256 ids, uint256 weights);

    function leafHash(uint256 contributionId, uint256 weight) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contributionId, weight))));
    }

    /// @dev Commutative pair hash, as OpenZeppelin's `Hashes.commutativeKeccak256`.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @notice The node array of the tree over (ids[i], weights[i]); `nodes[0]` is the root.
    function build(uint256[] memory ids, uint256[] memory weights) internal pure returns (bytes32[] memory nodes) {
        uint256 n = ids.length;
        if (n == 0 || n != weights.length) revert DataMerkleBadLeaves(n, weights.length);
        bytes32[] memory sorted = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            sorted[i] = leafHash(ids[i], weights[i]);
        }
        _sort(sorted);
        nodes = new bytes32[](2 * n - 1);
        for (uint256 i; i < n; ++i) {
            nodes[nodes.length - 1 - i] = sorted[i];
        }
        for (uint256 i = nodes.length - n; i > 0; --i) {
            nodes[i - 1] = hashPair(nodes[2 * i - 1], nodes[2 * i]);
        }
    }

    function root(bytes32[] memory nodes) internal pure returns (bytes32) {
        return nodes[0];
    }

    /// @notice The sibling hashes from the leaf up to (not including) the root.
    function proof(bytes32[] memory nodes, uint256 contributionId, uint256 weight)
        internal
        pure
        returns (bytes32[] memory path)
    {
        bytes32 leaf = leafHash(contributionId, weight);
        uint256 leafCount = (nodes.length + 1) / 2;
        uint256 index = type(uint256).max;
        for (uint256 i = nodes.length - leafCount; i < nodes.length; ++i) {
            if (nodes[i] == leaf) index = i;
        }
        if (index == type(uint256).max) revert DataMerkleUnknownLeaf(contributionId, weight);
        uint256 depth;
        for (uint256 i = index; i > 0; i = (i - 1) / 2) {
            ++depth;
        }
        path = new bytes32[](depth);
        for (uint256 d; d < depth; ++d) {
            // Odd indices are left children, so their sibling is on the right.
            path[d] = nodes[index % 2 == 1 ? index + 1 : index - 1];
            index = (index - 1) / 2;
        }
    }

    /// @dev Insertion sort, ascending: trees in tests are small.
    function _sort(bytes32[] memory values) private pure {
        for (uint256 i = 1; i < values.length; ++i) {
            bytes32 value = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > value) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = value;
        }
    }
}
