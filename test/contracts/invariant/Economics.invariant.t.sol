// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorTestBase} from "../utils/CoordinatorTestBase.sol";
import {EconomicsHandler} from "./handlers/EconomicsHandler.sol";

/// @notice "Nobody is slashed or paid without cause", over random sequences of public and committed requests, seeds,
/// real-proof fulfillments, stake changes, registrations, declarations, flags, time and cancels by an operator that
/// proves and three that stake, register and declare but never serve.
contract EconomicsInvariantTest is CoordinatorTestBase {
    EconomicsHandler internal handler;
    uint256 internal consumerStart;

    function setUp() public override {
        super.setUp();
        address[] memory idlers = new address[](3);
        for (uint256 i; i < idlers.length; ++i) {
            idlers[i] = makeAddr(string.concat("idler", vm.toString(i)));
            _registerOperator(idlers[i], OPERATOR_STAKE);
            _fund(idlers[i], 20_000 ether);
            _declareVersion(idlers[i], publicModel, 1);
        }
        vm.warp(block.timestamp + 1);
        EconomicsHandler.Proofs memory proofs = EconomicsHandler.Proofs({
            publicInputs: publicFixture.inputWords,
            publicOutputs: publicFixture.outputs,
            publicProofs: publicFixture.proofs,
            committedInputs: committedFixture.inputWords,
            committedOutputs: committedFixture.outputs,
            committedProofs: committedFixture.proofs
        });
        handler = new EconomicsHandler(
            EconomicsHandler.Deps({
                coordinator: coordinator,
                vault: vault,
                registry: registry,
                randomness: randomness,
                vrf: vrf,
                token: token,
                consumer: consumer,
                timelock: address(timelock),
                prover: OPERATOR,
                publicModel: publicModel,
                committedModel: committedModel,
                dataOwner: applicant,
                idlers: idlers
            }),
            proofs
        );
        _fund(address(consumer), 10_000 ether);
        consumerStart = token.balanceOf(address(consumer));
        _fund(OPERATOR, 20_000 ether);
        targetContract(address(handler));
        bytes4[] memory actions = new bytes4[](9);
        actions[0] = EconomicsHandler.request.selector;
        actions[1] = EconomicsHandler.answerSeed.selector;
        actions[2] = EconomicsHandler.fulfill.selector;
        actions[3] = EconomicsHandler.changeStake.selector;
        actions[4] = EconomicsHandler.toggleRegistration.selector;
        actions[5] = EconomicsHandler.toggleDeclaration.selector;
        actions[6] = EconomicsHandler.toggleFlag.selector;
        actions[7] = EconomicsHandler.warp.selector;
        actions[8] = EconomicsHandler.cancelAll.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: actions}));
    }

    /// @notice Only an operator that answered for a servable request it left unanswered is ever slashed.
    function invariant_onlyTheAnsweringOperatorOfAServableRequestIsSlashed() public view {
        assertEq(handler.undeservedSlashes(), 0);
    }

    /// @notice A draw never changes once made, whatever stakes, registrations and declarations do afterwards.
    function invariant_anAssignmentNeverChanges() public view {
        assertEq(handler.drawChanges(), 0);
    }

    /// @notice No party receives more than it paid in, except for the work it did: the requester gets back at most
    /// what it escrowed; operators that never proved earn nothing.
    function invariant_nobodyIsPaidWithoutCause() public view {
        assertLe(handler.refundsReceived(), handler.escrowPaid());
        assertLe(token.balanceOf(address(consumer)), consumerStart);
        assertEq(handler.idleEarnings(), 0);
    }
}
