// SPDX-License-Identifier: MIT
// Test suites share a base and are split by topic, one contract each, as the other unit tests are.
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {DataRewards} from "../../../../contracts/data/DataRewards.sol";
import {IDataRewards} from "../../../../contracts/interfaces/IDataRewards.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {Pool, Totals} from "../../../../contracts/types/DataRewardsTypes.sol";
import {DataMerkle} from "../../utils/DataMerkle.sol";
import {DataRewardsFixture} from "../../utils/DataRewardsFixture.sol";

/// @dev A second implementation for upgrade tests: same storage, one more view.
contract DataRewardsV2 is DataRewards {
    function version() external pure returns (string memory) {
        return "2";
    }
}

abstract contract DataRewardsTestBase is DataRewardsFixture {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal keeper = makeAddr("keeper");

    /// @dev Contributions 1, 2, 3 (alice, bob, carol) with weights 600, 300, 100 in version 1 of model 1.
    uint256[] internal ids;
    uint256[] internal weights;
    bytes32[] internal nodes;
    uint128 internal constant TOTAL = 1000;
    uint256 internal modelId;

    function setUp() public virtual {
        vm.warp(START);
        _deployDataRewards();
        _contribute(alice, 1, _consentAll(true, true));
        _contribute(bob, 2, _consentAll(true, false));
        _contribute(carol, 3, _consentFor(true, true, _ids(1)));
        ids = _ids(1, 2, 3);
        weights = _ids(600, 300, 100);
        nodes = DataMerkle.build(ids, weights);
        vm.warp(START + 1 hours);
        modelId = _registerModel(DataMerkle.root(nodes), TOTAL);
        // Claims wait one block after publication, until consent at `publishedAt` is final.
        vm.warp(START + 1 hours + 12);
    }

    function _proof(uint256 contributionId, uint256 weight) internal view returns (bytes32[] memory) {
        return DataMerkle.proof(nodes, contributionId, weight);
    }

    /// @dev A fingerprint of everything a rewards call could change for one leaf of version 1, to show that a
    /// reverted call changed nothing.
    function _stateOf(uint256 contributionId) internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                rewards.totals(),
                rewards.pool(modelId, 1),
                rewards.paidOut(modelId, 1, contributionId),
                token.balanceOf(address(rewards)),
                token.balanceOf(rewardsTreasury),
                token.balanceOf(dataRegistry.ownerOf(contributionId)),
                rewards.treasury()
            )
        );
    }
}

contract DataRewardsInitializationTest is DataRewardsTestBase {
    function test_initialize_wiresTokenRegistriesTreasuryAndAdmin() public view {
        assertEq(rewards.token(), address(token));
        assertEq(rewards.modelRegistry(), address(registry));
        assertEq(rewards.dataRegistry(), address(dataRegistry));
        assertEq(rewards.treasury(), rewardsTreasury);
        assertTrue(rewards.hasRole(rewards.DEFAULT_ADMIN_ROLE(), address(timelock)));
        assertFalse(rewards.hasRole(rewards.DEFAULT_ADMIN_ROLE(), deployer));
        assertEq(rewards.ACC_PRECISION(), 1e36);
        Totals memory t = rewards.totals();
        assertEq(t.deposited + t.forwarded + t.claimed + t.swept + t.outstanding, 0);
    }

    function test_RevertWhen_initializingTheImplementationDirectly() public {
        DataRewards implementation = new DataRewards();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(address(token), address(registry), address(dataRegistry), rewardsTreasury, alice);
    }

    function test_RevertWhen_initializingTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        rewards.initialize(address(token), address(registry), address(dataRegistry), outsider, outsider);
        assertEq(rewards.treasury(), rewardsTreasury);
    }

    /// @dev Each of the five addresses is checked: zero out one at a time.
    function test_RevertWhen_initializingWithAZeroAddress() public {
        address implementation = address(new DataRewards());
        for (uint256 i; i < 5; ++i) {
            address[5] memory args =
                [address(token), address(registry), address(dataRegistry), rewardsTreasury, address(timelock)];
            args[i] = address(0);
            vm.expectRevert(IDataRewards.DataRewardsZeroAddress.selector);
            _proxy(
                implementation, abi.encodeCall(DataRewards.initialize, (args[0], args[1], args[2], args[3], args[4]))
            );
        }
    }

    /// @dev The slot constant is private: prove it by reading the token address (the struct's first field) at the
    /// slot the ERC-7201 formula gives.
    function test_storageSlot_followsErc7201() public view {
        bytes32 expected =
            keccak256(abi.encode(uint256(keccak256("symbiote.storage.DataRewards")) - 1)) & ~bytes32(uint256(0xff));
        assertEq(expected, 0x77a69137cfe46823a268fdf141aa5d61fdcfa43346743f369f8cc8ea78da8b00);
        assertEq(address(uint160(uint256(vm.load(address(rewards), expected)))), address(token));
        assertEq(address(uint160(uint256(vm.load(address(rewards), bytes32(uint256(expected) + 3))))), rewardsTreasury);
    }
}

contract DataRewardsGovernanceTest is DataRewardsTestBase {
    function test_setTreasury_byGovernance() public {
        address next = makeAddr("nextTreasury");
        vm.expectEmit(address(rewards));
        emit IDataRewards.TreasuryUpdated(rewardsTreasury, next);
        vm.prank(address(timelock));
        rewards.setTreasury(next);
        assertEq(rewards.treasury(), next);
    }

    function test_RevertWhen_settingTheTreasuryToZero() public {
        vm.prank(address(timelock));
        vm.expectRevert(IDataRewards.DataRewardsZeroAddress.selector);
        rewards.setTreasury(address(0));
        assertEq(rewards.treasury(), rewardsTreasury);
    }

    function test_RevertWhen_outsiderSetsTheTreasury() public {
        bytes32 adminRole_ = rewards.DEFAULT_ADMIN_ROLE();
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole_)
        );
        rewards.setTreasury(outsider);
        assertEq(rewards.treasury(), rewardsTreasury);
    }

    function test_RevertWhen_outsiderUpgrades() public {
        bytes32 adminRole_ = rewards.DEFAULT_ADMIN_ROLE();
        address implementation = address(new DataRewardsV2());
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole_)
        );
        rewards.upgradeToAndCall(implementation, "");
        vm.expectRevert();
        DataRewardsV2(address(rewards)).version();
    }

    function test_upgradeToAndCall_byGovernanceKeepsState() public {
        _deposit(modelId, 1, 1000 ether);
        _claim(modelId, 1, nodes, 1, 600);
        address implementation = address(new DataRewardsV2());
        vm.prank(address(timelock));
        rewards.upgradeToAndCall(implementation, "");
        assertEq(DataRewardsV2(address(rewards)).version(), "2");
        assertEq(rewards.paidOut(modelId, 1, 1), 600 ether);
        assertEq(rewards.pool(modelId, 1).deposited, 1000 ether);
        assertEq(rewards.claimable(modelId, 1, 2, 300, _proof(2, 300)), 300 ether);
        assertEq(rewards.treasury(), rewardsTreasury);
    }
}

contract DataRewardsDepositTest is DataRewardsTestBase {
    function test_depositReward_raisesTheAccumulatorAndPullsTokens() public {
        _fund(coordinator, 1000 ether);
        vm.expectEmit(address(rewards));
        emit IDataRewards.RewardDeposited(modelId, 1, coordinator, 1000 ether, uint256(1 ether) * 1e36, 0);
        vm.prank(coordinator);
        rewards.depositReward(modelId, 1, 1000 ether);

        Pool memory p = rewards.pool(modelId, 1);
        assertEq(p.rewardPerWeight, uint256(1 ether) * 1e36);
        assertEq(p.deposited, 1000 ether);
        assertEq(p.distributed, 1000 ether);
        assertEq(p.claimed + p.swept, 0);
        assertEq(token.balanceOf(address(rewards)), 1000 ether);
        assertEq(token.balanceOf(coordinator), 0);
        Totals memory t = rewards.totals();
        assertEq(t.deposited, 1000 ether);
        assertEq(t.outstanding, 1000 ether);
        _assertAccounting();
    }

    /// @dev Anyone may deposit, not only the coordinator.
    function test_depositReward_isPermissionless() public {
        _fund(keeper, 10 ether);
        vm.startPrank(keeper);
        token.approve(address(rewards), 10 ether);
        rewards.depositReward(modelId, 1, 10 ether);
        vm.stopPrank();
        assertEq(rewards.pool(modelId, 1).deposited, 10 ether);
    }

    /// @dev W = 7, deposits of 10 wei: the accumulator rounds down, `distributed` rounds up, so a dust of at most
    /// one wei waits for the next deposit and the pool never promises more than it holds.
    function test_depositReward_carriesDustIntoTheNextDeposit() public {
        uint256[] memory sevenIds = _ids(1, 2);
        uint256[] memory sevenWeights = _ids(3, 4);
        bytes32[] memory sevenNodes = DataMerkle.build(sevenIds, sevenWeights);
        uint256 model = _registerModel(DataMerkle.root(sevenNodes), 7);
        vm.warp(block.timestamp + 1);

        _deposit(model, 1, 10);
        Pool memory p = rewards.pool(model, 1);
        assertEq(p.rewardPerWeight, uint256(10) * 1e36 / 7);
        assertEq(p.distributed, 10); // ceil(1.428...e36 × 7 / 1e36) = ceil(9.999...) = 10
        _deposit(model, 1, 4);
        p = rewards.pool(model, 1);
        assertEq(p.deposited, 14);
        assertLe(p.distributed, 14);
        assertGe(p.distributed, 13);

        // Leaves are paid floors of their exact shares 6 and 8.
        uint256 first = _claim(model, 1, sevenNodes, 1, 3);
        uint256 second = _claim(model, 1, sevenNodes, 2, 4);
        assertLe(first, 6);
        assertGe(first, 5);
        assertLe(second, 8);
        assertGe(second, 7);
        _assertAccounting();
    }

    function test_depositReward_forwardsToTheTreasuryWithoutTrainingData() public {
        uint32 bare = _publish(modelId, bytes32(0), 0);
        _fund(coordinator, 5 ether);
        vm.expectEmit(address(rewards));
        emit IDataRewards.RewardForwarded(modelId, bare, coordinator, rewardsTreasury, 5 ether);
        vm.prank(coordinator);
        rewards.depositReward(modelId, bare, 5 ether);

        assertEq(token.balanceOf(rewardsTreasury), 5 ether);
        assertEq(token.balanceOf(address(rewards)), 0);
        assertEq(rewards.pool(modelId, bare).deposited, 0);
        Totals memory t = rewards.totals();
        assertEq(t.deposited, 5 ether);
        assertEq(t.forwarded, 5 ether);
        assertEq(t.outstanding, 0);
        _assertAccounting();
    }

    function test_RevertWhen_depositingZero() public {
        bytes32 before = _stateOf(1);
        vm.prank(coordinator);
        vm.expectRevert(IDataRewards.DataRewardsZeroAmount.selector);
        rewards.depositReward(modelId, 1, 0);
        assertEq(_stateOf(1), before);
    }

    function test_RevertWhen_depositingForAnUnknownVersion() public {
        _fund(coordinator, 1 ether);
        bytes32 before = _stateOf(1);
        vm.startPrank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownVersion.selector, modelId, 2));
        rewards.depositReward(modelId, 2, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownModel.selector, 99));
        rewards.depositReward(99, 1, 1 ether);
        vm.stopPrank();
        assertEq(_stateOf(1), before);
        assertEq(token.balanceOf(coordinator), 1 ether);
    }

    function test_RevertWhen_depositingWithoutFunds() public {
        bytes32 before = _stateOf(1);
        bytes memory insufficient =
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, coordinator, 0, 1 ether);
        vm.prank(coordinator);
        vm.expectRevert(insufficient);
        rewards.depositReward(modelId, 1, 1 ether);
        assertEq(_stateOf(1), before);
    }
}

contract DataRewardsClaimTest is DataRewardsTestBase {
    function test_claim_paysEachOwnerItsProRataShare() public {
        _deposit(modelId, 1, 1000 ether);
        vm.expectEmit(address(rewards));
        emit IDataRewards.RewardClaimed(modelId, 1, 1, alice, 600 ether);
        assertEq(_claim(modelId, 1, nodes, 1, 600), 600 ether);
        assertEq(_claim(modelId, 1, nodes, 2, 300), 300 ether);
        assertEq(_claim(modelId, 1, nodes, 3, 100), 100 ether);

        assertEq(token.balanceOf(alice), 600 ether);
        assertEq(token.balanceOf(bob), 300 ether);
        assertEq(token.balanceOf(carol), 100 ether);
        assertEq(rewards.paidOut(modelId, 1, 2), 300 ether);
        Pool memory p = rewards.pool(modelId, 1);
        assertEq(p.claimed, 1000 ether);
        assertEq(rewards.totals().outstanding, 0);
        _assertAccounting();
    }

    /// @dev Claims are O(1) and repeatable: each pays only what accrued since the last one.
    function test_claim_paysAgainAsFeesKeepComing() public {
        _deposit(modelId, 1, 100 ether);
        assertEq(_claim(modelId, 1, nodes, 1, 600), 60 ether);
        _deposit(modelId, 1, 50 ether);
        _deposit(modelId, 1, 50 ether);
        assertEq(rewards.claimable(modelId, 1, 1, 600, _proof(1, 600)), 60 ether);
        assertEq(_claim(modelId, 1, nodes, 1, 600), 60 ether);
        assertEq(_claim(modelId, 1, nodes, 2, 300), 60 ether);
        assertEq(token.balanceOf(alice), 120 ether);
        assertEq(rewards.paidOut(modelId, 1, 1), 120 ether);
        _assertAccounting();
    }

    /// @dev Anyone may trigger a claim (a keeper batching claims): the tokens still go to the owner.
    function test_claim_byAnyonePaysTheOwner() public {
        _deposit(modelId, 1, 1000 ether);
        vm.prank(keeper);
        _claim(modelId, 1, nodes, 2, 300);
        assertEq(token.balanceOf(bob), 300 ether);
        assertEq(token.balanceOf(keeper), 0);
    }

    /// @dev Rewards follow the contribution: what accrued before the transfer and is unclaimed goes to the new owner.
    function test_claim_paysTheOwnerAtClaimTime() public {
        _deposit(modelId, 1, 1000 ether);
        _claim(modelId, 1, nodes, 1, 600);
        _deposit(modelId, 1, 500 ether);
        vm.prank(alice);
        dataRegistry.transferContribution(1, bob);

        vm.expectEmit(address(rewards));
        emit IDataRewards.RewardClaimed(modelId, 1, 1, bob, 300 ether);
        _claim(modelId, 1, nodes, 1, 600);
        assertEq(token.balanceOf(alice), 600 ether);
        assertEq(token.balanceOf(bob), 300 ether);
    }

    /// @dev A model version keeps the consent it was built on: revoking after publication does not take away
    /// rewards from that version, but versions published after the revocation can no longer pay the contribution.
    function test_claim_consentRevokedAfterPublicationStillPaysThatVersion() public {
        vm.prank(bob);
        dataRegistry.revokeConsent(2);
        _deposit(modelId, 1, 1000 ether);
        assertEq(_claim(modelId, 1, nodes, 2, 300), 300 ether);

        vm.warp(block.timestamp + 1 days);
        uint32 next = _publish(modelId, DataMerkle.root(nodes), TOTAL);
        vm.warp(block.timestamp + 1);
        _deposit(modelId, next, 1000 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRewards.DataRewardsNoTrainingConsent.selector, 2, modelId, uint64(block.timestamp - 1)
            )
        );
        _claim(modelId, next, nodes, 2, 300);
        assertEq(_sweep(modelId, next, nodes, 2, 300), 300 ether);
    }

    function test_RevertWhen_claimingWithConsentRevokedBeforePublication() public {
        vm.prank(bob);
        dataRegistry.revokeConsent(2);
        vm.warp(block.timestamp + 1 days);
        uint32 next = _publish(modelId, DataMerkle.root(nodes), TOTAL);
        uint64 publishedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + 1);
        _deposit(modelId, next, 1000 ether);

        bytes32[] memory proof = _proof(2, 300);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingConsent.selector, 2, modelId, publishedAt)
        );
        rewards.claim(modelId, next, 2, 300, proof);
        assertEq(rewards.claimable(modelId, next, 2, 300, proof), 0);
        assertEq(rewards.sweepable(modelId, next, 2, 300, proof), 300 ether);

        // Consenting again later does not reach back to a version already published.
        _setConsent(bob, 2, _consentAll(true, true));
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingConsent.selector, 2, modelId, publishedAt)
        );
        rewards.claim(modelId, next, 2, 300, proof);
        assertEq(token.balanceOf(bob), 0);
    }

    /// @dev Carol consented only for model 1; the same tree under model 2 cannot pay her.
    function test_RevertWhen_claimingForAModelOutsideTheConsentScope() public {
        uint256 otherModel = _registerModel(DataMerkle.root(nodes), TOTAL);
        uint64 publishedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + 1);
        _deposit(otherModel, 1, 1000 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingConsent.selector, 3, otherModel, publishedAt)
        );
        _claim(otherModel, 1, nodes, 3, 100);
        // Alice consented for every model.
        assertEq(_claim(otherModel, 1, nodes, 1, 600), 600 ether);
    }

    function test_RevertWhen_claimingWithInferenceOnlyConsent() public {
        uint256 id = _contribute(alice, 4, _consentAll(false, true));
        bytes32[] memory tree = DataMerkle.build(_ids(id), _ids(50));
        uint256 model = _registerModel(DataMerkle.root(tree), 50);
        vm.warp(block.timestamp + 1);
        _deposit(model, 1, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRewards.DataRewardsNoTrainingConsent.selector, id, model, uint64(block.timestamp - 1)
            )
        );
        _claim(model, 1, tree, id, 50);
    }

    function test_RevertWhen_claimingWithAWrongWeight() public {
        _deposit(modelId, 1, 1000 ether);
        bytes32 before = _stateOf(1);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsInvalidProof.selector, modelId, 1, 1, 601));
        rewards.claim(modelId, 1, 1, 601, proof);
        assertEq(_stateOf(1), before);
    }

    function test_RevertWhen_claimingAnotherLeafsProof() public {
        _deposit(modelId, 1, 1000 ether);
        bytes32 before = _stateOf(2);
        // Bob presents Alice's proof with his own id and her weight.
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsInvalidProof.selector, modelId, 1, 2, 600));
        rewards.claim(modelId, 1, 2, 600, proof);
        assertEq(_stateOf(2), before);
    }

    function test_RevertWhen_claimingWithATamperedProof() public {
        _deposit(modelId, 1, 1000 ether);
        bytes32[] memory proof = _proof(1, 600);
        proof[0] = bytes32(uint256(proof[0]) ^ 1);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsInvalidProof.selector, modelId, 1, 1, 600));
        rewards.claim(modelId, 1, 1, 600, proof);
        assertEq(rewards.claimable(modelId, 1, 1, 600, proof), 0);
    }

    /// @dev Version 2 has another tree: a proof for version 1 does not open it.
    function test_RevertWhen_claimingWithAProofOfAnotherVersion() public {
        bytes32[] memory otherNodes = DataMerkle.build(_ids(1, 2), _ids(500, 500));
        uint32 next = _publish(modelId, DataMerkle.root(otherNodes), TOTAL);
        vm.warp(block.timestamp + 1);
        _deposit(modelId, next, 1000 ether);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsInvalidProof.selector, modelId, next, 1, 600));
        rewards.claim(modelId, next, 1, 600, proof);
        assertEq(_claim(modelId, next, otherNodes, 1, 500), 500 ether);
    }

    function test_RevertWhen_claimingTwiceWithoutNewFees() public {
        _deposit(modelId, 1, 1000 ether);
        _claim(modelId, 1, nodes, 1, 600);
        bytes32 before = _stateOf(1);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsNothingOwed.selector, modelId, 1, 1));
        rewards.claim(modelId, 1, 1, 600, proof);
        assertEq(_stateOf(1), before);
    }

    function test_RevertWhen_claimingBeforeAnyFees() public {
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsNothingOwed.selector, modelId, 1, 1));
        rewards.claim(modelId, 1, 1, 600, proof);
    }

    function test_RevertWhen_claimingOnAVersionWithoutTrainingData() public {
        uint32 bare = _publish(modelId, bytes32(0), 0);
        vm.warp(block.timestamp + 1);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingData.selector, modelId, bare));
        rewards.claim(modelId, bare, 1, 600, proof);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingData.selector, modelId, bare));
        rewards.sweep(modelId, bare, 1, 600, proof);
    }

    function test_RevertWhen_claimingAnUnknownVersion() public {
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownVersion.selector, modelId, 5));
        rewards.claim(modelId, 5, 1, 600, proof);
    }

    /// @dev In the publishing block a consent change could still land after the publication at the same timestamp.
    function test_RevertWhen_claimingInThePublishingBlock() public {
        uint32 next = _publish(modelId, DataMerkle.root(nodes), TOTAL);
        _deposit(modelId, next, 1000 ether);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRewards.DataRewardsConsentNotFinal.selector, modelId, next, uint64(block.timestamp)
            )
        );
        rewards.claim(modelId, next, 1, 600, proof);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRewards.DataRewardsConsentNotFinal.selector, modelId, next, uint64(block.timestamp)
            )
        );
        rewards.sweep(modelId, next, 1, 600, proof);
        assertEq(rewards.claimable(modelId, next, 1, 600, proof), 0);
        vm.warp(block.timestamp + 1);
        assertEq(rewards.claim(modelId, next, 1, 600, proof), 600 ether);
    }

    /// @dev A tree whose weights add up beyond the version's total can only drain its own pool, never another's.
    function test_RevertWhen_aMalformedTreeOverdrawsItsPool() public {
        bytes32[] memory greedy = DataMerkle.build(_ids(1, 2), _ids(100, 100));
        uint256 model = _registerModel(DataMerkle.root(greedy), 100);
        vm.warp(block.timestamp + 1);
        _deposit(model, 1, 100 ether);
        _deposit(modelId, 1, 1000 ether);

        assertEq(_claim(model, 1, greedy, 1, 100), 100 ether);
        bytes32[] memory proof = DataMerkle.proof(greedy, 2, 100);
        assertEq(rewards.claimable(model, 1, 2, 100, proof), 0);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsPoolOverdrawn.selector, model, 1, 100 ether, 0));
        rewards.claim(model, 1, 2, 100, proof);
        // The honest pool is whole.
        assertEq(_claim(modelId, 1, nodes, 1, 600), 600 ether);
        assertEq(_claim(modelId, 1, nodes, 2, 300), 300 ether);
        assertEq(_claim(modelId, 1, nodes, 3, 100), 100 ether);
        _assertAccounting();
    }

    /// @dev Trees built by the TypeScript trainer (test/fixtures/merkle/reward-trees.json, tree 2: ids 1, 2, 3, 4,
    /// 9 with a zero weight among them) open on chain with the trainer's own proofs.
    function test_claim_acceptsTheTrainersProofs() public {
        string memory fixture = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/merkle/reward-trees.json"));
        bytes32 root = vm.parseJsonBytes32(fixture, ".trees[2].root");
        uint256 leafCount = vm.parseJsonUint(fixture, ".trees[2].leafCount");
        uint256 total;
        for (uint256 i; i < leafCount; ++i) {
            total += vm.parseJsonUint(fixture, string.concat(".trees[2].leaves[", vm.toString(i), "].weight"));
        }
        // Contributions up to id 9, all consenting to every model; alice owns the new ones.
        _setConsent(carol, 3, _consentAll(true, false));
        for (uint256 id = dataRegistry.contributionCount() + 1; id <= 9; ++id) {
            _contribute(alice, id, _consentAll(true, true));
        }
        uint256 model = _registerModel(root, uint128(total));
        vm.warp(block.timestamp + 1);
        _deposit(model, 1, total * 1e9);

        uint256 paid;
        for (uint256 i; i < leafCount; ++i) {
            string memory leaf = string.concat(".trees[2].leaves[", vm.toString(i), "]");
            uint256 id = vm.parseJsonUint(fixture, string.concat(leaf, ".contributionId"));
            uint256 weight = vm.parseJsonUint(fixture, string.concat(leaf, ".weight"));
            bytes32[] memory proof = vm.parseJsonBytes32Array(fixture, string.concat(leaf, ".proof"));
            assertEq(rewards.claimable(model, 1, id, weight, proof), weight * 1e9);
            if (weight == 0) continue;
            paid += rewards.claim(model, 1, id, weight, proof);
        }
        assertEq(paid, total * 1e9);
        // The Solidity helper builds the same tree.
        assertEq(_fixtureRoot(fixture, leafCount), root);
    }

    function _fixtureRoot(string memory fixture, uint256 leafCount) private pure returns (bytes32) {
        uint256[] memory leafIds = new uint256[](leafCount);
        uint256[] memory leafWeights = new uint256[](leafCount);
        for (uint256 i; i < leafCount; ++i) {
            string memory leaf = string.concat(".trees[2].leaves[", vm.toString(i), "]");
            leafIds[i] = vm.parseJsonUint(fixture, string.concat(leaf, ".contributionId"));
            leafWeights[i] = vm.parseJsonUint(fixture, string.concat(leaf, ".weight"));
        }
        return DataMerkle.root(DataMerkle.build(leafIds, leafWeights));
    }
}

contract DataRewardsSweepTest is DataRewardsTestBase {
    /// @dev Dave registers after publication: no consent at `publishedAt`, so his leaf can only be swept.
    function _lateLeaf() internal returns (uint256 model, bytes32[] memory tree, uint64 publishedAt) {
        tree = DataMerkle.build(_ids(1, 4), _ids(750, 250));
        model = _registerModel(DataMerkle.root(tree), 1000);
        publishedAt = uint64(block.timestamp);
        vm.warp(block.timestamp + 1);
        _contribute(makeAddr("dave"), 4, _consentAll(true, true));
    }

    function test_sweep_sendsAnUnconsentedShareToTheTreasury() public {
        (uint256 model, bytes32[] memory tree, uint64 publishedAt) = _lateLeaf();
        _deposit(model, 1, 1000 ether);
        bytes32[] memory proof = DataMerkle.proof(tree, 4, 250);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRewards.DataRewardsNoTrainingConsent.selector, 4, model, publishedAt)
        );
        rewards.claim(model, 1, 4, 250, proof);

        vm.expectEmit(address(rewards));
        emit IDataRewards.RewardSwept(model, 1, 4, rewardsTreasury, 250 ether);
        vm.prank(keeper);
        assertEq(rewards.sweep(model, 1, 4, 250, proof), 250 ether);
        assertEq(token.balanceOf(rewardsTreasury), 250 ether);
        assertEq(rewards.pool(model, 1).swept, 250 ether);
        assertEq(rewards.totals().swept, 250 ether);
        assertEq(_claim(model, 1, tree, 1, 750), 750 ether);
        _assertAccounting();
    }

    function test_sweep_repeatsAsMoreFeesCome() public {
        (uint256 model, bytes32[] memory tree,) = _lateLeaf();
        _deposit(model, 1, 100 ether);
        assertEq(_sweep(model, 1, tree, 4, 250), 25 ether);
        _deposit(model, 1, 300 ether);
        assertEq(rewards.sweepable(model, 1, 4, 250, DataMerkle.proof(tree, 4, 250)), 75 ether);
        assertEq(_sweep(model, 1, tree, 4, 250), 75 ether);
        assertEq(token.balanceOf(rewardsTreasury), 100 ether);
        assertEq(rewards.paidOut(model, 1, 4), 100 ether);
    }

    /// @dev Sweeps go to the treasury in force at sweep time.
    function test_sweep_followsATreasuryChange() public {
        (uint256 model, bytes32[] memory tree,) = _lateLeaf();
        _deposit(model, 1, 100 ether);
        address next = makeAddr("nextTreasury");
        vm.prank(address(timelock));
        rewards.setTreasury(next);
        _sweep(model, 1, tree, 4, 250);
        assertEq(token.balanceOf(next), 25 ether);
        assertEq(token.balanceOf(rewardsTreasury), 0);
    }

    /// @dev A leaf id that was never registered has no consent either: its share is swept, not stranded.
    function test_sweep_takesTheShareOfAnUnregisteredContribution() public {
        bytes32[] memory tree = DataMerkle.build(_ids(1, 77), _ids(1, 1));
        uint256 model = _registerModel(DataMerkle.root(tree), 2);
        vm.warp(block.timestamp + 1);
        _deposit(model, 1, 2 ether);
        assertEq(_sweep(model, 1, tree, 77, 1), 1 ether);
    }

    function test_RevertWhen_sweepingAConsentedLeaf() public {
        _deposit(modelId, 1, 1000 ether);
        bytes32 before = _stateOf(1);
        bytes32[] memory proof = _proof(1, 600);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRewards.DataRewardsTrainingConsented.selector, 1, modelId, uint64(START + 1 hours)
            )
        );
        rewards.sweep(modelId, 1, 1, 600, proof);
        assertEq(_stateOf(1), before);
        assertEq(rewards.sweepable(modelId, 1, 1, 600, proof), 0);
    }

    function test_RevertWhen_sweepingWithAnInvalidProof() public {
        (uint256 model, bytes32[] memory tree,) = _lateLeaf();
        _deposit(model, 1, 100 ether);
        bytes32[] memory proof = DataMerkle.proof(tree, 4, 250);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsInvalidProof.selector, model, 1, 4, 251));
        rewards.sweep(model, 1, 4, 251, proof);
        assertEq(token.balanceOf(rewardsTreasury), 0);
    }

    function test_RevertWhen_sweepingTwiceWithoutNewFees() public {
        (uint256 model, bytes32[] memory tree,) = _lateLeaf();
        _deposit(model, 1, 100 ether);
        _sweep(model, 1, tree, 4, 250);
        bytes32[] memory proof = DataMerkle.proof(tree, 4, 250);
        vm.expectRevert(abi.encodeWithSelector(IDataRewards.DataRewardsNothingOwed.selector, model, 1, 4));
        rewards.sweep(model, 1, 4, 250, proof);
    }
}

contract DataRewardsFuzzTest is DataRewardsTestBase {
    uint256 internal constant MAX_LEAVES = 8;

    /// @dev Random weights (some up to the uint128 range), random deposits, claims interleaved at random: no wei is
    /// created or lost, and each leaf's total is at most its exact pro-rata share w × D / W and short of it by less
    /// than 1 + w × (dust + 1) / W wei, where dust = deposited − distributed < 1 + W / 1e36.
    function testFuzz_claims_stayWithinTheExactShare(
        uint256 seed,
        uint8 leafCount,
        uint8 depositCount,
        bool hugeWeights
    ) public {
        (uint256[] memory leafIds, uint256[] memory leafWeights, uint256 total) = _randomLeaves(
            seed, bound(leafCount, 1, MAX_LEAVES), hugeWeights ? type(uint128).max / MAX_LEAVES : 1e12
        );
        bytes32[] memory tree = DataMerkle.build(leafIds, leafWeights);
        uint256 model = _registerModel(DataMerkle.root(tree), uint128(total));
        vm.warp(block.timestamp + 1);

        (uint256[] memory paid, uint256 deposited) =
            _depositAndClaim(seed, bound(depositCount, 1, 8), model, tree, leafIds, leafWeights);

        Pool memory p = rewards.pool(model, 1);
        uint256 dust = p.deposited - p.distributed;
        assertLt(dust, total / 1e36 + 2, "dust bound");
        for (uint256 i; i < leafIds.length; ++i) {
            // Exact share w × D / W, compared without division: paid × W ≤ w × D < (paid + 1) × W + w × (dust + 1).
            uint256 exact = leafWeights[i] * deposited;
            assertLe(paid[i] * total, exact, "paid more than the exact share");
            assertLt(exact, (paid[i] + 1) * total + leafWeights[i] * (dust + 1), "short of the share beyond bound");
        }
        assertEq(_sum(paid) + rewards.totals().outstanding, deposited, "wei created or lost");
        assertEq(token.balanceOf(alice), _sum(paid));
        _assertAccounting();
    }

    function _randomLeaves(uint256 seed, uint256 n, uint256 maxWeight)
        private
        returns (uint256[] memory leafIds, uint256[] memory leafWeights, uint256 total)
    {
        leafIds = new uint256[](n);
        leafWeights = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            leafIds[i] = _contribute(alice, 100 + i, _consentAll(true, false));
            leafWeights[i] = bound(uint256(keccak256(abi.encode(seed, "w", i))), 1, maxWeight);
            total += leafWeights[i];
        }
    }

    /// @dev `rounds` deposits of random size, each followed by the claim of a random leaf; then every leaf claims.
    function _depositAndClaim(
        uint256 seed,
        uint256 rounds,
        uint256 model,
        bytes32[] memory tree,
        uint256[] memory leafIds,
        uint256[] memory leafWeights
    ) private returns (uint256[] memory paid, uint256 deposited) {
        uint256 n = leafIds.length;
        paid = new uint256[](n);
        for (uint256 r; r < rounds; ++r) {
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, "d", r))), 1, 1e25);
            _deposit(model, 1, amount);
            deposited += amount;
            uint256 i = uint256(keccak256(abi.encode(seed, "c", r))) % n;
            paid[i] += _claimIfOwed(model, tree, leafIds[i], leafWeights[i]);
        }
        for (uint256 i; i < n; ++i) {
            paid[i] += _claimIfOwed(model, tree, leafIds[i], leafWeights[i]);
        }
    }

    /// @dev Consented and unconsented leaves, a version without training data, claims and sweeps in random order:
    /// deposits == claimed + swept + forwarded + still owed, to the wei, and the treasury holds forwarded + swept.
    function testFuzz_accounting_noWeiCreatedOrLost(uint256 seed, uint8 steps) public {
        uint256 n = 4;
        uint256[] memory leafIds = new uint256[](n);
        uint256[] memory leafWeights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            bool consents = uint256(keccak256(abi.encode(seed, "consent", i))) % 2 == 0;
            leafIds[i] = _contribute(bob, 200 + i, _consentAll(consents, true));
            leafWeights[i] = bound(uint256(keccak256(abi.encode(seed, "w", i))), 1, 1e9);
            total += leafWeights[i];
        }
        bytes32[] memory tree = DataMerkle.build(leafIds, leafWeights);
        uint256 model = _registerModel(DataMerkle.root(tree), uint128(total));
        uint32 bare = _publish(model, bytes32(0), 0);
        vm.warp(block.timestamp + 1);

        uint256 deposited;
        uint256 count = bound(steps, 1, 30);
        for (uint256 s; s < count; ++s) {
            uint256 r = uint256(keccak256(abi.encode(seed, "step", s)));
            if (r % 3 == 0) {
                uint256 amount = bound(r >> 8, 1, 1e24);
                _deposit(model, r % 2 == 0 ? 1 : bare, amount);
                deposited += amount;
            } else {
                uint256 i = (r >> 8) % n;
                _settleIfOwed(model, tree, leafIds[i], leafWeights[i]);
            }
        }
        Totals memory t = rewards.totals();
        assertEq(t.deposited, deposited);
        assertEq(t.claimed + t.swept + t.forwarded + t.outstanding, deposited);
        assertEq(token.balanceOf(rewardsTreasury), t.forwarded + t.swept);
        assertEq(token.balanceOf(bob), t.claimed);
        Pool memory p = rewards.pool(model, 1);
        assertLe(p.claimed + p.swept, p.distributed);
        assertLe(p.distributed, p.deposited);
        _assertAccounting();
    }

    function _claimIfOwed(uint256 model, bytes32[] memory tree, uint256 id, uint256 weight) private returns (uint256) {
        bytes32[] memory proof = DataMerkle.proof(tree, id, weight);
        uint256 owed = rewards.claimable(model, 1, id, weight, proof);
        if (owed == 0) return 0;
        assertEq(rewards.claim(model, 1, id, weight, proof), owed);
        return owed;
    }

    /// @dev Claims if the leaf had consent, sweeps otherwise, whichever has something owed.
    function _settleIfOwed(uint256 model, bytes32[] memory tree, uint256 id, uint256 weight) private {
        bytes32[] memory proof = DataMerkle.proof(tree, id, weight);
        uint256 owed = rewards.claimable(model, 1, id, weight, proof);
        if (owed != 0) {
            assertEq(rewards.claim(model, 1, id, weight, proof), owed);
            return;
        }
        owed = rewards.sweepable(model, 1, id, weight, proof);
        if (owed != 0) assertEq(rewards.sweep(model, 1, id, weight, proof), owed);
    }
}
