// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DataRewards} from "../../../contracts/data/DataRewards.sol";
import {ModelRegistry} from "../../../contracts/registry/ModelRegistry.sol";
import {Totals} from "../../../contracts/types/DataRewardsTypes.sol";
import {Family, InputMode} from "../../../contracts/types/ModelTypes.sol";
import {DataFixture} from "./DataFixture.sol";
import {DataMerkle} from "./DataMerkle.sol";
import {RegistryFixture} from "./RegistryFixture.sol";

/// @notice The data registry plus the real ModelRegistry and DataRewards behind proxies, all governed by the
/// timelock; one public classifier circuit registered by governance; a coordinator that deposits fees.
abstract contract DataRewardsFixture is DataFixture, RegistryFixture {
    DataRewards internal rewards;
    address internal rewardsTreasury = makeAddr("rewardsTreasury");
    address internal modelOwner = makeAddr("modelOwner");
    uint256 private _weightsPublished;
    uint32 internal circuitId;

    function _deployDataRewards() internal {
        _deployDataRegistry();
        registry = ModelRegistry(
            _proxy(address(new ModelRegistry()), abi.encodeCall(ModelRegistry.initialize, (address(timelock))))
        );
        // The registry only checks that a verifier has code; these tests never verify a proof.
        circuitId = _registerCircuit(
            _circuitParams(
                address(token), Family.Classifier, InputMode.Public, 1, 2, [uint16(16), uint16(0), uint16(0)]
            )
        );
        rewards = DataRewards(
            _proxy(
                address(new DataRewards()),
                abi.encodeCall(
                    DataRewards.initialize,
                    (address(token), address(registry), address(dataRegistry), rewardsTreasury, address(timelock))
                )
            )
        );
        vm.prank(coordinator);
        token.approve(address(rewards), type(uint256).max);
    }

    /// @dev Registers a model whose first version commits to `root` with `totalWeight`.
    function _registerModel(bytes32 root, uint128 totalWeight) internal returns (uint256 modelId) {
        vm.prank(modelOwner);
        modelId =
            registry.registerModel(circuitId, 0, 1 ether, false, _versionParams(_nextWeights(), root, totalWeight));
    }

    function _publish(uint256 modelId, bytes32 root, uint128 totalWeight) internal returns (uint32) {
        vm.prank(modelOwner);
        return registry.publishVersion(modelId, _versionParams(_nextWeights(), root, totalWeight));
    }

    /// @dev A weights commitment no version has published yet: these publications carry different data roots, and the
    /// registry refuses published weights under another root (RegistryCommitmentAlreadyPublished).
    function _nextWeights() private returns (uint256) {
        return ++_weightsPublished;
    }

    /// @dev Funds the coordinator from the token treasury and deposits `amount` for a version.
    function _deposit(uint256 modelId, uint32 version, uint256 amount) internal {
        _fund(coordinator, amount);
        vm.prank(coordinator);
        rewards.depositReward(modelId, version, amount);
    }

    function _claim(uint256 modelId, uint32 version, bytes32[] memory nodes, uint256 contributionId, uint256 weight)
        internal
        returns (uint256)
    {
        bytes32[] memory proof = DataMerkle.proof(nodes, contributionId, weight);
        return rewards.claim(modelId, version, contributionId, weight, proof);
    }

    function _sweep(uint256 modelId, uint32 version, bytes32[] memory nodes, uint256 contributionId, uint256 weight)
        internal
        returns (uint256)
    {
        bytes32[] memory proof = DataMerkle.proof(nodes, contributionId, weight);
        return rewards.sweep(modelId, version, contributionId, weight, proof);
    }

    function _sum(uint256[] memory values) internal pure returns (uint256 total) {
        for (uint256 i; i < values.length; ++i) {
            total += values[i];
        }
    }

    /// @dev The accounting identity DataRewards promises, to the wei.
    function _assertAccounting() internal view {
        Totals memory t = rewards.totals();
        assertEq(t.deposited, t.forwarded + t.claimed + t.swept + t.outstanding, "deposited != out + outstanding");
        assertEq(token.balanceOf(address(rewards)), t.outstanding, "balance != outstanding");
    }
}
