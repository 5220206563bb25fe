// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Mlp16x32x4PublicVerifier} from "../../../../contracts/verifiers/Mlp16x32x4PublicVerifier.sol";
import {VerifierFixtureTest} from "./VerifierFixtureTest.sol";

contract Mlp16x32x4PublicVerifierTest is VerifierFixtureTest {
    function _fixtureFile() internal pure override returns (string memory) {
        return "mlp16x32x4-public-groth16.json";
    }

    function _deployVerifier() internal override returns (address) {
        return address(new Mlp16x32x4PublicVerifier());
    }
}
