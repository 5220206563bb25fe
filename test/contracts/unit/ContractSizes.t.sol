// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {DataRegistry} from "../../../contracts/data/DataRegistry.sol";
import {DataRewards} from "../../../contracts/data/DataRewards.sol";
import {SymbioteGovernor} from "../../../contracts/governance/SymbioteGovernor.sol";
import {SymbioteTimelock} from "../../../contracts/governance/SymbioteTimelock.sol";
import {ExpiryKeeper} from "../../../contracts/oracle/ExpiryKeeper.sol";
import {InferenceCoordinator} from "../../../contracts/oracle/InferenceCoordinator.sol";
import {ModelRegistry} from "../../../contracts/registry/ModelRegistry.sol";
import {StakingVault} from "../../../contracts/staking/StakingVault.sol";
import {SymbioteToken} from "../../../contracts/token/SymbioteToken.sol";

/// @notice Every contract the deployment ships fits the 24,576-byte runtime limit of EIP-170, so it can be deployed on
/// a chain that enforces it (anvil and forge tests do not by default).
contract ContractSizesTest is Test {
    uint256 internal constant MAX_RUNTIME_SIZE = 24_576;

    function test_everyDeployedContractFitsTheSizeLimit() public {
        _assertFits("InferenceCoordinator", address(new InferenceCoordinator()));
        _assertFits("StakingVault", address(new StakingVault()));
        _assertFits("SymbioteGovernor", address(new SymbioteGovernor()));
        _assertFits("SymbioteTimelock", address(new SymbioteTimelock()));
        _assertFits("SymbioteToken", address(new SymbioteToken()));
        _assertFits("ModelRegistry", address(new ModelRegistry()));
        _assertFits("DataRegistry", address(new DataRegistry()));
        _assertFits("DataRewards", address(new DataRewards()));
        _assertFits("ExpiryKeeper", address(new ExpiryKeeper(address(1))));
    }

    function _assertFits(string memory name, address deployed) private view {
        assertLe(deployed.code.length, MAX_RUNTIME_SIZE, string.concat(name, " exceeds the contract size limit"));
    }
}
