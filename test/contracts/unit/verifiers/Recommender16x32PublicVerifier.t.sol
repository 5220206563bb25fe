// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Recommender16x32PublicVerifier} from "../../../../contracts/verifiers/Recommender16x32PublicVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Recommender16x32PublicVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "recommender16x32-public-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Recommender16x32PublicVerifier());
    }
}
