// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Pool, Totals} from "../../../contracts/types/DataRewardsTypes.sol";
import {DataMerkle} from "../utils/DataMerkle.sol";
import {DataRewardsFixture} from "../utils/DataRewardsFixture.sol";
import {DataRewardsHandler} from "./handlers/DataRewardsHandler.sol";

contract DataRewardsInvariantTest is DataRewardsFixture {
    uint256 internal constant HANDLER_FUNDS = 50_000_000 ether;

    DataRewardsHandler internal handler;
    address[] internal actors;

    function setUp() public {
        vm.warp(START);
        _deployDataRewards();
        actors.push(makeAddr("alice"));
        actors.push(makeAddr("bob"));
        actors.push(makeAddr("carol"));
        actors.push(makeAddr("dave"));

        // Consent mix: every model; model 1 only; inference only; every model.
        _contribute(actors[0], 1, _consentAll(true, true));
        _contribute(actors[1], 2, _consentFor(true, false, _ids(1)));
        _contribute(actors[2], 3, _consentAll(false, true));
        _contribute(actors[3], 4, _consentAll(true, false));
        vm.warp(block.timestamp + 1 hours);

        handler = new DataRewardsHandler(rewards, dataRegistry, registry, token, modelOwner, actors);
        _fund(address(handler), HANDLER_FUNDS);

        // Model 1, version 1: contributions 1-4 and 5, registered only after publication (never consented).
        uint256[] memory ids = new uint256[](5);
        uint256[] memory weights = new uint256[](5);
        (ids[0], ids[1], ids[2], ids[3], ids[4]) = (1, 2, 3, 4, 5);
        (weights[0], weights[1], weights[2], weights[3], weights[4]) = (600_000, 250_000, 99_999, 50_001, 7);
        uint256 modelA = _registerModel(DataMerkle.root(DataMerkle.build(ids, weights)), 1_000_007);
        handler.addPool(modelA, 1, ids, weights);
        // Version 2 declares no training data: deposits go straight to the treasury.
        handler.setBareVersion(modelA, _publish(modelA, bytes32(0), 0));

        // Model 2: four leaves with weights near 1e30, where the accumulator's resolution matters.
        uint256[] memory bigIds = _ids(1, 2, 4);
        uint256[] memory bigWeights = _ids(3e29 + 1, 5e29 + 3, 2e29 + 7);
        uint256 modelB = _registerModel(DataMerkle.root(DataMerkle.build(bigIds, bigWeights)), 1e30 + 11);
        handler.addPool(modelB, 1, bigIds, bigWeights);

        vm.warp(block.timestamp + 1);
        _contribute(actors[3], 5, _consentAll(true, true));

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = DataRewardsHandler.deposit.selector;
        selectors[1] = DataRewardsHandler.deposit.selector;
        selectors[2] = DataRewardsHandler.claim.selector;
        selectors[3] = DataRewardsHandler.claim.selector;
        selectors[4] = DataRewardsHandler.sweep.selector;
        selectors[5] = DataRewardsHandler.forge.selector;
        selectors[6] = DataRewardsHandler.transferContribution.selector;
        selectors[7] = DataRewardsHandler.changeConsent.selector;
        selectors[8] = DataRewardsHandler.publish.selector;
        selectors[9] = DataRewardsHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev deposited == forwarded + claimed + swept + outstanding, to the wei, and each total is what the handler
    /// saw happen.
    function invariant_noWeiCreatedOrLost() public view {
        Totals memory t = rewards.totals();
        assertEq(t.deposited, t.forwarded + t.claimed + t.swept + t.outstanding, "identity");
        assertEq(t.deposited, handler.ghostDeposited(), "deposited");
        assertEq(t.forwarded, handler.ghostForwarded(), "forwarded");
        assertEq(t.claimed, handler.ghostClaimed(), "claimed");
        assertEq(t.swept, handler.ghostSwept(), "swept");
        assertEq(token.balanceOf(address(handler)) + t.deposited, HANDLER_FUNDS, "depositor paid other than deposited");
    }

    /// @dev Every token the contract holds is owed to a pool; no donation happens here.
    function invariant_balanceIsWhatIsOutstanding() public view {
        assertEq(token.balanceOf(address(rewards)), rewards.totals().outstanding);
    }

    function invariant_treasuryHoldsForwardedAndSwept() public view {
        Totals memory t = rewards.totals();
        assertEq(token.balanceOf(rewardsTreasury), t.forwarded + t.swept);
    }

    /// @dev Claims go to the owner at claim time and only to it: each actor holds exactly what was claimed for it.
    function invariant_ownersHoldExactlyTheirClaims() public view {
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            assertEq(token.balanceOf(actors[i]), handler.ghostReceived(actors[i]), "actor balance");
            sum += token.balanceOf(actors[i]);
        }
        assertEq(sum, rewards.totals().claimed, "claims paid to someone else");
    }

    /// @dev Per pool: claimed + swept ≤ distributed ≤ deposited, the sums of pools add up to the totals, and the
    /// carried dust stays below 1 + W / 1e36.
    function invariant_poolsNeverOverdrawn() public view {
        uint256 outstanding;
        for (uint256 i; i < handler.poolCount(); ++i) {
            DataRewardsHandler.PoolRef memory ref = handler.poolAt(i);
            Pool memory p = rewards.pool(ref.modelId, ref.version);
            assertLe(p.claimed + p.swept, p.distributed, "overdrawn");
            assertLe(p.distributed, p.deposited, "promised more than deposited");
            assertLt(p.deposited - p.distributed, ref.totalWeight / 1e36 + 2, "dust");
            outstanding += p.deposited - p.claimed - p.swept;
        }
        assertEq(outstanding, rewards.totals().outstanding, "pools do not add up");
    }

    /// @dev No leaf was ever paid more than its exact pro-rata share of its pool: paid × W ≤ w × deposited.
    function invariant_leavesWithinTheirExactShare() public view {
        for (uint256 i; i < handler.poolCount(); ++i) {
            DataRewardsHandler.PoolRef memory ref = handler.poolAt(i);
            Pool memory p = rewards.pool(ref.modelId, ref.version);
            (uint256[] memory ids, uint256[] memory weights) = handler.leavesOf(i);
            for (uint256 j; j < ids.length; ++j) {
                uint256 paid = rewards.paidOut(ref.modelId, ref.version, ids[j]);
                assertLe(paid * ref.totalWeight, weights[j] * p.deposited, "leaf paid beyond its share");
            }
        }
    }

    /// @dev Nothing is stuck: everything distributed to a pool is either paid or reachable right now by a claim or a
    /// sweep, within a wei of rounding per leaf.
    function invariant_everythingDistributedIsReachable() public view {
        for (uint256 i; i < handler.poolCount(); ++i) {
            DataRewardsHandler.PoolRef memory ref = handler.poolAt(i);
            // Consent in the publishing block is not final yet: nothing is claimable there by design.
            if (registry.version(ref.modelId, ref.version).publishedAt >= block.timestamp) continue;
            Pool memory p = rewards.pool(ref.modelId, ref.version);
            (uint256[] memory ids, uint256[] memory weights) = handler.leavesOf(i);
            uint256 reachable = p.claimed + p.swept;
            for (uint256 j; j < ids.length; ++j) {
                bytes32[] memory proof = handler.proofOf(i, j);
                uint256 claimable = rewards.claimable(ref.modelId, ref.version, ids[j], weights[j], proof);
                uint256 sweepable = rewards.sweepable(ref.modelId, ref.version, ids[j], weights[j], proof);
                // A leaf is either its owner's or the treasury's, never both.
                assertTrue(claimable == 0 || sweepable == 0, "leaf payable both ways");
                reachable += claimable + sweepable;
            }
            assertLe(reachable, p.distributed, "more reachable than distributed");
            assertGe(reachable + ids.length, p.distributed, "distributed but unreachable");
        }
    }

    function invariant_payeeNeverChanges() public view {
        assertEq(handler.ghostPayeeFlips(), 0);
    }

    function invariant_forgedLeavesNeverPay() public view {
        assertEq(handler.ghostForgeriesPaid(), 0);
    }

    function invariant_claimsAndSweepsPayWhatTheViewsAnnounce() public view {
        assertEq(handler.ghostViewMismatches(), 0);
    }
}
