// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {ExpiryKeeper} from "../../../../contracts/oracle/ExpiryKeeper.sol";
import {Decision, Request, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Expired requests: full refunds, slashing of the operator that was due, and the Automation keeper.
contract InferenceCoordinatorTimeoutsTest is CoordinatorTestBase {
    function test_cancelExpired_refundsAndSlashesTheServingNode() public {
        Request memory request = _requestCommitted();
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);

        vm.prank(outsider);
        assertEq(coordinator.cancelExpired(_reqs(1)), 1);

        // The escrow back in full, nothing more: the whole 100-token slash goes to the treasury.
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
        (, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(treasuryShare, 100 ether);
        Decision memory record = coordinator.decisionOf(1);
        assertEq(uint8(record.status), uint8(RequestStatus.Expired));
        assertEq(token.balanceOf(address(coordinator)), 100 ether);
    }

    function test_cancelExpired_slashesTheVrfAssignedOperator() public {
        Request memory request = _requestPublic();
        _fulfillSeed(99);
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        vm.warp(request.deadline + 1);
        coordinator.cancelExpired(_reqs(1));
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
    }

    function test_cancelExpired_refundsWithoutSlashWhenNobodyWasAssigned() public {
        Request memory request = _requestPublic();
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);
        coordinator.cancelExpired(_reqs(1));
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    function test_cancelExpired_stillRefundsWhenTheSlashFails() public {
        Request memory request = _requestCommitted();
        bytes32 slasher = vault.SLASHER_ROLE();
        vm.prank(address(timelock));
        vault.revokeRole(slasher, address(coordinator));
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);
        coordinator.cancelExpired(_reqs(1));
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
    }

    /// A cancel that could not give the slash its whole budget is refused whole, by name, and changes nothing.
    function test_RevertWhen_cancelCannotGiveTheSlashItsBudget() public {
        Request memory request = _requestCommitted();
        vm.warp(request.deadline + 1);
        bytes memory cancel = abi.encodeCall(coordinator.cancelExpired, (_reqs(request.requestId)));
        (bool ok, bytes memory reason) = address(coordinator).call{gas: 600_000}(cancel);
        assertFalse(ok);
        assertEq(
            reason,
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorInsufficientGasForSlash.selector,
                request.requestId,
                ProtocolConstants.SLASH_GAS
            )
        );
        assertEq(uint8(coordinator.decisionOf(request.requestId).status), uint8(RequestStatus.Pending));
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
        // with the budget to spare, the same cancel slashes
        assertEq(coordinator.cancelExpired(_reqs(request.requestId)), 1);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
    }

    function test_cancelExpired_skipsRequestsNotExpiredOrSettled() public {
        Request memory first = _requestCommitted();
        Request memory second = _requestCommitted();
        _fulfill(first, committedFixture);
        Request memory unknown = second;
        unknown.requestId = 7;
        Request[] memory requests = new Request[](3);
        requests[0] = first; // fulfilled
        requests[1] = second; // pending, not expired
        requests[2] = unknown; // unknown
        assertEq(coordinator.cancelExpired(requests), 0);
        assertEq(uint8(coordinator.decisionOf(2).status), uint8(RequestStatus.Pending));
    }

    /// A request altered on the way back (a smaller fee, another requester to refund) matches no stored hash.
    function test_cancelExpired_skipsATamperedRequest() public {
        Request memory request = _requestCommitted();
        vm.warp(request.deadline + 1);
        Request[] memory requests = new Request[](1);
        requests[0] = _copy(request);
        requests[0].requester = outsider;
        assertEq(coordinator.cancelExpired(requests), 0);
        requests[0] = _copy(request);
        requests[0].fee = FEE + 1;
        assertEq(coordinator.cancelExpired(requests), 0);
        assertEq(token.balanceOf(outsider), 0);
        requests[0] = request;
        assertEq(coordinator.cancelExpired(requests), 1);
        // once expired, the same request cancels nothing again
        assertEq(coordinator.cancelExpired(requests), 0);
    }

    function test_keeper_findsAndCancelsExpiredRequestsInBoundedBatches() public {
        ExpiryKeeper keeper = new ExpiryKeeper(address(coordinator));
        Request[] memory candidates = new Request[](25);
        for (uint256 i; i < 25; ++i) {
            candidates[i] = _requestCommitted();
        }
        (bool needed,) = keeper.checkUpkeep(abi.encode(candidates));
        assertFalse(needed);

        vm.warp(block.timestamp + 1 hours + 1);
        (bool neededNow, bytes memory performData) = keeper.checkUpkeep(abi.encode(candidates));
        assertTrue(neededNow);
        Request[] memory found = abi.decode(performData, (Request[]));
        assertEq(found.length, keeper.BATCH());
        keeper.performUpkeep(performData);

        (neededNow, performData) = keeper.checkUpkeep(abi.encode(candidates));
        assertTrue(neededNow);
        assertEq(abi.decode(performData, (Request[])).length, 5);
        keeper.performUpkeep(performData);

        (neededNow,) = keeper.checkUpkeep(abi.encode(candidates));
        assertFalse(neededNow);
        for (uint256 id = 1; id <= 25; ++id) {
            assertEq(uint8(coordinator.decisionOf(id).status), uint8(RequestStatus.Expired));
        }
        // Every fee came back, and nothing more.
        assertEq(token.balanceOf(address(consumer)), 1000 ether);
        (, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(treasuryShare, 25 * 100 ether);
    }

    function test_keeper_performWithStaleDataCancelsNothing() public {
        ExpiryKeeper keeper = new ExpiryKeeper(address(coordinator));
        Request[] memory requests = new Request[](1);
        requests[0] = _requestCommitted();
        // Not expired yet: stale or forged perform data cancels nothing.
        keeper.performUpkeep(abi.encode(requests));
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Pending));
        (bool needed,) = keeper.checkUpkeep(abi.encode(requests));
        assertFalse(needed);
    }

    function test_RevertWhen_keeperWithoutCoordinator() public {
        vm.expectRevert(ExpiryKeeper.ExpiryKeeperZeroCoordinator.selector);
        new ExpiryKeeper(address(0));
    }

    function _copy(Request memory request) private pure returns (Request memory) {
        return abi.decode(abi.encode(request), (Request));
    }
}
