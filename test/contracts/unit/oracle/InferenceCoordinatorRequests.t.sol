// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataRegistry} from "../../../../contracts/interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Grant} from "../../../../contracts/types/DataTypes.sol";
import {Decision, Request, RequestParams, RequestStatus} from "../../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice Requests: what is escrowed and emitted, and every refusal.
contract InferenceCoordinatorRequestsTest is CoordinatorTestBase {
    function test_requestInference_escrowsTheFeeAndStoresOneHash() public {
        uint256 before = token.balanceOf(address(consumer));
        Request memory request = _requestCommitted();
        assertEq(request.requestId, 1);
        assertEq(request.requester, address(consumer));
        assertEq(request.version, 1);
        assertEq(request.servingNode, OPERATOR);
        assertEq(request.fee, FEE);
        assertEq(request.deadline, block.timestamp + 1 hours);
        assertEq(request.weightsCommitment, committedFixture.weightsCommitment);
        assertEq(token.balanceOf(address(consumer)), before - FEE);
        assertEq(token.balanceOf(address(coordinator)), FEE);
        Decision memory record = coordinator.decisionOf(1);
        assertEq(uint8(record.status), uint8(RequestStatus.Pending));
        assertEq(record.hash, keccak256(abi.encode(request)) & ~bytes32(uint256(0xff)));
        assertEq(coordinator.requestCount(), 1);
    }

    function test_requestInference_asksForOneSeedPerRound() public {
        _requestPublic();
        _requestPublic();
        (uint64 round,,) = coordinator.currentRound();
        uint256 firstVrfRequest = randomness.vrfRequestOf(round);
        assertTrue(firstVrfRequest != 0);
        vm.roll(block.number + 3);
        _requestPublic();
        uint256 secondVrfRequest = randomness.vrfRequestOf(round + 1);
        assertEq(secondVrfRequest, firstVrfRequest + 1);
    }

    function test_requestInference_consumesOneGrantUse() public {
        _requestCommitted();
        Grant memory grant = dataRegistry.grantOf(applicant, address(consumer), committedModel);
        assertEq(grant.used, 1);
        assertEq(grant.maxUses, 100);
    }

    function test_requestInference_ownDataNeedsNoGrant() public {
        _fund(applicant, FEE);
        vm.startPrank(applicant);
        token.approve(address(coordinator), FEE);
        RequestParams memory params = _committedParams();
        params.callbackGasLimit = 0;
        coordinator.requestInference(params);
        vm.stopPrank();
        assertEq(coordinator.requestCount(), 1);
    }

    function test_requestInferenceWithPermit() public {
        (address signer, uint256 key) = makeAddrAndKey("permitSigner");
        _fund(signer, FEE);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                token.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                        signer,
                        address(coordinator),
                        FEE,
                        0,
                        deadline
                    )
                )
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        RequestParams memory params = _publicParams();
        params.callbackGasLimit = 0;
        vm.prank(signer);
        coordinator.requestInferenceWithPermit(params, FEE, deadline, v, r, s);
        assertEq(token.balanceOf(signer), 0);
        assertEq(token.balanceOf(address(coordinator)), FEE);
    }

    function test_RevertWhen_feeAboveMax() public {
        RequestParams memory params = _committedParams();
        params.maxFee = FEE - 1;
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorFeeAboveMax.selector, FEE, FEE - 1));
        consumer.request(params);
        assertEq(coordinator.requestCount(), 0);
    }

    function test_RevertWhen_wrongNumberOfInputWords() public {
        RequestParams memory params = _publicParams();
        params.inputWords = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorWrongInputWords.selector, 3, 2));
        consumer.request(params);
    }

    function test_RevertWhen_inputAtOrAboveTheFieldModulus() public {
        RequestParams memory params = _committedParams();
        params.inputWords = new uint256[](1);
        params.inputWords[0] = ProtocolConstants.SNARK_SCALAR_FIELD;
        // The registry checks input words against the circuit's domain before any fee moves.
        vm.expectPartialRevert(IModelRegistry.RegistryInputOutOfDomain.selector);
        consumer.request(params);
        assertEq(token.balanceOf(address(coordinator)), 0);
    }

    function test_RevertWhen_callbackGasAboveMax() public {
        RequestParams memory params = _committedParams();
        params.callbackGasLimit = 500_001;
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorCallbackGasTooHigh.selector, 500_001, 500_000)
        );
        consumer.request(params);
    }

    function test_RevertWhen_committedRequestWithoutDataOwner() public {
        RequestParams memory params = _committedParams();
        params.dataOwner = address(0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorBadDataOwner.selector, InputMode.Committed, address(0)
            )
        );
        consumer.request(params);
    }

    function test_RevertWhen_publicRequestNamesADataOwner() public {
        RequestParams memory params = _publicParams();
        params.dataOwner = applicant;
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorBadDataOwner.selector, InputMode.Public, applicant)
        );
        consumer.request(params);
    }

    function test_RevertWhen_noGrantForSomeoneElsesData() public {
        RequestParams memory params = _committedParams();
        params.dataOwner = outsider;
        _registerInput(outsider, params.inputWords[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantNotFound.selector, outsider, address(consumer), committedModel
            )
        );
        consumer.request(params);
    }

    function test_RevertWhen_grantRevoked() public {
        vm.prank(applicant);
        dataRegistry.revokeAccess(address(consumer), committedModel);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantRevoked.selector, applicant, address(consumer), committedModel
            )
        );
        consumer.request(_committedParams());
    }

    function test_RevertWhen_versionFlagged() public {
        vm.prank(address(timelock));
        registry.flagVersion(committedModel, 1, "ipfs://bias-report");
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RegistryVersionFlagged.selector, committedModel, uint32(1), "ipfs://bias-report"
            )
        );
        consumer.request(_committedParams());
    }

    function test_RevertWhen_modeNotOffered() public {
        RequestParams memory params = _publicParams();
        params.modelId = committedModel;
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RegistryInputModeNotOffered.selector, committedModel, InputMode.Public
            )
        );
        consumer.request(params);
    }

    function test_requestInference_servesTheNodeTheOwnerChoseAndThatAccepted() public {
        address node = makeAddr("node");
        vm.prank(applicant);
        dataRegistry.setDataNode(node);
        // Proposed but not accepted: the applicant's accepted node (OPERATOR) still serves.
        assertEq(_requestCommitted().servingNode, OPERATOR);
        vm.prank(node);
        dataRegistry.acceptDataNode(applicant);
        assertEq(_requestCommitted().servingNode, node);
    }
}
