// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Recommender16x32CommittedVerifier} from "../../../../contracts/verifiers/Recommender16x32CommittedVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Recommender16x32CommittedVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "recommender16x32-committed-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Recommender16x32CommittedVerifier());
    }
}
