// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    Classifier16CommittedPlonkVerifier
} from "../../../../contracts/verifiers/Classifier16CommittedPlonkVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Classifier16CommittedPlonkVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "classifier16-committed-plonk.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16CommittedPlonkVerifier());
    }
}
