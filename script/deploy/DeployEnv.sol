// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm, VmSafe} from "forge-std/Vm.sol";

import {TrustedSetup} from "./TrustedSetup.sol";

/// @title DeployEnv
/// @notice What the deployment scripts take from the environment: secrets and run metadata never live in the
/// configuration files.
library DeployEnv {
    /// @notice anvil's first development key: public knowledge, so it is only ever a default on chain 31337.
    uint256 internal constant ANVIL_KEY_0 = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The deployer's key: `PRIVATE_KEY`, or anvil's first key on a local chain.
    function deployerKey() internal view returns (uint256) {
        if (block.chainid == 31_337) return vm.envOr("PRIVATE_KEY", ANVIL_KEY_0);
        if (!vm.envExists("PRIVATE_KEY")) {
            revert("PRIVATE_KEY is not set: export the deployer's 0x-prefixed key (see docs/deployment.md)");
        }
        return vm.envUint("PRIVATE_KEY");
    }

    /// @notice Whether `SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP` lets non-ceremony keys reach a non-local chain: unset or
    /// empty is no, its one accepted value (TrustedSetup.OVERRIDE_VALUE) is yes, anything else reverts.
    function trustedSetupOverride() internal view returns (bool) {
        return TrustedSetup.overrideGiven(vm.envOr(TrustedSetup.OVERRIDE_NAME, string("")));
    }

    /// @notice True when the script's transactions are being sent (not a dry run or a test).
    function broadcasting() internal view returns (bool) {
        return vm.isContext(VmSafe.ForgeContext.ScriptBroadcast) || vm.isContext(VmSafe.ForgeContext.ScriptResume);
    }

    /// @notice The commit the deployment was built from: `GIT_COMMIT` (npm run deploy:local sets it).
    function gitCommit() internal view returns (string memory) {
        return vm.envOr("GIT_COMMIT", string("unknown"));
    }

    /// @notice The deployment file of a chain: `DEPLOYMENT_FILE`, or deployments/<chainId>.json.
    function deploymentPath(uint256 chainId) internal view returns (string memory) {
        return vm.envOr("DEPLOYMENT_FILE", string.concat("deployments/", vm.toString(chainId), ".json"));
    }

    /// @notice The file LocalMocks writes and Deploy reads on a local chain: beside the deployment file
    /// (deployments/31337.mocks.json by default), so that runs with their own DEPLOYMENT_FILE never share mocks.
    function mocksPath(uint256 chainId) internal view returns (string memory) {
        bytes memory path = bytes(deploymentPath(chainId));
        bytes memory suffix = ".json";
        uint256 stem = path.length;
        if (stem >= suffix.length && _endsWith(path, suffix)) stem -= suffix.length;
        bytes memory base = new bytes(stem);
        for (uint256 i; i < stem; ++i) {
            base[i] = path[i];
        }
        return string.concat(string(base), ".mocks.json");
    }

    function _endsWith(bytes memory value, bytes memory suffix) private pure returns (bool) {
        uint256 offset = value.length - suffix.length;
        for (uint256 i; i < suffix.length; ++i) {
            if (value[offset + i] != suffix[i]) return false;
        }
        return true;
    }
}
