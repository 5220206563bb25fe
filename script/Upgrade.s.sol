// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC1822Proxiable} from "@openzeppelin/contracts/interfaces/draft-IERC1822.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {Script, console} from "forge-std/Script.sol";

import {DeployEnv} from "./deploy/DeployEnv.sol";

/// @title Upgrade
/// @notice Deploys a new implementation of one proxied contract and prints the governance proposal that upgrades the
/// proxy to it: targets, values, calldatas, description, proposal id, and the `cast` commands to propose, queue and
/// execute. With PROPOSE=true it also submits the proposal from STAKER_KEY (an account with enough voting power).
/// @dev Every upgrade right sits with the timelock, so an upgrade is always a proposal: the calldata is
/// `upgradeToAndCall(newImplementation, "")` on the proxy, executed by the timelock. That holds for the timelock itself
/// (it upgrades itself from one of its own operations) and for the governor (`onlyGovernance`). Run
/// `npm run check:upgrades` first: it validates storage-layout compatibility.
///
/// Environment: CONTRACT (token | stakingVault | governor | timelock | modelRegistry | dataRegistry | dataRewards |
/// coordinator | auditRegistry), PRIVATE_KEY (pays for the implementation; anvil's first key on 31337), DEPLOYMENT_FILE (default
/// deployments/<chainId>.json), DESCRIPTION (default "Upgrade <CONTRACT> to <address>"), PROPOSE (default false),
/// STAKER_KEY (required with PROPOSE=true).
///
/// `forge script script/Upgrade.s.sol --rpc-url $RPC_URL --broadcast [--verify]`
contract Upgrade is Script {
    /// @notice The proposal an upgrade needs.
    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    /// @notice What is being upgraded, from the deployment file.
    struct Target {
        string name;
        address proxy;
        address governor;
        address currentImplementation;
    }

    /// @notice Deploys the implementation named by CONTRACT and prints (and with PROPOSE=true submits) the proposal.
    function run() external returns (address implementation, uint256 proposalId) {
        Target memory target = _target(vm.envOr("CONTRACT", string("")));
        implementation = _deployImplementation(artifactOf(target.name));
        Proposal memory p = proposalFor(
            target.proxy,
            implementation,
            vm.envOr("DESCRIPTION", string.concat("Upgrade ", target.name, " to ", vm.toString(implementation)))
        );
        proposalId =
            IGovernor(target.governor).hashProposal(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        _print(target, implementation, proposalId, p);
        if (vm.envOr("PROPOSE", false)) _propose(target.governor, p, proposalId);
    }

    /// @notice The artifact of a deployment-file contract name, or a revert listing the names.
    /// @param name A key of the deployment file's `contracts` (proxies only).
    function artifactOf(string memory name) public pure returns (string memory) {
        bytes32 h = keccak256(bytes(name));
        if (h == keccak256("token")) return "SymbioteToken.sol:SymbioteToken";
        if (h == keccak256("stakingVault")) return "StakingVault.sol:StakingVault";
        if (h == keccak256("governor")) return "SymbioteGovernor.sol:SymbioteGovernor";
        if (h == keccak256("timelock")) return "SymbioteTimelock.sol:SymbioteTimelock";
        if (h == keccak256("modelRegistry")) return "ModelRegistry.sol:ModelRegistry";
        if (h == keccak256("dataRegistry")) return "DataRegistry.sol:DataRegistry";
        if (h == keccak256("dataRewards")) return "DataRewards.sol:DataRewards";
        if (h == keccak256("coordinator")) return "InferenceCoordinator.sol:InferenceCoordinator";
        if (h == keccak256("auditRegistry")) return "AuditRegistry.sol:AuditRegistry";
        revert(
            string.concat(
                "CONTRACT='",
                name,
                "' is not upgradeable; use one of token, stakingVault, governor, timelock, modelRegistry, ",
                "dataRegistry, dataRewards, coordinator, auditRegistry"
            )
        );
    }

    /// @notice The one-call proposal that upgrades `proxy` to `implementation`.
    function proposalFor(address proxy, address implementation, string memory description)
        public
        pure
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.targets[0] = proxy;
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (implementation, ""));
        p.description = description;
    }

    function _target(string memory name) internal view returns (Target memory target) {
        artifactOf(name); // refuses an unknown name before anything is read
        string memory path = DeployEnv.deploymentPath(block.chainid);
        string memory json;
        try vm.readFile(path) returns (string memory text) {
            json = text;
        } catch {
            revert(string.concat("cannot read ", path, ": deploy first, or set DEPLOYMENT_FILE"));
        }
        target.name = name;
        target.proxy = vm.parseJsonAddress(json, string.concat(".contracts.", name));
        target.governor = vm.parseJsonAddress(json, ".contracts.governor");
        target.currentImplementation =
            address(uint160(uint256(vm.load(target.proxy, ERC1967Utils.IMPLEMENTATION_SLOT))));
    }

    function _deployImplementation(string memory artifact) internal returns (address implementation) {
        vm.startBroadcast(DeployEnv.deployerKey());
        implementation = _create(artifact);
        vm.stopBroadcast();
        // A UUPS implementation answers proxiableUUID with the ERC-1967 slot; anything else would brick the proxy.
        if (IERC1822Proxiable(implementation).proxiableUUID() != ERC1967Utils.IMPLEMENTATION_SLOT) {
            revert(string.concat(artifact, " is not a UUPS implementation"));
        }
    }

    function _propose(address governor, Proposal memory p, uint256 proposalId) internal {
        if (!vm.envExists("STAKER_KEY")) revert("PROPOSE=true needs STAKER_KEY: the key of a staker with votes");
        uint256 stakerKey = vm.envUint("STAKER_KEY");
        _checkVotes(governor, vm.addr(stakerKey));
        vm.startBroadcast(stakerKey);
        IGovernor(governor).propose(p.targets, p.values, p.calldatas, p.description);
        vm.stopBroadcast();
        console.log("proposed: %s", vm.toString(proposalId));
    }

    function _create(string memory artifact) internal returns (address implementation) {
        bytes memory code;
        try vm.getCode(artifact) returns (bytes memory compiled) {
            code = compiled;
        } catch {
            revert(string.concat("no compiled artifact ", artifact, ": run `forge build`"));
        }
        assembly ("memory-safe") {
            implementation := create(0, add(code, 0x20), mload(code))
        }
        if (implementation == address(0)) revert(string.concat("deploying ", artifact, " failed"));
    }

    /// @dev A proposal from an account below the threshold reverts inside the governor; say so before sending.
    function _checkVotes(address governor, address staker) internal view {
        // The governor's clock is the vault's (timestamp): votes are read one second back, as propose does.
        uint256 timepoint = IGovernor(governor).clock() - 1;
        uint256 votes = IGovernor(governor).getVotes(staker, timepoint);
        uint256 threshold = IGovernor(governor).proposalThreshold();
        if (votes < threshold) {
            revert(
                string.concat(
                    "STAKER_KEY's account ",
                    vm.toString(staker),
                    " has ",
                    vm.toString(votes),
                    " votes; proposing needs ",
                    vm.toString(threshold),
                    " (stake in the StakingVault, then wait one second for the checkpoint)"
                )
            );
        }
    }

    function _print(Target memory target, address implementation, uint256 proposalId, Proposal memory p) internal pure {
        address governor = target.governor;
        string memory arrays =
            string.concat("'[", vm.toString(p.targets[0]), "]' '[0]' '[", vm.toString(p.calldatas[0]), "]' ");
        bytes32 descriptionHash = keccak256(bytes(p.description));
        console.log("Upgrade %s (proxy %s)", target.name, target.proxy);
        console.log("  current implementation: %s", target.currentImplementation);
        console.log("  new implementation:     %s", implementation);
        console.log("Proposal");
        console.log("  targets:   [%s]", vm.toString(p.targets[0]));
        console.log("  values:    [0]");
        console.log("  calldatas: [%s]", vm.toString(p.calldatas[0]));
        console.log("  description: %s", p.description);
        console.log("  proposal id: %s", vm.toString(proposalId));
        console.log("Propose (from a staker with at least the proposal threshold of votes):");
        console.log(
            string.concat(
                "  cast send ",
                vm.toString(governor),
                " 'propose(address[],uint256[],bytes[],string)' ",
                arrays,
                "'",
                p.description,
                "' --private-key $STAKER_KEY --rpc-url $RPC_URL"
            )
        );
        console.log("After the vote succeeds, queue; after the timelock delay, execute (anyone):");
        console.log(
            string.concat(
                "  cast send ",
                vm.toString(governor),
                " 'queue(address[],uint256[],bytes[],bytes32)' ",
                arrays,
                vm.toString(descriptionHash),
                " --private-key $KEY --rpc-url $RPC_URL"
            )
        );
        console.log(
            string.concat(
                "  cast send ",
                vm.toString(governor),
                " 'execute(address[],uint256[],bytes[],bytes32)' ",
                arrays,
                vm.toString(descriptionHash),
                " --private-key $KEY --rpc-url $RPC_URL"
            )
        );
    }
}
