// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Operator assignment over many VRF-seeded epochs follows stake weights.
contract InferenceCoordinatorAssignmentTest is CoordinatorTestBase {
    uint256 internal constant EPOCHS = 40;
    uint256 internal constant REQUESTS_PER_EPOCH = 250;

    function test_assignmentFrequency_matchesStakeWeights() public {
        // OPERATOR already holds 10,000; add 20,000 and 30,000: expected shares 1/6, 2/6, 3/6.
        address second = makeAddr("second");
        address third = makeAddr("third");
        _registerOperator(second, 20_000 ether);
        _registerOperator(third, 30_000 ether);
        address[3] memory operators = [OPERATOR, second, third];
        uint256[3] memory counts;

        IInferenceCoordinator.Request memory probe;
        probe.inputMode = IModelRegistry.InputMode.Public;
        for (uint256 e; e < EPOCHS; ++e) {
            // One real request per epoch triggers the epoch's single VRF request; the mock answers it with a fixed,
            // epoch-specific word so the run is reproducible.
            _requestPublic();
            _fulfillSeed(uint256(keccak256(abi.encode("symbiote-assignment", e))));
            probe.epoch = coordinator.epochAt(block.timestamp);
            for (uint256 i; i < REQUESTS_PER_EPOCH; ++i) {
                probe.requestId = e * REQUESTS_PER_EPOCH + i + 1;
                address assigned = coordinator.publicAssignment(probe.epoch, probe.requestId);
                for (uint256 k; k < 3; ++k) {
                    if (assigned == operators[k]) ++counts[k];
                }
            }
            vm.warp(block.timestamp + EPOCH_LENGTH);
        }

        uint256 n = EPOCHS * REQUESTS_PER_EPOCH;
        assertEq(counts[0] + counts[1] + counts[2], n);
        // Binomial standard deviation sqrt(n p (1-p)) for n = 10,000: 37 (p = 1/6), 47 (1/3), 50 (1/2). Allow 4σ:
        // a fair picker fails this with probability ~1e-4; a picker off by 2 points of share (200 draws) is caught.
        _assertNear(counts[0], n / 6, 150);
        _assertNear(counts[1], n / 3, 190);
        _assertNear(counts[2], n / 2, 200);
    }

    function test_assignment_isStableForARequestAndVariesAcrossRequests() public {
        address second = makeAddr("second");
        _registerOperator(second, OPERATOR_STAKE);
        _requestPublic();
        _fulfillSeed(12_345);
        IInferenceCoordinator.Request memory probe;
        probe.inputMode = IModelRegistry.InputMode.Public;
        probe.epoch = coordinator.epochAt(block.timestamp);
        bool sawOperator;
        bool sawSecond;
        for (uint256 id = 1; id <= 64; ++id) {
            probe.requestId = id;
            address assigned = coordinator.publicAssignment(probe.epoch, probe.requestId);
            assertEq(coordinator.publicAssignment(probe.epoch, probe.requestId), assigned);
            if (assigned == OPERATOR) sawOperator = true;
            if (assigned == second) sawSecond = true;
        }
        assertTrue(sawOperator && sawSecond);
    }

    function test_committedRequests_areAssignedToTheDataOwnersNode() public {
        IInferenceCoordinator.Request memory request = _requestCommitted();
        assertEq(coordinator.assignedOperator(request.requestId), OPERATOR);
    }

    function _assertNear(uint256 value, uint256 expected, uint256 tolerance) private pure {
        assertApproxEqAbs(value, expected, tolerance);
    }
}
