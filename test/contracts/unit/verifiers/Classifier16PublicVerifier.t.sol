// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Classifier16PublicVerifier} from "../../../../contracts/verifiers/Classifier16PublicVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Classifier16PublicVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "classifier16-public-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16PublicVerifier());
    }
}
