// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Classifier16CommittedVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "classifier16-committed-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16CommittedVerifier());
    }
}
