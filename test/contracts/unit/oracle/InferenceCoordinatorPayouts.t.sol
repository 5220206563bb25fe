// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {FeeSplitMath} from "../../../../contracts/libraries/FeeSplitMath.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {InferenceCoordinator} from "../../../../contracts/oracle/InferenceCoordinator.sol";
import {
    FeeShares,
    Request,
    RequestParams,
    RequestStatus,
    ServiceParams
} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

contract InferenceCoordinatorV2 is InferenceCoordinator {
    function version() external pure returns (string memory) {
        return "2";
    }
}

/// @notice Where fees go after a fulfillment, and governance of the coordinator.
contract InferenceCoordinatorPayoutsTest is CoordinatorTestBase {
    function setUp() public override {
        super.setUp();
        _fulfill(_requestCommitted(), committedFixture);
    }

    function test_withdrawOperatorEarnings() public {
        vm.prank(OPERATOR);
        assertEq(coordinator.withdrawOperatorEarnings(outsider), 4 ether);
        assertEq(token.balanceOf(outsider), 4 ether);
        assertEq(coordinator.operatorEarnings(OPERATOR), 0);
        vm.prank(OPERATOR);
        vm.expectRevert(IInferenceCoordinator.CoordinatorNothingToWithdraw.selector);
        coordinator.withdrawOperatorEarnings(outsider);
    }

    function test_withdrawModelEarnings_paysTheCurrentOwner() public {
        address newOwner = makeAddr("newOwner");
        vm.prank(modelOwner);
        registry.transferModelOwnership(committedModel, newOwner);
        uint32[] memory versions = new uint32[](1);
        versions[0] = 1;
        vm.prank(outsider);
        assertEq(coordinator.withdrawModelEarnings(committedModel, versions), 2.5 ether);
        assertEq(token.balanceOf(newOwner), 2.5 ether);
        vm.expectRevert(IInferenceCoordinator.CoordinatorNothingToWithdraw.selector);
        coordinator.withdrawModelEarnings(committedModel, versions);
    }

    function test_flushDataRewards_forwardsToTheTreasuryWhenNoTrainingData() public {
        // The fixture model declared no training-data root, so DataRewards passes the share to the treasury.
        uint256 before = token.balanceOf(treasury);
        assertEq(coordinator.flushDataRewards(committedModel, 1), 2 ether);
        assertEq(token.balanceOf(treasury), before + 2 ether);
        (, uint256 data) = coordinator.versionEarnings(committedModel, 1);
        assertEq(data, 0);
    }

    function test_distributeProtocolFees_paysStakersAndTreasury() public {
        uint256 treasuryBefore = token.balanceOf(treasury);
        uint256 outstandingBefore = vault.rewardsOutstanding();
        coordinator.distributeProtocolFees();
        assertEq(vault.rewardsOutstanding(), outstandingBefore + 1 ether);
        assertEq(token.balanceOf(treasury), treasuryBefore + 0.5 ether);
        vm.expectRevert(IInferenceCoordinator.CoordinatorNothingToWithdraw.selector);
        coordinator.distributeProtocolFees();
    }

    function test_everyShareLeaves_andTheCoordinatorEndsEmpty() public {
        vm.prank(OPERATOR);
        coordinator.withdrawOperatorEarnings(OPERATOR);
        uint32[] memory versions = new uint32[](1);
        versions[0] = 1;
        coordinator.withdrawModelEarnings(committedModel, versions);
        coordinator.flushDataRewards(committedModel, 1);
        coordinator.distributeProtocolFees();
        assertEq(token.balanceOf(address(coordinator)), 0);
    }

    function testFuzz_feeSplit_addsUpExactly(uint96 fee, uint16 a, uint16 b, uint16 c, uint16 d) public {
        fee = uint96(bound(fee, 0, 1_000_000 ether));
        a = uint16(bound(a, 0, 10_000));
        b = uint16(bound(b, 0, 10_000 - a));
        c = uint16(bound(c, 0, 10_000 - a - b));
        d = uint16(bound(d, 0, 10_000 - a - b - c));
        uint16 e = 10_000 - a - b - c - d;
        vm.prank(address(timelock));
        coordinator.setFeeShares(FeeShares(a, b, c, d, e));
        vm.prank(modelOwner);
        registry.setModelFee(committedModel, fee);

        Ledger memory before = _ledger();
        _fund(address(consumer), fee);
        RequestParams memory params = _committedParams();
        params.maxFee = fee;
        uint256 id = consumer.request(params);
        Request memory request = _requestFromLogs(id);
        _fulfill(request, committedFixture);
        Ledger memory afterwards = _ledger();
        assertEq(_ledgerTotal(afterwards) - _ledgerTotal(before), fee);

        // a single fulfillment credits every party exactly its part of the request's fee, as FeeSplitMath splits it
        FeeSplitMath.Parts memory parts = FeeSplitMath.split(fee, FeeShares(a, b, c, d, e));
        assertEq(afterwards.operator - before.operator, parts.operator + request.callbackFee, "operator");
        assertEq(afterwards.owner - before.owner, parts.modelOwner, "model owner");
        assertEq(afterwards.data - before.data, parts.data, "data");
        assertEq(afterwards.stakers - before.stakers, parts.stakers, "stakers");
        assertEq(afterwards.treasury - before.treasury, parts.treasury, "treasury");
    }

    /// @dev What the ledger owes for the fixture model's version 1 and its one operator, party by party.
    struct Ledger {
        uint256 operator;
        uint256 owner;
        uint256 data;
        uint256 stakers;
        uint256 treasury;
    }

    function _ledger() private view returns (Ledger memory l) {
        l.operator = coordinator.operatorEarnings(OPERATOR);
        (l.owner, l.data) = coordinator.versionEarnings(committedModel, 1);
        (l.stakers, l.treasury) = coordinator.protocolEarnings();
    }

    function _ledgerTotal(Ledger memory l) private pure returns (uint256) {
        return l.operator + l.owner + l.data + l.stakers + l.treasury;
    }

    /* ------------------------------ governance ------------------------------ */

    function test_setFeeShares_andServiceParams_byGovernance() public {
        vm.startPrank(address(timelock));
        coordinator.setFeeShares(FeeShares(5000, 2000, 2000, 500, 500));
        coordinator.setServiceParams(ServiceParams(1 minutes, 2 hours, 300_000, 5 ether, 2));
        vm.stopPrank();
        assertEq(coordinator.feeShares().operatorBps, 5000);
        assertEq(coordinator.serviceParams().requestTimeout, 2 hours);
    }

    function test_RevertWhen_feeSharesDoNotSumToWhole() public {
        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorBadFeeShares.selector, 9999));
        coordinator.setFeeShares(FeeShares(5000, 2000, 2000, 500, 499));
    }

    function test_RevertWhen_serviceParamsOutOfRange() public {
        vm.startPrank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorBadServiceParams.selector, "request timeout is zero"
            )
        );
        coordinator.setServiceParams(ServiceParams(0, 0, 1, 0, 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorBadServiceParams.selector,
                "exclusive window not shorter than the timeout"
            )
        );
        coordinator.setServiceParams(ServiceParams(1 hours, 1 hours, 1, 0, 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorBadServiceParams.selector, "callback gas above the hard cap"
            )
        );
        coordinator.setServiceParams(ServiceParams(1, 1 hours, 2_500_001, 0, 1));
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorBadServiceParams.selector, "round of zero blocks")
        );
        coordinator.setServiceParams(ServiceParams(1, 1 hours, 1, 0, 0));
        // A timeout the vault's cooldown does not outlast by the slash grace: a slashed operator could withdraw first.
        uint64 cooldown = vault.cooldown();
        uint32 timeout = uint32(cooldown - ProtocolConstants.SLASH_GRACE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorCooldownBelowExposure.selector, cooldown + 1, cooldown
            )
        );
        coordinator.setServiceParams(ServiceParams(1, timeout, 1, 0, 1));
        coordinator.setServiceParams(ServiceParams(1, timeout - 1, 1, 0, 1));
        assertEq(coordinator.slashExposure(), cooldown);
        vm.stopPrank();
    }

    function test_RevertWhen_outsiderCallsAnyGovernanceFunction() public {
        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, bytes32(0));
        address implementation = address(new InferenceCoordinatorV2());
        vm.startPrank(outsider);
        vm.expectRevert(denied);
        coordinator.setFeeShares(FeeShares(10_000, 0, 0, 0, 0));
        vm.expectRevert(denied);
        coordinator.setServiceParams(ServiceParams(1, 1 hours, 1, 0, 1));
        vm.expectRevert(denied);
        coordinator.setCallbackFeePerGas(1);
        vm.expectRevert(denied);
        coordinator.setRandomnessSource(outsider);
        vm.expectRevert(denied);
        coordinator.setTreasury(outsider);
        vm.expectRevert(denied);
        coordinator.setDataRewards(outsider);
        vm.expectRevert(denied);
        coordinator.upgradeToAndCall(implementation, "");
        vm.stopPrank();
        assertEq(coordinator.feeShares().operatorBps, 4000);
        assertEq(coordinator.dependencies().treasury, treasury);
    }

    function test_RevertWhen_zeroAddressDependency() public {
        vm.startPrank(address(timelock));
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAddress.selector);
        coordinator.setTreasury(address(0));
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAddress.selector);
        coordinator.setRandomnessSource(address(0));
        vm.expectRevert(IInferenceCoordinator.CoordinatorZeroAddress.selector);
        coordinator.setDataRewards(address(0));
        vm.stopPrank();
    }

    function test_upgrade_byGovernanceKeepsRequestsAndLedger() public {
        address implementation = address(new InferenceCoordinatorV2());
        vm.prank(address(timelock));
        coordinator.upgradeToAndCall(implementation, "");
        assertEq(InferenceCoordinatorV2(address(coordinator)).version(), "2");
        assertEq(coordinator.requestCount(), 1);
        assertEq(coordinator.operatorEarnings(OPERATOR), 4 ether);
        assertEq(uint8(coordinator.decisionOf(1).status), uint8(RequestStatus.Fulfilled));
    }

    function test_RevertWhen_initializingAgain() public {
        InferenceCoordinator.Dependencies memory deps = coordinator.dependencies();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        coordinator.initialize(deps, outsider, _defaultShares(), _defaultServiceParams(), 1 hours);
    }
}
