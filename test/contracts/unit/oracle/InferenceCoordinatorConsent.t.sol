// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IDataRegistry} from "../../../../contracts/interfaces/IDataRegistry.sol";
import {IInferenceCoordinator} from "../../../../contracts/interfaces/IInferenceCoordinator.sol";
import {ConsentWord} from "../../../../contracts/libraries/ConsentWord.sol";
import {Grant} from "../../../../contracts/types/DataTypes.sol";
import {Request} from "../../../../contracts/types/InferenceTypes.sol";
import {CoordinatorTestBase} from "../../utils/CoordinatorTestBase.sol";

/// @notice The consent ledger of committed inputs, kept in the coordinator once the DataRegistry is bound to it: the
/// same refusals as the DataRegistry's, every consent change reaching it in the same transaction, and grants given
/// before the binding keeping their uses.
contract InferenceCoordinatorConsentTest is CoordinatorTestBase {
    // The DataRegistry's ERC-7201 namespace; its grants mapping is the fourth field (DataRegistryStorage).
    uint256 private constant DATA_NAMESPACE = 0x1371197fa1c1f164ba2f056880fb35b1d791cae35390697b72d605ad1d67fc00;
    // The coordinator's; its consent ledger is field 26 (CoordinatorStorage).
    uint256 private constant COORDINATOR_NAMESPACE = 0x502167554fa9f01e661575a6ab00fcf1d631c46004463f5cb64706db86bb1400;

    function test_ledger_theDeploymentBindsTheDataRegistry() public view {
        assertEq(dataRegistry.boundCoordinator(), address(coordinator));
    }

    /// A request counts its use in the coordinator, and the DataRegistry's views show it.
    function test_ledger_aRequestCountsItsUseWhereTheDataRegistryReadsIt() public {
        Request memory request = _requestCommitted();
        assertEq(request.servingNode, OPERATOR, "the owner's accepted node serves");
        Grant memory grant = dataRegistry.grantOf(applicant, address(consumer), committedModel);
        assertEq(grant.used, 1);
        assertEq(grant.maxUses, 100);
        assertTrue(dataRegistry.isGrantValid(applicant, address(consumer), committedModel));
        _requestCommitted();
        assertEq(dataRegistry.grantOf(applicant, address(consumer), committedModel).used, 2);
    }

    /// Exactly `maxUses` requests are served on a grant, whatever the number asked.
    function testFuzz_ledger_aGrantServesExactlyItsUses(uint8 maxUses, uint8 asked) public {
        maxUses = uint8(bound(maxUses, 1, 6));
        asked = uint8(bound(asked, 0, 8));
        vm.prank(applicant);
        dataRegistry.grantAccess(address(consumer), committedModel, uint64(block.timestamp + 1 days), maxUses);
        uint256 served;
        for (uint256 i; i < asked; ++i) {
            if (i >= maxUses) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IDataRegistry.DataRegistryGrantExhausted.selector,
                        applicant,
                        address(consumer),
                        committedModel,
                        maxUses
                    )
                );
                consumer.request(_committedParams());
            } else {
                consumer.request(_committedParams());
                ++served;
            }
        }
        assertEq(dataRegistry.grantOf(applicant, address(consumer), committedModel).used, served);
        assertEq(dataRegistry.isGrantValid(applicant, address(consumer), committedModel), served < maxUses);
    }

    /// A grant recorded before the binding (not copied into the coordinator, 99 of its 100 uses spent in the
    /// DataRegistry's own record) keeps what is left of it: one more request, then the refusal.
    function test_ledger_aGrantFromBeforeTheBindingKeepsItsUses() public {
        _forgetCopies();
        _spendInRecord(99);
        assertEq(dataRegistry.grantOf(applicant, address(consumer), committedModel).used, 99, "read from the record");
        Request memory request = _requestCommitted();
        assertEq(request.servingNode, OPERATOR, "the node was copied too");
        assertEq(dataRegistry.grantOf(applicant, address(consumer), committedModel).used, 100, "counted in the copy");
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantExhausted.selector, applicant, address(consumer), committedModel, 100
            )
        );
        consumer.request(_committedParams());
    }

    /// A commitment registered before the binding and withdrawn is refused when first copied.
    function test_RevertWhen_aCommitmentFromBeforeTheBindingWasWithdrawn() public {
        _withdrawInput();
        _forgetCopies();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryInputNotRegistered.selector, applicant, committedFixture.inputWords[0]
            )
        );
        consumer.request(_committedParams());
    }

    /// Revoking a copied grant refuses the next request and keeps its count.
    function test_ledger_revocationReachesTheCopy() public {
        _requestCommitted();
        vm.prank(applicant);
        dataRegistry.revokeAccess(address(consumer), committedModel);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantRevoked.selector, applicant, address(consumer), committedModel
            )
        );
        consumer.request(_committedParams());
        Grant memory grant = dataRegistry.grantOf(applicant, address(consumer), committedModel);
        assertTrue(grant.revoked);
        assertEq(grant.used, 1, "the uses before the revocation are kept");
        assertFalse(dataRegistry.isGrantValid(applicant, address(consumer), committedModel));

        // a new grant replaces it, uses counted from zero
        vm.prank(applicant);
        dataRegistry.grantAccess(address(consumer), committedModel, uint64(block.timestamp + 1 days), 3);
        _requestCommitted();
        assertEq(dataRegistry.grantOf(applicant, address(consumer), committedModel).used, 1);
    }

    function test_RevertWhen_theGrantExpired() public {
        _requestCommitted();
        uint64 expiresAt = dataRegistry.grantOf(applicant, address(consumer), committedModel).expiresAt;
        vm.warp(expiresAt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantExpired.selector, applicant, address(consumer), committedModel, expiresAt
            )
        );
        consumer.request(_committedParams());
    }

    /// A requester the owner never granted is refused, before any fee moves.
    function test_RevertWhen_noGrantWasGiven() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryGrantNotFound.selector, applicant, outsider, committedModel
            )
        );
        vm.prank(outsider);
        coordinator.requestInference(_committedParams());
    }

    /// Withdrawing a copied commitment refuses the next request on it.
    function test_RevertWhen_theCommitmentWasWithdrawnAfterItsCopy() public {
        _requestCommitted();
        _withdrawInput();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataRegistry.DataRegistryInputNotRegistered.selector, applicant, committedFixture.inputWords[0]
            )
        );
        consumer.request(_committedParams());
    }

    /// A data node change reaches the copy: the next request names the new node, then the owner once it resigned.
    function test_ledger_dataNodeChangesReachTheCopy() public {
        _requestCommitted();
        address node = makeAddr("node");
        _setDataNode(applicant, node);
        assertEq(_requestCommitted().servingNode, node);
        vm.prank(node);
        dataRegistry.resignDataNode(applicant);
        assertEq(_requestCommitted().servingNode, applicant);
        _setDataNode(applicant, OPERATOR);
        vm.prank(applicant);
        dataRegistry.setDataNode(address(0));
        assertEq(_requestCommitted().servingNode, applicant, "cleared by the owner");
    }

    /* ------------------------------------------------------------------ */
    /*                               ACCESS                               */
    /* ------------------------------------------------------------------ */

    function test_RevertWhen_anOutsiderWritesTheLedger() public {
        bytes32 entry = ConsentWord.grantEntry(address(consumer), committedModel);
        vm.expectRevert(abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotDataRegistry.selector, outsider));
        vm.prank(outsider);
        coordinator.onConsentChanged(applicant, entry, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IInferenceCoordinator.CoordinatorNotDataRegistry.selector, address(registry))
        );
        vm.prank(address(registry));
        coordinator.onConsentChanged(applicant, entry, type(uint256).max);
    }

    function test_RevertWhen_anOutsiderBindsTheDataRegistry() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, dataRegistry.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(outsider);
        dataRegistry.bindCoordinator(outsider);
    }

    /// The ledger moves once: a second coordinator would copy grants whose uses the first one counted.
    function test_RevertWhen_governanceBindsASecondCoordinator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryCoordinatorAlreadyBound.selector, address(coordinator))
        );
        vm.prank(address(timelock));
        dataRegistry.bindCoordinator(outsider);
    }

    function test_RevertWhen_governanceBindsTheZeroAddress() public {
        vm.expectRevert(IDataRegistry.DataRegistryZeroAddress.selector);
        vm.prank(address(timelock));
        dataRegistry.bindCoordinator(address(0));
        assertEq(dataRegistry.boundCoordinator(), address(coordinator), "the binding stands");
    }

    /// Once bound, the DataRegistry counts no use itself, even for its grant consumer.
    function test_RevertWhen_theDataRegistryIsAskedToCountAUseOnceBound() public {
        bytes memory refusal =
            abi.encodeWithSelector(IDataRegistry.DataRegistryLedgerInCoordinator.selector, address(coordinator));
        vm.startPrank(address(coordinator));
        vm.expectRevert(refusal);
        dataRegistry.consumeGrant(applicant, address(consumer), committedModel);
        vm.expectRevert(refusal);
        dataRegistry.useCommittedInput(applicant, address(consumer), committedModel, committedFixture.inputWords[0]);
        vm.stopPrank();
    }

    /* ------------------------------------------------------------------ */
    /*                               HELPERS                              */
    /* ------------------------------------------------------------------ */

    function _withdrawInput() private {
        uint256[] memory commitments = new uint256[](1);
        commitments[0] = committedFixture.inputWords[0];
        vm.prank(applicant);
        dataRegistry.revokeInputCommitments(commitments);
    }

    /// @dev Clears the coordinator's copies of the applicant's entries, as they stand in a coordinator bound after the
    /// consent was given.
    function _forgetCopies() private {
        bytes32 ledger = keccak256(abi.encode(applicant, COORDINATOR_NAMESPACE + 26));
        bytes32[3] memory entries = [
            ConsentWord.NODE_ENTRY,
            ConsentWord.inputEntry(committedFixture.inputWords[0]),
            ConsentWord.grantEntry(address(consumer), committedModel)
        ];
        for (uint256 i; i < entries.length; ++i) {
            bytes32 slot = keccak256(abi.encode(entries[i], ledger));
            assertTrue(vm.load(address(coordinator), slot) != 0 || i == 2, "layout: the ledger's slot");
            vm.store(address(coordinator), slot, 0);
        }
        assertEq(coordinator.consentOf(applicant, ConsentWord.NODE_ENTRY), 0);
    }

    /// @dev Sets the uses spent in the DataRegistry's own record of the consumer's grant (its used field, bits 160-191).
    function _spendInRecord(uint32 used) private {
        bytes32 slot = keccak256(
            abi.encode(
                committedModel,
                keccak256(abi.encode(address(consumer), keccak256(abi.encode(applicant, DATA_NAMESPACE + 3))))
            )
        );
        uint256 record = uint256(vm.load(address(dataRegistry), slot));
        assertEq((record >> 128) & type(uint32).max, 100, "layout: the record's maxUses");
        record = (record & ~(uint256(type(uint32).max) << 160)) | (uint256(used) << 160);
        vm.store(address(dataRegistry), slot, bytes32(record));
    }
}
