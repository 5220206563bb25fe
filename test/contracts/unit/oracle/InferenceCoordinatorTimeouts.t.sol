// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {ExpiryKeeper} from "../../../../contracts/oracle/ExpiryKeeper.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Expired requests: full refunds, slashing of the operator that was due, and the Automation keeper.
contract InferenceCoordinatorTimeoutsTest is CoordinatorTestBase {
    function test_cancelExpired_refundsAndSlashesTheServingNode() public {
        IInferenceCoordinator.Request memory request = _requestCommitted();
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);

        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        vm.prank(outsider);
        assertEq(coordinator.cancelExpired(ids), 1);

        // The escrow back in full, nothing more: the whole 100-token slash goes to the treasury.
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
        (, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(treasuryShare, 100 ether);
        IInferenceCoordinator.Decision memory record = coordinator.decisionOf(1);
        assertEq(uint8(record.status), uint8(IInferenceCoordinator.RequestStatus.Expired));
        assertEq(token.balanceOf(address(coordinator)), 100 ether);
    }

    function test_cancelExpired_slashesTheVrfAssignedOperator() public {
        IInferenceCoordinator.Request memory request = _requestPublic();
        _fulfillSeed(99);
        assertEq(coordinator.assignedOperator(request.requestId), OPERATOR);
        vm.warp(request.deadline + 1);
        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        coordinator.cancelExpired(ids);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
    }

    function test_cancelExpired_refundsWithoutSlashWhenNobodyWasAssigned() public {
        IInferenceCoordinator.Request memory request = _requestPublic();
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);
        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        coordinator.cancelExpired(ids);
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    function test_cancelExpired_stillRefundsWhenTheSlashFails() public {
        IInferenceCoordinator.Request memory request = _requestCommitted();
        bytes32 slasher = vault.SLASHER_ROLE();
        vm.prank(address(timelock));
        vault.revokeRole(slasher, address(coordinator));
        uint256 consumerBefore = token.balanceOf(address(consumer));
        vm.warp(request.deadline + 1);
        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        coordinator.cancelExpired(ids);
        assertEq(token.balanceOf(address(consumer)), consumerBefore + FEE);
    }

    function test_cancelExpired_skipsRequestsNotExpiredOrSettled() public {
        IInferenceCoordinator.Request memory first = _requestCommitted();
        _requestCommitted();
        _fulfil(first, committedFixture);
        uint256[] memory ids = new uint256[](3);
        ids[0] = 1; // fulfilled
        ids[1] = 2; // pending, not expired
        ids[2] = 7; // unknown
        assertEq(coordinator.cancelExpired(ids), 0);
        assertEq(uint8(coordinator.decisionOf(2).status), uint8(IInferenceCoordinator.RequestStatus.Pending));
    }

    function test_keeper_findsAndCancelsExpiredRequestsInBoundedBatches() public {
        ExpiryKeeper keeper = new ExpiryKeeper(address(coordinator));
        for (uint256 i; i < 25; ++i) {
            _requestCommitted();
        }
        (bool needed,) = keeper.checkUpkeep("");
        assertFalse(needed);

        vm.warp(block.timestamp + 1 hours + 1);
        (bool neededNow, bytes memory performData) = keeper.checkUpkeep("");
        assertTrue(neededNow);
        uint256[] memory found = abi.decode(performData, (uint256[]));
        assertEq(found.length, keeper.BATCH());
        keeper.performUpkeep(performData);
        assertEq(keeper.cursor(), 21);

        (neededNow, performData) = keeper.checkUpkeep("");
        assertTrue(neededNow);
        assertEq(abi.decode(performData, (uint256[])).length, 5);
        keeper.performUpkeep(performData);
        assertEq(keeper.cursor(), 26);

        (neededNow,) = keeper.checkUpkeep("");
        assertFalse(neededNow);
        for (uint256 id = 1; id <= 25; ++id) {
            assertEq(uint8(coordinator.decisionOf(id).status), uint8(IInferenceCoordinator.RequestStatus.Expired));
        }
        // Every fee came back, and nothing more.
        assertEq(token.balanceOf(address(consumer)), 1000 ether);
        (, uint256 treasuryShare) = coordinator.protocolEarnings();
        assertEq(treasuryShare, 25 * 100 ether);
    }

    function test_keeper_performWithStaleDataCancelsNothing() public {
        ExpiryKeeper keeper = new ExpiryKeeper(address(coordinator));
        _requestCommitted();
        uint256[] memory ids = new uint256[](1);
        ids[0] = 1;
        // Not expired yet: stale or forged perform data cancels nothing, and the cursor stays on the pending request.
        keeper.performUpkeep(abi.encode(ids));
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(IInferenceCoordinator.RequestStatus.Pending));
        assertEq(keeper.cursor(), 1);
    }

    function test_RevertWhen_keeperWithoutCoordinator() public {
        vm.expectRevert(ExpiryKeeper.ExpiryKeeperZeroCoordinator.selector);
        new ExpiryKeeper(address(0));
    }
}
