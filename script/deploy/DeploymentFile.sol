// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Vm} from "forge-std/Vm.sol";

/// @title DeploymentFile
/// @notice Renders `deployments/<chainId>.json`, what the oracle node, the explorer and `npm run deploy:check` read:
/// proxies and their implementations, the randomness source, the expiry keeper, the VRF subscription, price feeds, every registered
/// circuit with its verifier, the trusted setup its keys come from, the demo models, and where and from what the
/// deployment came.
/// @dev Format version 1; `script/check/deployment.ts` holds the matching TypeScript type. Integers that can exceed
/// 2^53 (the subscription id) are decimal strings so that JSON readers keep them exact.
library DeploymentFile {
    /// @notice Format version written to `format`.
    uint256 internal constant FORMAT = 1;

    /// @notice Where the deployment ran.
    struct Header {
        string network;
        string configPath;
        uint256 chainId;
        address deployer;
        /// @dev The chain head when the deployment began: every deployment transaction is in a later block.
        uint256 blockNumber;
        string gitCommit;
        uint256 timestamp;
    }

    /// @notice The UUPS proxies.
    struct Proxies {
        address timelock;
        address token;
        address vault;
        address governor;
        address modelRegistry;
        address dataRegistry;
        address dataRewards;
        address coordinator;
        address auditRegistry;
    }

    /// @notice The VRF coordinator and subscription EpochRandomness uses.
    struct Vrf {
        address coordinator;
        uint256 subscriptionId;
        bool mock;
    }

    /// @notice Registered circuits in registry id order (id = index + 1).
    struct Circuits {
        string[] keys;
        string[] verifierContracts;
        address[] verifiers;
    }

    /// @notice The trusted setup behind the registered circuits' keys.
    struct Setup {
        /// @dev The manifest's `setup.kind` ("dev", "ceremony").
        string kind;
        /// @dev Whether non-ceremony keys went to a non-local chain under SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP.
        bool overrideUsed;
    }

    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The deployment file's JSON text.
    function render(
        Header memory header,
        Proxies memory proxies,
        address randomness,
        address expiryKeeper,
        Vrf memory vrf,
        string[] memory feedNames,
        address[] memory feeds,
        Circuits memory circuits,
        Setup memory setup,
        string[] memory modelNames,
        uint256[] memory modelIds
    ) internal returns (string memory) {
        string memory root = "deployment";
        vm.serializeUint(root, "format", FORMAT);
        vm.serializeString(root, "network", header.network);
        vm.serializeString(root, "config", header.configPath);
        vm.serializeUint(root, "chainId", header.chainId);
        vm.serializeAddress(root, "deployer", header.deployer);
        vm.serializeUint(root, "blockNumber", header.blockNumber);
        vm.serializeString(root, "gitCommit", header.gitCommit);
        vm.serializeUint(root, "timestamp", header.timestamp);
        vm.serializeString(root, "contracts", _contracts(proxies, randomness, expiryKeeper));
        vm.serializeString(root, "implementations", _implementations(proxies));
        vm.serializeString(root, "vrf", _vrf(vrf));
        vm.serializeString(root, "priceFeeds", _feeds(feedNames, feeds));
        vm.serializeString(root, "circuits", _circuits(circuits));
        vm.serializeString(root, "trustedSetup", _setup(setup));
        return vm.serializeString(root, "demoModels", _models(modelNames, modelIds));
    }

    function _contracts(Proxies memory p, address randomness, address expiryKeeper) private returns (string memory) {
        string memory o = "deployment.contracts";
        vm.serializeAddress(o, "timelock", p.timelock);
        vm.serializeAddress(o, "token", p.token);
        vm.serializeAddress(o, "stakingVault", p.vault);
        vm.serializeAddress(o, "governor", p.governor);
        vm.serializeAddress(o, "modelRegistry", p.modelRegistry);
        vm.serializeAddress(o, "dataRegistry", p.dataRegistry);
        vm.serializeAddress(o, "dataRewards", p.dataRewards);
        vm.serializeAddress(o, "coordinator", p.coordinator);
        vm.serializeAddress(o, "auditRegistry", p.auditRegistry);
        vm.serializeAddress(o, "expiryKeeper", expiryKeeper);
        return vm.serializeAddress(o, "epochRandomness", randomness);
    }

    function _implementations(Proxies memory p) private returns (string memory) {
        string memory o = "deployment.implementations";
        vm.serializeAddress(o, "timelock", _implementation(p.timelock));
        vm.serializeAddress(o, "token", _implementation(p.token));
        vm.serializeAddress(o, "stakingVault", _implementation(p.vault));
        vm.serializeAddress(o, "governor", _implementation(p.governor));
        vm.serializeAddress(o, "modelRegistry", _implementation(p.modelRegistry));
        vm.serializeAddress(o, "dataRegistry", _implementation(p.dataRegistry));
        vm.serializeAddress(o, "dataRewards", _implementation(p.dataRewards));
        vm.serializeAddress(o, "coordinator", _implementation(p.coordinator));
        return vm.serializeAddress(o, "auditRegistry", _implementation(p.auditRegistry));
    }

    function _vrf(Vrf memory vrf) private returns (string memory) {
        string memory o = "deployment.vrf";
        vm.serializeAddress(o, "coordinator", vrf.coordinator);
        vm.serializeString(o, "subscriptionId", vm.toString(vrf.subscriptionId));
        return vm.serializeBool(o, "mock", vrf.mock);
    }

    function _feeds(string[] memory names, address[] memory feeds) private returns (string memory json) {
        string memory o = "deployment.priceFeeds";
        json = "{}";
        for (uint256 i; i < names.length; ++i) {
            json = vm.serializeAddress(o, names[i], feeds[i]);
        }
    }

    function _circuits(Circuits memory c) private returns (string[] memory items) {
        items = new string[](c.keys.length);
        for (uint256 i; i < items.length; ++i) {
            string memory o = string.concat("deployment.circuits.", vm.toString(i));
            vm.serializeUint(o, "id", i + 1);
            vm.serializeString(o, "key", c.keys[i]);
            vm.serializeString(o, "verifierContract", c.verifierContracts[i]);
            items[i] = vm.serializeAddress(o, "verifier", c.verifiers[i]);
        }
    }

    function _setup(Setup memory setup) private returns (string memory) {
        string memory o = "deployment.trustedSetup";
        vm.serializeString(o, "kind", setup.kind);
        return vm.serializeBool(o, "overrideUsed", setup.overrideUsed);
    }

    function _models(string[] memory names, uint256[] memory ids) private returns (string[] memory items) {
        items = new string[](names.length);
        for (uint256 i; i < items.length; ++i) {
            string memory o = string.concat("deployment.demoModels.", vm.toString(i));
            vm.serializeUint(o, "id", ids[i]);
            items[i] = vm.serializeString(o, "name", names[i]);
        }
    }

    function _implementation(address proxy) private view returns (address) {
        return address(uint160(uint256(vm.load(proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }
}
