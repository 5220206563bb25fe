// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Test} from "forge-std/Test.sol";

import {DataMerkle} from "../../utils/DataMerkle.sol";

/// @notice The test helper that builds training-data trees must agree with the trainer, or the DataRewards tests would
/// prove nothing about the trees that reach the chain.
contract DataMerkleTest is Test {
    string internal fixture;

    function setUp() public {
        fixture = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/merkle/reward-trees.json"));
    }

    /// @dev Every fixture tree (1, 2, 5 and 9 leaves, ids and weights up to 2^200): same root, same proofs.
    function test_build_matchesEveryTrainerTree() public view {
        uint256 treeCount = vm.parseJsonUint(fixture, ".treeCount");
        assertEq(treeCount, 4);
        for (uint256 t; t < treeCount; ++t) {
            string memory tree = string.concat(".trees[", vm.toString(t), "]");
            uint256 leafCount = vm.parseJsonUint(fixture, string.concat(tree, ".leafCount"));
            uint256[] memory ids = new uint256[](leafCount);
            uint256[] memory weights = new uint256[](leafCount);
            for (uint256 i; i < leafCount; ++i) {
                string memory leaf = string.concat(tree, ".leaves[", vm.toString(i), "]");
                ids[i] = vm.parseJsonUint(fixture, string.concat(leaf, ".contributionId"));
                weights[i] = vm.parseJsonUint(fixture, string.concat(leaf, ".weight"));
            }
            bytes32[] memory nodes = DataMerkle.build(ids, weights);
            assertEq(DataMerkle.root(nodes), vm.parseJsonBytes32(fixture, string.concat(tree, ".root")), "root");
            for (uint256 i; i < leafCount; ++i) {
                string memory leaf = string.concat(tree, ".leaves[", vm.toString(i), "]");
                bytes32[] memory expected = vm.parseJsonBytes32Array(fixture, string.concat(leaf, ".proof"));
                bytes32[] memory proof = DataMerkle.proof(nodes, ids[i], weights[i]);
                assertEq(proof, expected, "proof");
                assertEq(
                    DataMerkle.leafHash(ids[i], weights[i]),
                    vm.parseJsonBytes32(fixture, string.concat(leaf, ".leafHash"))
                );
            }
        }
    }

    /// @dev Random trees: every leaf's proof verifies with OpenZeppelin's MerkleProof, and a changed weight does not.
    function testFuzz_proof_verifiesWithOpenZeppelin(uint256 seed, uint8 leafCount) public pure {
        uint256 n = bound(leafCount, 1, 24);
        uint256[] memory ids = new uint256[](n);
        uint256[] memory weights = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = i + 1;
            weights[i] = uint256(keccak256(abi.encode(seed, i))) % 1e12;
        }
        bytes32[] memory nodes = DataMerkle.build(ids, weights);
        bytes32 root = DataMerkle.root(nodes);
        for (uint256 i; i < n; ++i) {
            bytes32[] memory proof = DataMerkle.proof(nodes, ids[i], weights[i]);
            assertTrue(MerkleProof.verify(proof, root, DataMerkle.leafHash(ids[i], weights[i])));
            assertFalse(MerkleProof.verify(proof, root, DataMerkle.leafHash(ids[i], weights[i] + 1)));
        }
    }

    function test_RevertWhen_askingForALeafNotInTheTree() public {
        bytes32[] memory nodes = DataMerkle.build(_pair(1, 2), _pair(10, 20));
        vm.expectRevert(abi.encodeWithSelector(DataMerkle.DataMerkleUnknownLeaf.selector, 1, 20));
        this.proofOf(nodes, 1, 20);
    }

    function test_RevertWhen_buildingWithoutLeaves() public {
        vm.expectRevert(abi.encodeWithSelector(DataMerkle.DataMerkleBadLeaves.selector, 0, 0));
        this.buildOf(new uint256[](0), new uint256[](0));
    }

    /// @dev External so that a revert inside the library can be expected.
    function proofOf(bytes32[] calldata nodes, uint256 id, uint256 weight) external pure returns (bytes32[] memory) {
        return DataMerkle.proof(nodes, id, weight);
    }

    function buildOf(uint256[] calldata ids, uint256[] calldata weights) external pure returns (bytes32[] memory) {
        return DataMerkle.build(ids, weights);
    }

    function _pair(uint256 a, uint256 b) private pure returns (uint256[] memory values) {
        values = new uint256[](2);
        (values[0], values[1]) = (a, b);
    }
}
