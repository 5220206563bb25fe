// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Mlp16x32x4CommittedVerifier} from "../../../../contracts/verifiers/Mlp16x32x4CommittedVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Mlp16x32x4CommittedVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "mlp16x32x4-committed-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Mlp16x32x4CommittedVerifier());
    }
}
