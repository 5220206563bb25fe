// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {CircuitShapes} from "../../../../contracts/libraries/CircuitShapes.sol";
import {Family} from "../../../../contracts/types/ModelTypes.sol";

contract CircuitShapesTest is Test {
    /// @dev A circuit stored before the full shape existed has no `dims`: its summary gives them.
    function test_full_derivesTheShapeOfACircuitStoredBeforeDims() public pure {
        uint16[] memory none = new uint16[](0);
        uint16[] memory classifier = CircuitShapes.full(Family.Classifier, [uint16(16), 0, 0], none);
        assertEq(classifier.length, 1);
        assertEq(classifier[0], 16);
        uint16[] memory recommender = CircuitShapes.full(Family.Recommender, [uint16(16), 32, 3], none);
        assertEq(recommender.length, 3);
        assertEq(recommender[2], 3);
    }

    function test_full_keepsStoredDims() public pure {
        uint16[] memory dims = new uint16[](4);
        (dims[0], dims[1], dims[2], dims[3]) = (32, 10, 4, 1);
        assertEq(
            keccak256(abi.encode(CircuitShapes.full(Family.TreeEnsemble, [uint16(32), 10, 4], dims))),
            keccak256(abi.encode(dims))
        );
    }

    function test_isValid_perFamily() public pure {
        uint16[] memory one = new uint16[](1);
        one[0] = 16;
        assertTrue(CircuitShapes.isValid(Family.Classifier, [uint16(16), 0, 0], one));
        assertFalse(CircuitShapes.isValid(Family.Classifier, [uint16(16), 1, 0], one));
        assertFalse(CircuitShapes.isValid(Family.Dense, [uint16(16), 0, 16], one));

        uint16[] memory three = new uint16[](3);
        (three[0], three[1], three[2]) = (16, 32, 4);
        assertTrue(CircuitShapes.isValid(Family.Mlp, [uint16(16), 32, 4], three));
        assertTrue(CircuitShapes.isValid(Family.Dense, [uint16(16), 2, 4], three));
        assertFalse(CircuitShapes.isValid(Family.Dense, [uint16(16), 32, 4], three));
        assertFalse(CircuitShapes.isValid(Family.TreeEnsemble, [uint16(16), 32, 4], three));
    }
}
