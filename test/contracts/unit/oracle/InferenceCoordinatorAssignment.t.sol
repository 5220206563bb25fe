// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Request} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Operator assignment over many VRF-seeded rounds follows stake weights among the operators that declared
/// the version, and a request's assignment never changes once drawn.
contract InferenceCoordinatorAssignmentTest is CoordinatorTestBase {
    uint256 internal constant ROUNDS = 40;
    uint256 internal constant REQUESTS_PER_ROUND = 250;

    function test_assignmentFrequency_matchesStakeWeights() public {
        // OPERATOR already holds 10,000; add 20,000 and 30,000: expected shares 1/6, 2/6, 3/6.
        address second = makeAddr("second");
        address third = makeAddr("third");
        _registerOperator(second, 20_000 ether);
        _registerOperator(third, 30_000 ether);
        _declareVersion(second, publicModel, 1);
        _declareVersion(third, publicModel, 1);
        vm.warp(block.timestamp + 1);
        address[3] memory operators = [OPERATOR, second, third];
        uint256[3] memory counts;

        for (uint256 r; r < ROUNDS; ++r) {
            // One real request per round opens it and triggers its single VRF request; the mock answers it with a
            // fixed, round-specific word so the run is reproducible.
            Request memory opened = _requestPublic();
            _fulfillSeed(uint256(keccak256(abi.encode("symbiote-assignment", r))));
            for (uint256 i; i < REQUESTS_PER_ROUND; ++i) {
                uint256 requestId = r * REQUESTS_PER_ROUND + i + 1;
                address assigned = coordinator.publicAssignment(opened.round, requestId, publicModel, 1);
                for (uint256 k; k < 3; ++k) {
                    if (assigned == operators[k]) ++counts[k];
                }
            }
            vm.roll(block.number + 3);
            vm.warp(block.timestamp + 36);
        }

        uint256 n = ROUNDS * REQUESTS_PER_ROUND;
        assertEq(counts[0] + counts[1] + counts[2], n);
        // Binomial standard deviation sqrt(n p (1-p)) for n = 10,000: 37 (p = 1/6), 47 (1/3), 50 (1/2). Allow 4σ:
        // a fair picker fails this with probability ~1e-4; a picker off by 2 points of share (200 draws) is caught.
        assertApproxEqAbs(counts[0], n / 6, 150);
        assertApproxEqAbs(counts[1], n / 3, 190);
        assertApproxEqAbs(counts[2], n / 2, 200);
    }

    function test_assignment_isStableForARequestAndVariesAcrossRequests() public {
        address second = makeAddr("second");
        _registerOperator(second, OPERATOR_STAKE);
        _declareVersion(second, publicModel, 1);
        vm.warp(block.timestamp + 1);
        Request memory opened = _requestPublic();
        _fulfillSeed(12_345);
        bool sawOperator;
        bool sawSecond;
        for (uint256 id = 1; id <= 64; ++id) {
            address assigned = coordinator.publicAssignment(opened.round, id, publicModel, 1);
            assertEq(coordinator.publicAssignment(opened.round, id, publicModel, 1), assigned);
            if (assigned == OPERATOR) sawOperator = true;
            if (assigned == second) sawSecond = true;
        }
        assertTrue(sawOperator && sawSecond);
    }

    function test_requestsOfOneRound_shareItsSeed_andTheNextRoundOpensAfterRoundBlocks() public {
        Request memory first = _requestPublic();
        vm.roll(block.number + 2);
        Request memory second = _requestPublic();
        assertEq(second.round, first.round, "a request within roundBlocks joins the open round");
        vm.roll(block.number + 1);
        Request memory third = _requestPublic();
        assertEq(third.round, first.round + 1, "a request roundBlocks after the round began opens the next");
        assertTrue(randomness.vrfRequestOf(third.round) != 0, "the new round asked for its seed");
        assertEq(randomness.seedOf(first.round), 0, "the seed is unknown while the round is open");
    }

    function test_committedRequests_areAssignedToTheDataOwnersNode() public {
        Request memory request = _requestCommitted();
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        assertEq(request.round, 0, "committed requests join no round");
    }
}
