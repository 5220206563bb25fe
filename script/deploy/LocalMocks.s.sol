// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/shared/mocks/MockV3Aggregator.sol";
import {VRFCoordinatorV2_5Mock} from "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";
import {Script, console} from "forge-std/Script.sol";

import {DeployConfig} from "./DeployConfig.sol";
import {DeployEnv} from "./DeployEnv.sol";

/// @title LocalMocks
/// @notice First phase of a local deployment (chain 31337): a Chainlink VRF v2.5 coordinator mock with one
/// subscription, and a MockV3Aggregator per configured price feed. Writes `deployments/31337.mocks.json`, which
/// `Deploy.s.sol` reads.
/// @dev A separate phase because a VRF v2.5 subscription id hashes the previous block's hash: a forge script
/// simulates every transaction before it sends any, so an id created and used in one script run is the simulated id,
/// not the one the chain assigns. Once this phase is mined, the main deployment reads the real id from the mock.
contract LocalMocks is Script {
    /// @notice VRF mock pricing: 0.1 LINK base fee, 1 gwei gas price, 0.004 ETH per LINK (Chainlink's example values).
    uint96 internal constant MOCK_BASE_FEE = 0.1 ether;
    uint96 internal constant MOCK_GAS_PRICE = 1 gwei;
    int256 internal constant MOCK_WEI_PER_UNIT_LINK = 4e15;

    /// @notice Deploys the mocks with the configuration of the current chain and writes the mocks file.
    function run() external {
        DeployConfig.Config memory config = DeployConfig.load(
            DeployConfig.pathFor(block.chainid, vm.envOr("DEPLOY_NETWORK", string(""))), block.chainid
        );
        if (!config.vrf.mock) revert(string.concat(config.path, ": vrf.mock is false; LocalMocks has nothing to do"));
        uint256 key = DeployEnv.deployerKey();

        // createSubscription reads blockhash(block.number - 1), which underflows at the genesis block.
        if (block.number == 0) {
            revert("the chain is at its genesis block: mine one first (cast rpc anvil_mine --rpc-url <url>)");
        }
        vm.startBroadcast(key);
        VRFCoordinatorV2_5Mock vrf = new VRFCoordinatorV2_5Mock(MOCK_BASE_FEE, MOCK_GAS_PRICE, MOCK_WEI_PER_UNIT_LINK);
        // The id this returns during the simulation is not the one the chain assigns (see the contract's @dev): the
        // subscription is funded and given its consumer by Deploy, which reads the real id back from the mock.
        vrf.createSubscription();
        address[] memory feeds = new address[](config.priceFeeds.length);
        for (uint256 i; i < feeds.length; ++i) {
            feeds[i] = address(new MockV3Aggregator(config.priceFeeds[i].mockDecimals, config.priceFeeds[i].mockAnswer));
        }
        vm.stopBroadcast();

        string memory obj = "mocks";
        vm.serializeAddress(obj, "vrfCoordinator", address(vrf));
        string memory feedsObj = "mockFeeds";
        string memory feedsJson = "{}";
        for (uint256 i; i < feeds.length; ++i) {
            feedsJson = vm.serializeAddress(feedsObj, config.priceFeeds[i].name, feeds[i]);
        }
        string memory json = vm.serializeString(obj, "priceFeeds", feedsJson);
        if (DeployEnv.broadcasting()) {
            vm.createDir("deployments", true);
            vm.writeJson(json, DeployEnv.mocksPath(block.chainid));
            console.log("VRF coordinator mock:", address(vrf));
            console.log("wrote", DeployEnv.mocksPath(block.chainid));
        } else {
            console.log("dry run: nothing written (add --broadcast to deploy)");
        }
    }
}
