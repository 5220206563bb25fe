// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Classifier16PublicPlonkVerifier} from "../../../../contracts/verifiers/Classifier16PublicPlonkVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Classifier16PublicPlonkVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "classifier16-public-plonk.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Classifier16PublicPlonkVerifier());
    }
}
