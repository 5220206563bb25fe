// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataRegistry} from "../../../contracts/interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../../../contracts/interfaces/IInferenceCoordinator.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IOperatorRegistry} from "../../../contracts/interfaces/IOperatorRegistry.sol";
import {IStakingVault} from "../../../contracts/interfaces/IStakingVault.sol";
import {ProtocolConstants} from "../../../contracts/libraries/ProtocolConstants.sol";
import {
    Fulfillment,
    Request,
    RequestParams,
    RequestStatus,
    ServiceParams
} from "../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../contracts/types/ModelTypes.sol";
import {CoordinatorTestBase} from "../utils/CoordinatorTestBase.sol";

/// @notice The economic attacks on Symbiote, written as the attacker would run them: one test per class of failure.
/// Each asserts that the attack now fails; each fails against the protocol as it was before these defences (the
/// docs/security.md threat table names the defence each one exercises).
contract EconomicAttacksTest is CoordinatorTestBase {
    address internal attacker = makeAddr("attacker");
    address internal honest = makeAddr("honest");

    uint32 internal publicCircuit;
    uint32 internal committedCircuit;

    function setUp() public override {
        super.setUp();
        publicCircuit = registry.model(publicModel).publicCircuitId;
        committedCircuit = registry.model(committedModel).committedCircuitId;
    }

    /* ------------------------------------------------------------------ */
    /*        1. Requests nobody can serve must not slash anyone          */
    /* ------------------------------------------------------------------ */

    /// Attacker (no tokens, no stake) names a staked operator as its data node, requests on its own zero-fee model
    /// with a commitment nobody can open, and waits for the timeout.
    function test_attack_unconsentedDataNode_slashesNobody() public {
        vm.startPrank(attacker);
        dataRegistry.setDataNode(OPERATOR);
        uint256 model = registry.registerModel(0, committedCircuit, 0, false, _versionParams(777, bytes32(0), 0));
        uint256[] memory commitment = new uint256[](1);
        commitment[0] = 424_242;
        dataRegistry.registerInputCommitments(commitment);
        vm.stopPrank();
        // The victim declares everything it could be asked, to show the consent, not a missing declaration, saves it.
        _declareVersion(OPERATOR, model, 1);
        vm.warp(block.timestamp + 1);

        vm.prank(attacker);
        uint256 id = coordinator.requestInference(
            RequestParams({
                modelId: model,
                version: 0,
                inputMode: InputMode.Committed,
                inputWords: commitment,
                dataOwner: attacker,
                callbackGasLimit: 0,
                maxFee: 0
            })
        );
        // The proposal was never accepted: the attacker's own address answers for its data.
        assertEq(coordinator.assignedOperator(_req(id)), attacker);
        _expireAndCancel(id);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE, "the victim kept its stake");
        assertEq(token.balanceOf(attacker), 0, "the attacker earned nothing");
    }

    /// A grantee passes a commitment the data owner never registered: its node could not open it.
    function test_attack_granteeWithAWrongCommitment_isRefused() public {
        RequestParams memory params = _committedParams();
        params.inputWords = new uint256[](1);
        params.inputWords[0] = committedFixture.inputWords[0] + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryInputNotRegistered.selector, applicant, params.inputWords[0]
            )
        );
        consumer.request(params);
    }

    /// A public word below the field modulus with a bit above its lanes has no witness.
    function test_attack_publicWordWithBitsOutsideItsLanes_isRefused() public {
        RequestParams memory params = _publicParams();
        params.inputWords[1] |= uint256(1) << 250;
        vm.expectPartialRevert(IModelRegistry.RegistryInputOutOfDomain.selector);
        consumer.request(params);
        assertEq(coordinator.requestCount(), 0);
    }

    /// A zero-fee model whose weights were never published: no operator can prove it, so none declared it, none is
    /// drawn and none is slashed.
    function test_attack_unpublishedWeights_slashNobody() public {
        vm.prank(attacker);
        uint256 model = registry.registerModel(publicCircuit, 0, 0, false, _versionParams(999, bytes32(0), 0));
        vm.warp(block.timestamp + 1);
        vm.prank(attacker);
        uint256 id = coordinator.requestInference(_publicParamsFor(model, 0));
        _fulfillSeed(7);
        assertEq(coordinator.assignedOperator(_req(id)), address(0));
        _expireAndCancel(id);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    /// Slashed stake never reaches the requester: it gets its escrow back, nothing more.
    function test_attack_requesterProfitsFromASlash_isImpossible() public {
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        uint256 before = token.balanceOf(address(consumer));
        (, uint256 treasuryBefore) = coordinator.protocolEarnings();
        _expireAndCancel(request.requestId);
        assertEq(token.balanceOf(address(consumer)), before + FEE, "the escrow, nothing more");
        (, uint256 treasuryAfter) = coordinator.protocolEarnings();
        assertEq(treasuryAfter - treasuryBefore, 100 ether, "the whole slash to the treasury");
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether, "the drawn operator answers for it");
    }

    /// The version is flagged after the request: the operator cannot serve it, so nobody is slashed, and the
    /// requester gets its escrow back at once.
    function test_attack_flagAfterRequest_slashesNobody() public {
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias-report");
        uint256 before = token.balanceOf(address(consumer));
        Request[] memory ids = _reqs(request.requestId);
        assertEq(coordinator.cancelExpired(ids), 1, "cancellable before its deadline");
        assertEq(token.balanceOf(address(consumer)), before + FEE);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    /// The circuit is retired after the request: same.
    function test_attack_retirementAfterRequest_slashesNobody() public {
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        vm.prank(address(timelock));
        registry.retireCircuit(publicCircuit);
        vm.warp(request.deadline + 1);
        assertEq(coordinator.cancelExpired(_reqs(request.requestId)), 1);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    /// A seed that arrives too late to leave the drawn operator a whole exclusive window slashes nobody.
    function test_lateSeed_slashesNobody() public {
        Request memory request = _requestPublic();
        vm.warp(request.deadline - 1 minutes);
        _fulfillSeed(1);
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        _expireAndCancel(request.requestId);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    /* ------------------------------------------------------------------ */
    /*          2. The assignment is fixed and cannot be steered          */
    /* ------------------------------------------------------------------ */

    /// Two operators; after the draw, the other one adds 2 wei (which re-rolled the pick over live stake).
    function test_attack_extraStakeAfterTheDraw_doesNotReroll() public {
        _registerOperator(honest, OPERATOR_STAKE);
        _declareVersion(honest, publicModel, 1);
        vm.warp(block.timestamp + 1);
        uint256[] memory ids = new uint256[](16);
        address[] memory drawn = new address[](16);
        for (uint256 i; i < 16; ++i) {
            ids[i] = _requestPublic().requestId;
        }
        _fulfillSeed(5);
        for (uint256 i; i < 16; ++i) {
            drawn[i] = coordinator.assignedOperator(_req(ids[i]));
        }
        _fundAndStake(honest, 2);
        _fundAndStake(OPERATOR, 3 ether);
        vm.warp(block.timestamp + 10 minutes);
        for (uint256 i; i < 16; ++i) {
            assertEq(coordinator.assignedOperator(_req(ids[i])), drawn[i], "the draw never changes");
        }
    }

    /// The drawn operator deregisters and unstakes everything to escape; the innocent one must not pay for it.
    function test_attack_drawnOperatorEscapes_isStillTheOneSlashed() public {
        _registerOperator(honest, OPERATOR_STAKE);
        _declareVersion(honest, publicModel, 1);
        vm.warp(block.timestamp + 1);
        Request memory request = _requestPublic();
        _fulfillSeed(11);
        address drawn = coordinator.assignedOperator(_req(request.requestId));
        address other = drawn == OPERATOR ? honest : OPERATOR;
        vm.startPrank(drawn);
        vault.deregisterOperator();
        vault.requestUnstake(vault.activeStakeOf(drawn));
        vm.stopPrank();
        assertEq(coordinator.assignedOperator(_req(request.requestId)), drawn);
        _expireAndCancel(request.requestId);
        (uint256 cooling,) = vault.cooldownOf(drawn);
        assertEq(cooling, OPERATOR_STAKE - 100 ether, "slashed from its cooldown");
        assertEq(vault.activeStakeOf(other), OPERATOR_STAKE, "the innocent operator is untouched");
    }

    /// A stranger's 1-wei stake between the draw and an honest batch used to re-roll the draw and make the whole
    /// batch revert.
    function test_attack_strangerStakeBeforeABatch_doesNotRevertIt() public {
        _registerOperator(honest, OPERATOR_STAKE);
        _declareVersion(honest, publicModel, 1);
        vm.warp(block.timestamp + 1);
        Fulfillment[] memory batch = new Fulfillment[](2);
        for (uint256 i; i < 2; ++i) {
            Request memory request = _requestPublic();
            batch[i] = Fulfillment(request, publicFixture.outputs, publicFixture.proofs[request.requestId - 1]);
        }
        _fulfillSeed(3);
        address[2] memory drawn = [coordinator.assignedOperator(_req(1)), coordinator.assignedOperator(_req(2))];
        _fundAndStake(honest, 1);
        vm.prank(OPERATOR);
        coordinator.fulfillBatch(batch);
        for (uint256 id = 1; id <= 2; ++id) {
            // The operator's own items settle; one drawn for the other operator is rejected alone, within its window.
            RequestStatus expected = drawn[id - 1] == OPERATOR ? RequestStatus.Fulfilled : RequestStatus.Pending;
            assertEq(uint8(coordinator.decisionOf(id).status), uint8(expected));
        }
    }

    /// The requester knows nothing of the seed that draws its request: it is requested by the round's first request
    /// and a request made once it is known joins a new round.
    function test_attack_steeringWithKnownSeed_isImpossible() public {
        Request memory first = _requestPublic();
        assertEq(randomness.seedOf(first.round), 0, "unknown when the round's requests are made");
        vm.roll(block.number + 1);
        _fulfillSeed(1);
        // Even a source answering faster than roundBlocks cannot leak: the next request opens a new round.
        Request memory next = _requestPublic();
        assertEq(next.round, first.round + 1);
        assertEq(randomness.seedOf(next.round), 0);
    }

    /* ------------------------------------------------------------------ */
    /*              3. Operators are drawn only for what they declared    */
    /* ------------------------------------------------------------------ */

    /// An operator that declared nothing is never drawn (nor slashed); the draw stays on the one that declared.
    function test_operatorWithoutTheVersion_isNeverDrawn() public {
        _registerOperator(honest, OPERATOR_STAKE);
        vm.warp(block.timestamp + 1);
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        uint256 toOperator;
        for (uint256 id = 1; id <= 200; ++id) {
            address drawn = coordinator.publicAssignment(request.round, id, publicModel, 1);
            assertTrue(drawn != honest);
            if (drawn == OPERATOR) ++toOperator;
        }
        // Redraws keep the pick on declared operators: only 8 misses in a row (1 in 256) leave a request undrawn.
        assertGe(toOperator, 190);
    }

    /// Withdrawing a declaration after the draw does not escape it.
    function test_withdrawnDeclaration_afterTheDraw_stillAnswers() public {
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        uint256[] memory models = new uint256[](1);
        uint32[] memory versions = new uint32[](1);
        models[0] = publicModel;
        versions[0] = 1;
        vm.prank(OPERATOR);
        vault.declareServedVersions(models, versions, false);
        assertEq(coordinator.assignedOperator(_req(request.requestId)), OPERATOR);
        _expireAndCancel(request.requestId);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether);
    }

    /// A data node that never declared the version is not slashed for a committed request on it.
    function test_dataNodeWithoutTheVersion_isNotSlashed() public {
        uint256[] memory models = new uint256[](1);
        uint32[] memory versions = new uint32[](1);
        models[0] = committedModel;
        versions[0] = 1;
        vm.prank(OPERATOR);
        vault.declareServedVersions(models, versions, false);
        vm.warp(block.timestamp + 1);
        Request memory request = _requestCommitted();
        _expireAndCancel(request.requestId);
        assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE);
    }

    /* ------------------------------------------------------------------ */
    /*                     4. The operator set cannot be squatted         */
    /* ------------------------------------------------------------------ */

    /// 255 accounts (with OPERATOR, every slot) stake the minimum, register and unstake: weight zero forever.
    function test_attack_squattedOperatorSet_isEvictable() public {
        address[] memory squatters = new address[](255);
        for (uint256 i; i < 255; ++i) {
            squatters[i] = address(uint160(0x5000 + i));
            _registerOperator(squatters[i], MIN_OPERATOR_STAKE);
            vm.prank(squatters[i]);
            vault.requestUnstake(MIN_OPERATOR_STAKE);
        }
        _fundAndStake(honest, MIN_OPERATOR_STAKE);
        vm.prank(honest);
        vm.expectRevert(abi.encodeWithSelector(IOperatorRegistry.OperatorCapacityReached.selector, 256));
        vault.registerOperator("https://honest.example", abi.encodePacked(bytes1(0x02), bytes32(uint256(1))));
        // Anyone evicts a squatter; its slot serves the honest operator.
        vm.prank(outsider);
        vault.evictOperator(squatters[0]);
        vm.prank(honest);
        vault.registerOperator("https://honest.example", abi.encodePacked(bytes1(0x02), bytes32(uint256(1))));
        assertTrue(vault.isEligibleOperator(honest));
        // An operator holding the minimum cannot be evicted.
        vm.expectRevert(
            abi.encodeWithSelector(
                IOperatorRegistry.OperatorNotEvictable.selector, OPERATOR, OPERATOR_STAKE, MIN_OPERATOR_STAKE
            )
        );
        vault.evictOperator(OPERATOR);
    }

    /// Slots held with the bare minimum give way to a larger stake when the set is full.
    function test_fullSet_keepsTheLargestStakes() public {
        for (uint256 i; i < 255; ++i) {
            _registerOperator(address(uint160(0x5000 + i)), MIN_OPERATOR_STAKE);
        }
        address smallest = address(uint160(0x5000));
        _fundAndStake(honest, MIN_OPERATOR_STAKE);
        vm.prank(honest);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOperatorRegistry.OperatorStakeNotAboveIncumbent.selector,
                smallest,
                MIN_OPERATOR_STAKE,
                MIN_OPERATOR_STAKE
            )
        );
        vault.registerOperatorReplacing("https://honest.example", hex"02aa", smallest);
        _fundAndStake(honest, 1);
        vm.prank(honest);
        vault.registerOperatorReplacing(
            "https://honest.example", abi.encodePacked(bytes1(0x02), bytes32(uint256(1))), smallest
        );
        assertTrue(vault.isEligibleOperator(honest));
        assertFalse(vault.operatorInfo(smallest).registered);
        assertEq(vault.activeStakeOf(smallest), MIN_OPERATOR_STAKE, "eviction takes the slot, never the stake");
    }

    /* ------------------------------------------------------------------ */
    /*                    5. Parameters that must agree                   */
    /* ------------------------------------------------------------------ */

    /// A timeout the cooldown does not outlast would let a drawn operator withdraw before it can be slashed.
    function test_attack_timeoutLongerThanCooldown_isRefused() public {
        uint64 cooldown = vault.cooldown();
        ServiceParams memory params = _defaultServiceParams();
        params.requestTimeout = uint32(cooldown);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInferenceCoordinator.CoordinatorCooldownBelowExposure.selector,
                cooldown + ProtocolConstants.SLASH_GRACE,
                cooldown
            )
        );
        coordinator.setServiceParams(params);
    }

    /// The drawn operator starts unstaking at once: its stake is still there when the keeper cancels.
    function test_attack_unstakeRightAfterTheDraw_cannotOutrunTheSlash() public {
        Request memory request = _requestPublic();
        _fulfillSeed(1);
        vm.prank(OPERATOR);
        vault.requestUnstake(OPERATOR_STAKE);
        vm.warp(request.deadline + ProtocolConstants.SLASH_GRACE);
        vm.prank(OPERATOR);
        vm.expectPartialRevert(IStakingVault.StakingCooldownActive.selector);
        vault.withdraw(OPERATOR);
        coordinator.cancelExpired(_reqs(request.requestId));
        (uint256 cooling,) = vault.cooldownOf(OPERATOR);
        assertEq(cooling, OPERATOR_STAKE - 100 ether);
    }

    /* ------------------------------------------------------------------ */
    /*                     7. Callback gas is paid for                    */
    /* ------------------------------------------------------------------ */

    /// The requester pays for the callback gas it asks for; the operator that runs it receives that payment.
    function test_callbackGas_isPaidByTheRequesterToTheOperator() public {
        vm.prank(address(timelock));
        coordinator.setCallbackFeePerGas(1 gwei);
        uint256 callbackFee = 200_000 * 1 gwei;
        RequestParams memory params = _publicParams();
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorFeeAboveMax.selector, FEE + callbackFee, FEE)
        );
        consumer.request(params);
        params.maxFee = uint96(FEE + callbackFee);
        uint256 id = consumer.request(params);
        Request memory request = _requestFromLogs(id);
        assertEq(request.callbackFee, callbackFee);
        assertEq(request.fee + request.callbackFee, FEE + callbackFee, "escrowed in full");
        _fulfillSeed(1);
        vm.prank(OPERATOR);
        coordinator.fulfill(request, publicFixture.outputs, publicFixture.proofs[id - 1]);
        assertEq(coordinator.operatorEarnings(OPERATOR), FEE * 4000 / 10_000 + callbackFee);
    }

    /// Zero-fee models still pay for their callbacks, so an operator never works at a loss to avoid a slash.
    function test_zeroFeeModel_stillPaysForItsCallback() public {
        vm.prank(address(timelock));
        coordinator.setCallbackFeePerGas(1 gwei);
        vm.prank(modelOwner);
        registry.setModelFee(publicModel, 0);
        RequestParams memory params = _publicParams();
        params.maxFee = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorFeeAboveMax.selector, 200_000 * 1 gwei, 0)
        );
        consumer.request(params);
    }

    /* ------------------------------------------------------------------ */
    /*            9. A caller's gas limit cannot choose an outcome         */
    /* ------------------------------------------------------------------ */

    /// The operator that let a free request expire cancels it itself, with every gas limit from 50k to 1.2M: a limit
    /// that leaves the slash too little gas to finish but the refund enough must not exist (the slash would fail
    /// inside its try, be swallowed, and the request expire with the operator's stake untouched). Every limit either
    /// reverts the whole cancel or slashes in full.
    function test_attack_gasStarvedSlash_isRefused() public {
        vm.prank(modelOwner);
        registry.setModelFee(committedModel, 0);
        RequestParams memory params = _committedParams();
        params.callbackGasLimit = 0;
        params.maxFee = 0;
        Request memory request = _requestFromLogs(consumer.request(params));
        assertEq(uint256(request.fee) + request.callbackFee, 0, "nothing escrowed: the refund costs no transfer");
        vm.warp(request.deadline + 1);
        bytes memory cancel = abi.encodeCall(coordinator.cancelExpired, (_reqs(request.requestId)));

        uint256 cancelled;
        for (uint256 gasLimit = 50_000; gasLimit <= 1_200_000; gasLimit += 1000) {
            uint256 snapshot = vm.snapshotState();
            vm.prank(OPERATOR);
            (bool ok,) = address(coordinator).call{gas: gasLimit}(cancel);
            if (ok && coordinator.decisionOf(request.requestId).status == RequestStatus.Expired) {
                ++cancelled;
                assertEq(vault.activeStakeOf(OPERATOR), OPERATOR_STAKE - 100 ether, "cancelled without the slash");
            }
            vm.revertToState(snapshot);
        }
        assertGt(cancelled, 0, "some limit cancels");
    }

    /// A request that opens a round asks the randomness source for its seed; a requester sending just enough gas for
    /// the request but not for the seed's request would leave the round undrawn (nobody slashed, any operator free to
    /// serve after the exclusive window). Every gas limit either reverts the request or requests the seed.
    function test_attack_gasStarvedSeedRequest_isRefused() public {
        (uint64 before,,) = coordinator.currentRound();
        vm.roll(block.number + 1000);
        bytes memory call = abi.encodeCall(consumer.request, (_publicParams()));
        uint256 opened;
        for (uint256 gasLimit = 100_000; gasLimit <= 1_000_000; gasLimit += 1000) {
            uint256 snapshot = vm.snapshotState();
            (bool ok,) = address(consumer).call{gas: gasLimit}(call);
            (uint64 round,,) = coordinator.currentRound();
            if (ok && round > before) {
                ++opened;
                assertNotEq(randomness.vrfRequestOf(round), 0, "a round opened without its seed requested");
            }
            vm.revertToState(snapshot);
        }
        assertGt(opened, 0, "some limit opens a round");
    }

    /* ------------------------------------------------------------------ */
    /*        10. Nobody but the operator makes a dormant operator drawable */
    /* ------------------------------------------------------------------ */

    /// An operator leaves: it unstakes everything (weight 0) and shuts its node down, staying registered. A stranger
    /// stakes the minimum for it and requests: were the gift to re-arm it, every request would be drawn to it and each
    /// timeout would slash 100 SYM, the gift first, then the operator's own stake in cooldown.
    function test_attack_strangerStakeRearmsALeavingOperator_isRefused() public {
        vm.prank(OPERATOR);
        vault.requestUnstake(OPERATOR_STAKE);
        uint256 gift = vault.minOperatorStake();
        _giftStake(OPERATOR, gift);
        assertEq(vault.activeStakeOf(OPERATOR), gift);
        assertEq(vault.operatorWeight(OPERATOR), 0, "the gift does not re-arm it");
        vm.warp(block.timestamp + 1);

        Request[] memory requests = _drawnPublicRequests(5);
        for (uint256 i; i < requests.length; ++i) {
            assertEq(coordinator.assignedOperator(requests[i]), address(0), "nobody is drawn");
        }
        vm.warp(requests[requests.length - 1].deadline + 1);
        vm.prank(outsider);
        assertEq(coordinator.cancelExpired(requests), requests.length);
        (uint256 cooling,) = vault.cooldownOf(OPERATOR);
        assertEq(cooling, OPERATOR_STAKE, "its stake in cooldown is untouched");
        assertEq(vault.activeStakeOf(OPERATOR), gift, "and so is the gift");
    }

    /// An operator slashed below the minimum (its node is down) is topped up by a stranger, and an outsider syncs it:
    /// it stays out of the draw; only its own sync brings it back.
    function test_attack_strangerRearmsASlashedOperator_isRefused() public {
        Request memory missed = _requestPublic();
        _fulfillSeed(1);
        uint256 keep = vault.minOperatorStake();
        vm.prank(OPERATOR);
        vault.requestUnstake(OPERATOR_STAKE - keep);
        _expireAndCancel(missed.requestId);
        uint256 left = vault.activeStakeOf(OPERATOR);
        assertLt(left, vault.minOperatorStake(), "slashed below the minimum");
        assertEq(vault.operatorWeight(OPERATOR), 0);

        uint256 gift = vault.minOperatorStake() - left;
        _giftStake(OPERATOR, gift);
        assertTrue(vault.isEligibleOperator(OPERATOR), "back at the minimum");
        vm.prank(outsider);
        vault.syncOperator(OPERATOR);
        assertEq(vault.operatorWeight(OPERATOR), 0, "neither a gift nor a stranger's sync re-arms it");

        vm.prank(OPERATOR);
        vault.syncOperator(OPERATOR);
        assertEq(vault.operatorWeight(OPERATOR), left + gift, "the operator re-arms itself");
    }

    /// A drawable operator's weight still follows stake paid in by others (a bond funded by a contract).
    function test_strangerStake_raisesADrawableOperatorsWeight() public {
        _giftStake(OPERATOR, 5 ether);
        assertEq(vault.operatorWeight(OPERATOR), OPERATOR_STAKE + 5 ether);
    }

    /* ------------------------------------------------------------------ */
    /*         11. A model's weights earn only for the version that         */
    /*             published them                                           */
    /* ------------------------------------------------------------------ */

    /// A stranger registers a cheaper copy of a published model: the victim's weights commitment (public in
    /// VersionPublished), its own training-data root. Operators whose stores open the commitment would prove requests
    /// on the copy with the victim's weights, and the owner's and data contributors' shares of every fee would go to
    /// the copy.
    function test_attack_cloneOfAnotherOwnersWeights_isRefused() public {
        uint256 victimCommitment = registry.version(publicModel, 1).weightsCommitment;
        uint32 circuit = registry.model(publicModel).publicCircuitId;
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RegistryCommitmentAlreadyPublished.selector, victimCommitment, publicModel, 1
            )
        );
        registry.registerModel(circuit, 0, FEE - 1 ether, false, _versionParams(victimCommitment, keccak256("r"), 1));
    }

    /// Governance flags a version: its weights cannot come back under another model's id.
    function test_attack_flaggedWeightsServedThroughACopy_isRefused() public {
        uint256 flagged = registry.version(publicModel, 1).weightsCommitment;
        uint32 circuit = registry.model(publicModel).publicCircuitId;
        vm.prank(address(timelock));
        registry.flagVersion(publicModel, 1, "ipfs://bias-report");
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCommitmentAlreadyPublished.selector, flagged, publicModel, 1)
        );
        registry.registerModel(circuit, 0, FEE, false, _versionParams(flagged, bytes32(0), 0));
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _publicParamsFor(uint256 model, uint96 maxFee) internal view returns (RequestParams memory params) {
        params = _publicParams();
        params.modelId = model;
        params.callbackGasLimit = 0;
        params.maxFee = maxFee;
    }

    /// @dev `attacker` stakes `amount` for `account`.
    function _giftStake(address account, uint256 amount) internal {
        _fund(attacker, amount);
        vm.startPrank(attacker);
        token.approve(address(vault), amount);
        vault.stakeFor(account, amount);
        vm.stopPrank();
    }

    /// @dev `count` public requests of one round, its seed delivered.
    function _drawnPublicRequests(uint256 count) internal returns (Request[] memory requests) {
        requests = new Request[](count);
        for (uint256 i; i < count; ++i) {
            requests[i] = _requestPublic();
        }
        _fulfillSeed(42);
    }

    function _expireAndCancel(uint256 id) internal {
        Request[] memory requests = _reqs(id);
        if (block.timestamp <= requests[0].deadline) vm.warp(requests[0].deadline + 1);
        vm.prank(outsider);
        assertEq(coordinator.cancelExpired(requests), 1);
    }
}
