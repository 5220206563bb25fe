// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {InferenceCoordinator} from "../../../../contracts/oracle/InferenceCoordinator.sol";
import {Request, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {VersionParams} from "../../../../contracts/types/ModelTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice The registry's binding to the coordinator: flags and retirements reach the coordinator's own copy in the
/// same transaction, only the registry can write that copy, and a coordinator the registry is not bound to refuses
/// requests (its copy would miss flags).
contract InferenceCoordinatorRegistryBindingTest is CoordinatorTestBase {
    function test_bindCoordinator_isRecordedAndAnnounced() public view {
        assertEq(registry.boundCoordinator(), address(coordinator));
    }

    function test_versionUnflaggedAfterTheRequest_isServedAgain() public {
        Request memory request = _requestCommitted();
        vm.startPrank(address(timelock));
        registry.flagVersion(committedModel, 1, "ipfs://bias-report");
        registry.unflagVersion(committedModel, 1);
        vm.stopPrank();

        _fulfill(request, committedFixture);
        assertEq(uint8(coordinator.decisionOf(request.requestId).status), uint8(RequestStatus.Fulfilled));
    }

    function test_flagOfAnotherVersion_doesNotStopThisOne() public {
        Request memory request = _requestCommitted();
        vm.startPrank(modelOwner);
        registry.publishVersion(
            committedModel,
            VersionParams({
                weightsCommitment: committedFixture.weightsCommitment + 1,
                trainingDataRoot: bytes32(0),
                totalDataWeight: 0,
                metadataURI: "ipfs://card-v2"
            })
        );
        vm.stopPrank();
        vm.prank(address(timelock));
        registry.flagVersion(committedModel, 2, "ipfs://bias-report");

        _fulfill(request, committedFixture);
        assertEq(uint8(coordinator.decisionOf(request.requestId).status), uint8(RequestStatus.Fulfilled));
    }

    function test_RevertWhen_outsiderReportsAFlagChange() public {
        Request memory request = _requestCommitted();
        // Not even governance writes the copy directly: only the registry, whose own state it mirrors.
        address[2] memory callers = [outsider, address(timelock)];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotRegistry.selector, callers[i]));
            coordinator.onVersionFlagChanged(committedModel, 1, true);
        }
        _fulfill(request, committedFixture);
    }

    function test_RevertWhen_outsiderReportsARetirement() public {
        Request memory request = _requestCommitted();
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotRegistry.selector, outsider));
        coordinator.onCircuitRetired(request.circuitId);
        _fulfill(request, committedFixture);
    }

    function test_RevertWhen_outsiderBindsTheRegistry() public {
        bytes32 adminRole = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        registry.bindCoordinator(outsider);
    }

    function test_RevertWhen_bindingASecondCoordinator() public {
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCoordinatorAlreadyBound.selector, address(coordinator))
        );
        registry.bindCoordinator(makeAddr("second coordinator"));
    }

    function test_RevertWhen_requestThroughACoordinatorTheRegistryIsNotBoundTo() public {
        InferenceCoordinator unbound = InferenceCoordinator(
            address(new ERC1967Proxy(address(new InferenceCoordinator()), _coordinatorInitialization()))
        );
        _fund(outsider, FEE);
        vm.startPrank(outsider);
        token.approve(address(unbound), FEE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorNotBoundToRegistry.selector, address(registry), address(coordinator)
            )
        );
        unbound.requestInference(_publicParams());
        vm.stopPrank();
        assertEq(token.balanceOf(outsider), FEE);
    }
}
