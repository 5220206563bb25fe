// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IWeightsBaseVerifier} from "../../../../contracts/interfaces/IWeightsBaseVerifier.sol";
import {Request, RequestParams, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {Classifier16CommittedVerifier} from "../../../../contracts/verifiers/Classifier16CommittedVerifier.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @dev A verifier as generated before the weights-base entry points: only `verifyProof`, forwarded to the real one.
contract VerifyProofOnly {
    Classifier16CommittedVerifier private immutable inner = new Classifier16CommittedVerifier();

    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[7] calldata s)
        external
        view
        returns (bool)
    {
        return inner.verifyProof(a, b, c, s);
    }
}

/// @notice Single fulfillments start vk_x from the version's stored weights base (CoordinatorWeightsBase): the first
/// one stores the verifier's own answer for the version's commitment, later ones read it, and a proof is accepted
/// exactly when the full check would accept it.
contract InferenceCoordinatorWeightsBaseTest is CoordinatorTestBase {
    function test_firstSingleFulfillment_storesTheVerifiersBase_andLaterOnesVerifyFromIt() public {
        Request memory first = _requestCommitted();
        (uint256 x, uint256 y) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        assertEq(x | y, 0, "nothing stored before the first fulfillment");

        _fulfill(first, committedFixture);
        (x, y) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        address verifier = registry.circuit(first.circuitId).verifier;
        (uint256 ex, uint256 ey) = IWeightsBaseVerifier(verifier).weightsBase(committedFixture.weightsCommitment);
        assertEq(x, ex, "the verifier's base, x");
        assertEq(y, ey, "the verifier's base, y");
        assertTrue(x != 0 || y != 0);

        Request memory second = _requestCommitted();
        uint256 before = gasleft();
        _fulfill(second, committedFixture);
        uint256 secondGas = before - gasleft();
        assertEq(uint8(coordinator.decisionOf(second.requestId).status), uint8(RequestStatus.Fulfilled));
        assertEq(consumer.lastOutputs(), committedFixture.outputs);
        // the base was read, not computed again
        (uint256 x2, uint256 y2) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        assertEq(x2, x);
        assertEq(y2, y);
        assertGt(secondGas, 0);
    }

    function test_RevertWhen_aTamperedProofMeetsTheStoredBase() public {
        _fulfill(_requestCommitted(), committedFixture);
        Request memory request = _requestCommitted();
        bytes memory proof = committedFixture.proofs[request.requestId - 1];
        proof[100] ^= 0x01;
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId)
        );
        coordinator.fulfill(request, committedFixture.outputs, proof);
    }

    function test_RevertWhen_changedOutputsMeetTheStoredBase() public {
        _fulfill(_requestCommitted(), committedFixture);
        Request memory request = _requestCommitted();
        uint256[] memory outputs = committedFixture.outputs;
        outputs[0] += 1;
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId)
        );
        coordinator.fulfill(request, outputs, committedFixture.proofs[request.requestId - 1]);
    }

    /// @dev A proof made with version 1's weights, for a request of version 2 (other weights): version 2's base is its
    /// own commitment's, so the proof fails, and version 1's stored base is left as it was.
    function test_RevertWhen_aProofOfOneVersionsWeightsAnswersAnotherVersion() public {
        Request memory first = _requestCommitted();
        _fulfill(first, committedFixture);
        (uint256 x1, uint256 y1) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        vm.prank(modelOwner);
        registry.publishVersion(committedModel, _versionParams(committedFixture.weightsCommitment + 1, bytes32(0), 0));
        RequestParams memory params = _committedParams();
        params.version = 2;
        Request memory request = _requestFromLogs(consumer.request(params));
        assertEq(request.weightsCommitment, committedFixture.weightsCommitment + 1);

        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId)
        );
        coordinator.fulfill(request, committedFixture.outputs, committedFixture.proofs[request.requestId - 1]);

        (uint256 x, uint256 y) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        assertEq(x, x1);
        assertEq(y, y1);
        // the reverted fulfillment stored nothing for version 2
        (x, y) = coordinator.weightsBaseOf(committedModel, 2, first.circuitId);
        assertEq(x | y, 0);
    }
}

/// @notice A circuit whose verifier predates the weights-base entry points is checked in full (`verifyProof`), and no
/// base is stored for it.
contract InferenceCoordinatorWithoutWeightsBaseTest is CoordinatorTestBase {
    function _committedVerifier() internal override returns (address) {
        return address(new VerifyProofOnly());
    }

    function test_verifierWithoutTheEntryPoints_isCheckedInFull() public {
        Request memory first = _requestCommitted();
        _fulfill(first, committedFixture);
        Request memory second = _requestCommitted();
        _fulfill(second, committedFixture);
        assertEq(uint8(coordinator.decisionOf(second.requestId).status), uint8(RequestStatus.Fulfilled));
        (uint256 x, uint256 y) = coordinator.weightsBaseOf(committedModel, 1, first.circuitId);
        assertEq(x | y, 0, "no base for a verifier without the entry points");
    }

    function test_RevertWhen_aTamperedProofIsCheckedInFull() public {
        Request memory request = _requestCommitted();
        bytes memory proof = committedFixture.proofs[0];
        proof[100] ^= 0x01;
        vm.prank(OPERATOR);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorInvalidProof.selector, request.requestId)
        );
        coordinator.fulfill(request, committedFixture.outputs, proof);
    }
}
