// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RequestParams} from "../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../utils/CoordinatorTestBase.sol";
import {CoordinatorHandler} from "./handlers/CoordinatorHandler.sol";

/// @notice Accounting invariants of the coordinator under random sequences of requests, real-proof fulfillments,
/// expiries with slashing, and payouts.
contract InferenceCoordinatorInvariantTest is CoordinatorTestBase {
    CoordinatorHandler internal handler;

    function setUp() public override {
        super.setUp();
        RequestParams memory params = _committedParams();
        handler = new CoordinatorHandler(
            coordinator,
            token,
            consumer,
            OPERATOR,
            committedModel,
            params,
            committedFixture.outputs,
            committedFixture.proofs
        );
        handler.setCircuit(registry.model(committedModel).committedCircuitId, committedFixture.weightsCommitment);
        _fund(address(consumer), 1_000_000 ether);
        _fund(address(handler), 1_000_000 ether);
        targetContract(address(handler));
        bytes4[] memory actions = new bytes4[](10);
        actions[8] = CoordinatorHandler.fulfillBatch.selector;
        actions[9] = CoordinatorHandler.deposit.selector;
        actions[0] = CoordinatorHandler.request.selector;
        actions[1] = CoordinatorHandler.fulfill.selector;
        actions[2] = CoordinatorHandler.warp.selector;
        actions[3] = CoordinatorHandler.cancelAll.selector;
        actions[4] = CoordinatorHandler.withdrawOperator.selector;
        actions[5] = CoordinatorHandler.withdrawOwner.selector;
        actions[6] = CoordinatorHandler.flushData.selector;
        actions[7] = CoordinatorHandler.distribute.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: actions}));
    }

    /// @notice The coordinator holds exactly the prepaid deposits, the fees of pending requests and what its ledger
    /// owes.
    function invariant_holdsPendingFeesPlusLedger() public view {
        assertEq(
            token.balanceOf(address(coordinator)),
            coordinator.depositOf(address(consumer)) + handler.pendingFees() + handler.ledgerTotal()
        );
    }

    /// @notice No request is decided twice, and no batch item with a bad proof settles.
    function invariant_batchesSettleOnlyHonestItemsOnce() public view {
        assertEq(handler.settledTwice(), 0);
        assertEq(handler.badItemsSettled(), 0);
    }

    /// @notice Nothing created or lost: fees and slashed stake in == refunds, slash shares and payouts out + held.
    function invariant_everyWeiAccountedFor() public view {
        assertEq(
            handler.feesIn() + handler.slashedIn(),
            handler.refunds() + handler.slashedToRequesters() + handler.paidOut()
                + token.balanceOf(address(coordinator))
        );
    }

    /// @notice Every fulfillment credited shares summing exactly to its fee.
    function invariant_feeInEqualsSharesOut() public view {
        assertEq(handler.splitMismatches(), 0);
    }

    /// @notice Every request ends in exactly one state: pending, fulfilled (or callback failed) or expired.
    function invariant_requestsSettleOnce() public view {
        assertLe(handler.fulfilled() + handler.expired(), handler.requestCount());
        assertEq(coordinator.requestCount(), handler.requestCount());
    }
}
