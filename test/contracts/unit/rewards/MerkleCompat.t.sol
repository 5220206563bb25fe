// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Checks that training-data trees built by the TypeScript trainer (oracle/src/data/merkle.ts) verify with
/// OpenZeppelin's MerkleProof, the library DataRewards uses. The fixture is written by test/train/merkleFixture.ts and
/// kept in sync by test/train/merkle.test.ts.
contract MerkleCompatTest is Test {
    string internal fixture;
    uint256 internal treeCount;

    function setUp() public {
        fixture = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/merkle/reward-trees.json"));
        treeCount = vm.parseJsonUint(fixture, ".treeCount");
    }

    /// @dev The leaf encoding DataRewards recomputes from (contributionId, weight): hashed twice so a leaf preimage
    /// can never be read as an inner node.
    function _leaf(uint256 contributionId, uint256 weight) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(contributionId, weight))));
    }

    function _tree(uint256 t) internal view returns (string memory path, bytes32 root, uint256 leafCount) {
        path = string.concat(".trees[", vm.toString(t), "]");
        root = vm.parseJsonBytes32(fixture, string.concat(path, ".root"));
        leafCount = vm.parseJsonUint(fixture, string.concat(path, ".leafCount"));
    }

    function _leafAt(string memory treePath, uint256 i)
        internal
        view
        returns (uint256 contributionId, uint256 weight, bytes32[] memory proof)
    {
        string memory path = string.concat(treePath, ".leaves[", vm.toString(i), "]");
        contributionId = vm.parseJsonUint(fixture, string.concat(path, ".contributionId"));
        weight = vm.parseJsonUint(fixture, string.concat(path, ".weight"));
        proof = vm.parseJsonBytes32Array(fixture, string.concat(path, ".proof"));
    }

    function test_fixture_HasTrees() public view {
        assertEq(treeCount, 4);
    }

    function test_verify_AcceptsEveryTypeScriptProof() public view {
        for (uint256 t = 0; t < treeCount; t++) {
            (string memory path, bytes32 root, uint256 leafCount) = _tree(t);
            for (uint256 i = 0; i < leafCount; i++) {
                (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, i);
                bytes32 leaf = _leaf(id, weight);
                assertEq(
                    leaf, vm.parseJsonBytes32(fixture, string.concat(path, ".leaves[", vm.toString(i), "].leafHash"))
                );
                assertTrue(MerkleProof.verify(proof, root, leaf), "valid proof rejected");
                assertEq(MerkleProof.processProof(proof, leaf), root);
            }
        }
    }

    function test_verify_RejectsWrongWeight() public view {
        for (uint256 t = 0; t < treeCount; t++) {
            (string memory path, bytes32 root, uint256 leafCount) = _tree(t);
            for (uint256 i = 0; i < leafCount; i++) {
                (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, i);
                assertFalse(MerkleProof.verify(proof, root, _leaf(id, weight + 1)), "inflated weight accepted");
            }
        }
    }

    function test_verify_RejectsWrongContributionId() public view {
        for (uint256 t = 0; t < treeCount; t++) {
            (string memory path, bytes32 root, uint256 leafCount) = _tree(t);
            for (uint256 i = 0; i < leafCount; i++) {
                (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, i);
                assertFalse(MerkleProof.verify(proof, root, _leaf(id ^ 1, weight)), "other contribution accepted");
            }
        }
    }

    /// @dev A proof for one model version must not verify against another version's root.
    function test_verify_RejectsAnotherVersionsRoot() public view {
        for (uint256 t = 0; t < treeCount; t++) {
            (string memory path,, uint256 leafCount) = _tree(t);
            (, bytes32 otherRoot,) = _tree((t + 1) % treeCount);
            for (uint256 i = 0; i < leafCount; i++) {
                (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, i);
                assertFalse(MerkleProof.verify(proof, otherRoot, _leaf(id, weight)), "proof verified for another root");
            }
        }
    }

    /// @dev The unencoded 64-byte pair (id, weight) is not a leaf: only the double-hashed encoding verifies.
    function test_verify_RejectsSingleHashedLeaf() public view {
        (string memory path, bytes32 root,) = _tree(2);
        (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, 0);
        assertFalse(MerkleProof.verify(proof, root, keccak256(abi.encode(id, weight))));
    }

    function testFuzz_verify_RejectsTamperedProof(uint256 leafIndex, uint256 nodeIndex, bytes32 replacement)
        public
        view
    {
        (string memory path, bytes32 root, uint256 leafCount) = _tree(3);
        (uint256 id, uint256 weight, bytes32[] memory proof) = _leafAt(path, bound(leafIndex, 0, leafCount - 1));
        uint256 n = bound(nodeIndex, 0, proof.length - 1);
        vm.assume(proof[n] != replacement);
        proof[n] = replacement;
        assertFalse(MerkleProof.verify(proof, root, _leaf(id, weight)));
    }
}
