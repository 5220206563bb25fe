// SPDX-License-Identifier: MIT
// Test suites share a base and are split by topic, one contract each, as the other unit tests are.
// solhint-disable one-contract-per-file
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {stdError} from "forge-std/StdError.sol";

import {DataRegistry} from "../../../../contracts/data/DataRegistry.sol";
import {IDataRegistry} from "../../../../contracts/interfaces/IDataRegistry.sol";
import {Consent, ConsentCheckpoint, Contribution, Grant} from "../../../../contracts/types/DataTypes.sol";
import {DataFixture} from "../../utils/DataFixture.sol";

/// @dev A second implementation for upgrade tests: same storage, one more view.
contract DataRegistryV2 is DataRegistry {
    function version() external pure returns (string memory) {
        return "2";
    }
}

abstract contract DataRegistryTestBase is DataFixture {
    uint256 internal constant MODEL = 7;
    uint64 internal constant WEEK = 7 days;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal lender = makeAddr("lender");

    function setUp() public virtual {
        vm.warp(START);
        _deployDataRegistry();
    }

    /// @dev A fingerprint of everything a registry call could change around one contribution and one grant, to show
    /// that a reverted call changed nothing.
    function _stateOf(uint256 contributionId, address owner, address requester, uint256 modelId)
        internal
        view
        returns (bytes32)
    {
        bytes memory contributionState;
        if (contributionId != 0 && contributionId <= dataRegistry.contributionCount()) {
            contributionState = abi.encode(
                dataRegistry.contribution(contributionId),
                dataRegistry.currentConsent(contributionId),
                dataRegistry.consentCheckpointCount(contributionId)
            );
        }
        return keccak256(
            abi.encode(
                dataRegistry.contributionCount(),
                contributionState,
                dataRegistry.grantOf(owner, requester, modelId),
                dataRegistry.isGrantValid(owner, requester, modelId)
            )
        );
    }

    function _consentAt(uint256 contributionId, uint256 modelId, uint256 timestamp)
        internal
        view
        returns (bool training, bool inference)
    {
        return dataRegistry.consentAt(contributionId, modelId, timestamp);
    }

    function _grant(address owner, address requester, uint256 modelId, uint64 expiresAt, uint32 maxUses) internal {
        vm.prank(owner);
        dataRegistry.grantAccess(requester, modelId, expiresAt, maxUses);
    }

    function _consume(address owner, address requester, uint256 modelId) internal returns (uint32) {
        vm.prank(coordinator);
        return dataRegistry.consumeGrant(owner, requester, modelId);
    }
}

contract DataRegistryInitializationTest is DataRegistryTestBase {
    function test_initialize_givesGovernanceTheAdminRole() public view {
        assertTrue(dataRegistry.hasRole(adminRole, address(timelock)));
        assertFalse(dataRegistry.hasRole(adminRole, deployer));
        assertFalse(dataRegistry.hasRole(adminRole, address(this)));
        assertTrue(dataRegistry.hasRole(consumerRole, coordinator));
        assertEq(dataRegistry.contributionCount(), 0);
        assertEq(consumerRole, keccak256("GRANT_CONSUMER_ROLE"));
    }

    function test_RevertWhen_initializingTheImplementationDirectly() public {
        DataRegistry implementation = new DataRegistry();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(address(this));
    }

    function test_RevertWhen_initializingTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        dataRegistry.initialize(outsider);
        assertFalse(dataRegistry.hasRole(adminRole, outsider));
    }

    function test_RevertWhen_initializingWithZeroAdmin() public {
        address implementation = address(new DataRegistry());
        vm.expectRevert(IDataRegistry.DataRegistryZeroAddress.selector);
        _proxy(implementation, abi.encodeCall(DataRegistry.initialize, (address(0))));
    }

    /// @dev The slot constant is private: prove it by reading the contribution counter (the struct's first field)
    /// at the slot the ERC-7201 formula gives.
    function test_storageSlot_followsErc7201() public {
        bytes32 expected =
            keccak256(abi.encode(uint256(keccak256("symbiote.storage.DataRegistry")) - 1)) & ~bytes32(uint256(0xff));
        assertEq(expected, 0x1371197fa1c1f164ba2f056880fb35b1d791cae35390697b72d605ad1d67fc00);
        _contribute(alice, 1, _consentAll(true, true));
        _contribute(bob, 2, _consentAll(true, true));
        _contribute(bob, 3, _consentAll(true, true));
        assertEq(uint256(vm.load(address(dataRegistry), expected)), 3);
    }
}

contract DataRegistryAccessControlTest is DataRegistryTestBase {
    function test_RevertWhen_outsiderConsumesGrant() public {
        _grant(alice, lender, MODEL, uint64(block.timestamp + WEEK), 3);
        bytes32 before = _stateOf(0, alice, lender, MODEL);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, consumerRole)
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(_stateOf(0, alice, lender, MODEL), before);
    }

    /// @dev Neither the requester nor the data owner may consume a grant themselves: only the coordinator, which
    /// consumes it when it accepts a paid inference request.
    function test_RevertWhen_requesterConsumesGrant() public {
        _grant(alice, lender, MODEL, uint64(block.timestamp + WEEK), 3);
        vm.prank(lender);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, lender, consumerRole)
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 0);
    }

    /// @dev Governance holds the admin role, not the consumer role: it must grant the role, not consume directly.
    function test_RevertWhen_adminWithoutConsumerRoleConsumesGrant() public {
        _grant(alice, lender, MODEL, uint64(block.timestamp + WEEK), 3);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(timelock), consumerRole
            )
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 0);
    }

    function test_RevertWhen_outsiderGrantsConsumerRole() public {
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        dataRegistry.grantRole(consumerRole, outsider);
        assertFalse(dataRegistry.hasRole(consumerRole, outsider));
    }

    function test_grantRole_byGovernanceAddsAConsumer() public {
        vm.prank(address(timelock));
        dataRegistry.grantRole(consumerRole, outsider);
        _grant(alice, lender, MODEL, uint64(block.timestamp + WEEK), 3);
        vm.prank(outsider);
        assertEq(dataRegistry.consumeGrant(alice, lender, MODEL), 2);
    }

    function test_RevertWhen_outsiderUpgrades() public {
        address implementation = address(new DataRegistryV2());
        address before = address(uint160(uint256(vm.load(address(dataRegistry), _IMPLEMENTATION_SLOT))));
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, adminRole)
        );
        dataRegistry.upgradeToAndCall(implementation, "");
        assertEq(address(uint160(uint256(vm.load(address(dataRegistry), _IMPLEMENTATION_SLOT)))), before);
    }

    function test_RevertWhen_consumerUpgrades() public {
        address implementation = address(new DataRegistryV2());
        vm.prank(coordinator);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, coordinator, adminRole)
        );
        dataRegistry.upgradeToAndCall(implementation, "");
    }

    function test_upgradeToAndCall_byGovernanceKeepsState() public {
        uint256 id = _contribute(alice, 1, _consentFor(true, false, _ids(MODEL)));
        _grant(alice, lender, MODEL, uint64(block.timestamp + WEEK), 3);
        _consume(alice, lender, MODEL);
        address implementation = address(new DataRegistryV2());
        vm.prank(address(timelock));
        dataRegistry.upgradeToAndCall(implementation, "");
        assertEq(DataRegistryV2(address(dataRegistry)).version(), "2");
        assertEq(dataRegistry.ownerOf(id), alice);
        (bool training, bool inference) = _consentAt(id, MODEL, block.timestamp);
        assertTrue(training);
        assertFalse(inference);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 1);
        assertTrue(dataRegistry.hasRole(consumerRole, coordinator));
    }

    bytes32 private constant _IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
}

contract DataRegistryContributionTest is DataRegistryTestBase {
    function test_registerContribution_storesContributionAndInitialConsent() public {
        bytes32 commitment = keccak256("canonical dataset bytes");
        uint256[] memory models = _ids(2, 5, 9);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ContributionRegistered(1, alice, commitment, URI);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ConsentChanged(1, uint64(START), true, false, false, models);
        vm.prank(alice);
        uint256 id = dataRegistry.registerContribution(commitment, URI, _consentFor(true, false, models));

        assertEq(id, 1);
        assertEq(dataRegistry.contributionCount(), 1);
        Contribution memory stored = dataRegistry.contribution(id);
        assertEq(stored.owner, alice);
        assertEq(stored.registeredAt, START);
        assertEq(stored.datasetCommitment, commitment);
        assertEq(stored.metadataURI, URI);
        assertEq(dataRegistry.ownerOf(id), alice);

        assertEq(dataRegistry.consentCheckpointCount(id), 1);
        ConsentCheckpoint memory consent = dataRegistry.currentConsent(id);
        assertEq(consent.since, START);
        assertTrue(consent.training);
        assertFalse(consent.inference);
        assertFalse(consent.allModels);
        assertEq(consent.modelIds, models);
    }

    function test_registerContribution_numbersIdsFromOne() public {
        assertEq(_contribute(alice, 1, _consentAll(true, true)), 1);
        assertEq(_contribute(bob, 2, _consentAll(false, true)), 2);
        assertEq(_contribute(alice, 3, _consentAll(true, false)), 3);
        assertEq(dataRegistry.contributionCount(), 3);
        assertEq(dataRegistry.ownerOf(2), bob);
    }

    /// @dev Refusing a repeated commitment would let a mempool watcher squat someone's dataset.
    function test_registerContribution_acceptsARepeatedCommitment() public {
        uint256 first = _contribute(alice, 1, _consentAll(true, true));
        uint256 second = _contribute(bob, 1, _consentAll(true, true));
        assertEq(
            dataRegistry.contribution(first).datasetCommitment, dataRegistry.contribution(second).datasetCommitment
        );
        assertEq(dataRegistry.ownerOf(second), bob);
    }

    function test_registerContribution_acceptsTheLongestURIAndMostModels() public {
        string memory longest = string(new bytes(dataRegistry.MAX_URI_LENGTH()));
        uint256[] memory models = new uint256[](dataRegistry.MAX_CONSENT_MODELS());
        for (uint256 i; i < models.length; ++i) {
            models[i] = i + 1;
        }
        vm.prank(alice);
        uint256 id = dataRegistry.registerContribution(bytes32(uint256(1)), longest, _consentFor(true, true, models));
        assertEq(bytes(dataRegistry.contribution(id).metadataURI).length, dataRegistry.MAX_URI_LENGTH());
        (bool training,) = _consentAt(id, models.length, block.timestamp);
        assertTrue(training);
        (training,) = _consentAt(id, models.length + 1, block.timestamp);
        assertFalse(training);
    }

    function test_RevertWhen_registeringAZeroCommitment() public {
        vm.prank(alice);
        vm.expectRevert(IDataRegistry.DataRegistryZeroCommitment.selector);
        dataRegistry.registerContribution(bytes32(0), URI, _consentAll(true, true));
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_RevertWhen_registeringAnEmptyURI() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidURI.selector, 0, 2048));
        dataRegistry.registerContribution(bytes32(uint256(1)), "", _consentAll(true, true));
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_RevertWhen_registeringATooLongURI() public {
        string memory tooLong = string(new bytes(2049));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidURI.selector, 2049, 2048));
        dataRegistry.registerContribution(bytes32(uint256(1)), tooLong, _consentAll(true, true));
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_RevertWhen_registeringAnAmbiguousScope() public {
        Consent memory consent = _consentAll(true, true);
        consent.modelIds = _ids(1, 2);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryAmbiguousConsentScope.selector, 2));
        dataRegistry.registerContribution(bytes32(uint256(1)), URI, consent);
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_RevertWhen_registeringModelIdsOutOfOrder() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryModelIdsNotAscending.selector, 2, 4));
        dataRegistry.registerContribution(bytes32(uint256(1)), URI, _consentFor(true, true, _ids(3, 5, 4)));
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryModelIdsNotAscending.selector, 1, 3));
        dataRegistry.registerContribution(bytes32(uint256(1)), URI, _consentFor(true, true, _ids(3, 3)));
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryModelIdsNotAscending.selector, 0, 0));
        dataRegistry.registerContribution(bytes32(uint256(1)), URI, _consentFor(true, true, _ids(0, 3)));
        vm.stopPrank();
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_RevertWhen_registeringTooManyModels() public {
        uint256[] memory models = new uint256[](257);
        for (uint256 i; i < models.length; ++i) {
            models[i] = i + 1;
        }
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryTooManyModels.selector, 257, 256));
        dataRegistry.registerContribution(bytes32(uint256(1)), URI, _consentFor(true, true, models));
        assertEq(dataRegistry.contributionCount(), 0);
    }

    function test_transferContribution_movesOwnershipAndConsentRights() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ContributionTransferred(id, alice, bob);
        vm.prank(alice);
        dataRegistry.transferContribution(id, bob);
        assertEq(dataRegistry.ownerOf(id), bob);

        // The consent travels with the contribution; the new owner now controls it and the old one no longer does.
        (bool training,) = _consentAt(id, MODEL, block.timestamp);
        assertTrue(training);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotContributionOwner.selector, id, alice));
        dataRegistry.revokeConsent(id);
        vm.prank(bob);
        dataRegistry.revokeConsent(id);
        (training,) = _consentAt(id, MODEL, block.timestamp);
        assertFalse(training);
    }

    function test_RevertWhen_transferringToZero() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(alice);
        vm.expectRevert(IDataRegistry.DataRegistryZeroAddress.selector);
        dataRegistry.transferContribution(id, address(0));
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_outsiderTransfers() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotContributionOwner.selector, id, outsider));
        dataRegistry.transferContribution(id, outsider);
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_transferringAnUnknownContribution() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryUnknownContribution.selector, 1));
        dataRegistry.transferContribution(1, bob);
    }

    function test_setMetadataURI_replacesTheURIButNotTheCommitment() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 commitment = dataRegistry.contribution(id).datasetCommitment;
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ContributionURIUpdated(id, "ar://moved");
        vm.prank(alice);
        dataRegistry.setMetadataURI(id, "ar://moved");
        assertEq(dataRegistry.contribution(id).metadataURI, "ar://moved");
        assertEq(dataRegistry.contribution(id).datasetCommitment, commitment);
    }

    function test_RevertWhen_outsiderSetsMetadataURI() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotContributionOwner.selector, id, outsider));
        dataRegistry.setMetadataURI(id, "ar://mine");
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_settingAnEmptyMetadataURI() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidURI.selector, 0, 2048));
        dataRegistry.setMetadataURI(id, "");
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_readingAnUnknownContribution() public {
        _contribute(alice, 1, _consentAll(true, true));
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryUnknownContribution.selector, 0));
        dataRegistry.contribution(0);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryUnknownContribution.selector, 2));
        dataRegistry.ownerOf(2);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryUnknownContribution.selector, 2));
        dataRegistry.currentConsent(2);
    }

    function test_RevertWhen_readingACheckpointOutOfRange() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        vm.expectRevert(stdError.indexOOBError);
        dataRegistry.consentCheckpoint(id, 1);
    }
}

contract DataRegistryConsentTest is DataRegistryTestBase {
    function test_setConsent_appendsACheckpointFromNow() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        vm.warp(START + 100);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ConsentChanged(id, uint64(START + 100), true, false, false, _ids(MODEL));
        _setConsent(alice, id, _consentFor(true, false, _ids(MODEL)));

        assertEq(dataRegistry.consentCheckpointCount(id), 2);
        ConsentCheckpoint memory first = dataRegistry.consentCheckpoint(id, 0);
        assertEq(first.since, START);
        assertTrue(first.allModels);
        ConsentCheckpoint memory second = dataRegistry.consentCheckpoint(id, 1);
        assertEq(second.since, START + 100);
        assertFalse(second.allModels);
        assertEq(second.modelIds, _ids(MODEL));
        assertFalse(second.inference);
    }

    function test_revokeConsent_withdrawsEverythingFromNow() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        vm.warp(START + 50);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.ConsentChanged(id, uint64(START + 50), false, false, false, new uint256[](0));
        vm.prank(alice);
        dataRegistry.revokeConsent(id);

        (bool training, bool inference) = _consentAt(id, MODEL, START + 50);
        assertFalse(training);
        assertFalse(inference);
        // The past is unchanged: a version published before the revocation keeps the consent it was built on.
        (training, inference) = _consentAt(id, MODEL, START + 49);
        assertTrue(training);
        assertTrue(inference);
    }

    function test_consentAt_followsTheHistoryAtPastMoments() public {
        uint256 id = _contribute(alice, 1, _consentFor(true, false, _ids(3, MODEL)));
        vm.warp(START + 1 days);
        _setConsent(alice, id, _consentAll(false, true));
        vm.warp(START + 3 days);
        vm.prank(alice);
        dataRegistry.revokeConsent(id);
        vm.warp(START + 10 days);
        _setConsent(alice, id, _consentFor(true, true, _ids(MODEL)));
        vm.warp(START + 20 days);

        _assertConsent(id, MODEL, START - 1, false, false); // before registration
        _assertConsent(id, MODEL, START, true, false);
        _assertConsent(id, 3, START + 1 days - 1, true, false);
        _assertConsent(id, 4, START + 1 days - 1, false, false); // not listed
        _assertConsent(id, MODEL, START + 1 days, false, true);
        _assertConsent(id, 4, START + 2 days, false, true); // every model
        _assertConsent(id, MODEL, START + 3 days, false, false);
        _assertConsent(id, MODEL, START + 10 days - 1, false, false);
        _assertConsent(id, MODEL, START + 10 days, true, true);
        _assertConsent(id, 3, START + 10 days, false, false);
        _assertConsent(id, MODEL, START + 20 days, true, true);
    }

    /// @dev Several changes in one block share a timestamp; the lookup takes the last of them.
    function test_consentAt_lastChangeInABlockWins() public {
        uint256 id = _contribute(alice, 1, _consentAll(false, false));
        _setConsent(alice, id, _consentAll(true, false));
        _setConsent(alice, id, _consentAll(true, true));
        assertEq(dataRegistry.consentCheckpointCount(id), 3);
        _assertConsent(id, MODEL, START, true, true);
        _assertConsent(id, MODEL, START - 1, false, false);
    }

    function test_consentAt_isFalseForAContributionNotYetRegistered() public {
        _assertConsent(42, MODEL, START, false, false);
        _assertConsent(0, MODEL, START, false, false);
    }

    function test_RevertWhen_consentLookupIsInTheFuture() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryFutureLookup.selector, START + 1, START));
        dataRegistry.consentAt(id, MODEL, START + 1);
    }

    function test_RevertWhen_outsiderSetsConsent() public {
        uint256 id = _contribute(alice, 1, _consentAll(false, false));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotContributionOwner.selector, id, outsider));
        dataRegistry.setConsent(id, _consentAll(true, true));
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_outsiderRevokesConsent() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotContributionOwner.selector, id, outsider));
        dataRegistry.revokeConsent(id);
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    function test_RevertWhen_settingConsentOfAnUnknownContribution() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryUnknownContribution.selector, 1));
        dataRegistry.setConsent(1, _consentAll(true, true));
        assertEq(dataRegistry.consentCheckpointCount(1), 0);
    }

    function test_RevertWhen_settingAnInvalidConsent() public {
        uint256 id = _contribute(alice, 1, _consentAll(true, true));
        bytes32 before = _stateOf(id, alice, lender, MODEL);
        Consent memory ambiguous = _consentAll(true, true);
        ambiguous.modelIds = _ids(1);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryAmbiguousConsentScope.selector, 1));
        dataRegistry.setConsent(id, ambiguous);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryModelIdsNotAscending.selector, 1, 1));
        dataRegistry.setConsent(id, _consentFor(true, true, _ids(2, 1)));
        vm.stopPrank();
        assertEq(_stateOf(id, alice, lender, MODEL), before);
    }

    /// @dev A naive model of the history (every change with its time, scanned linearly) against the registry's
    /// binary searches, at random moments including the exact change times and the instants before them.
    function testFuzz_consentAt_matchesALinearScanOfTheHistory(uint256 seed, uint8 changes, uint256 queryModel) public {
        uint256 count = bound(changes, 1, 24);
        queryModel = bound(queryModel, 1, 8);
        uint256[] memory times = new uint256[](count);
        bool[] memory training = new bool[](count);
        bool[] memory inference = new bool[](count);
        bool[] memory covers = new bool[](count);

        uint256 id;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Gaps of zero happen: several changes in one block.
            if (i != 0) vm.warp(block.timestamp + (r % 4 == 0 ? 0 : (r >> 8) % 1 days));
            (bool allModels, uint256[] memory models) = _randomScope(r >> 40);
            Consent memory consent = Consent({
                training: (r >> 2) & 1 == 1, inference: (r >> 3) & 1 == 1, allModels: allModels, modelIds: models
            });
            if (i == 0) id = _contribute(alice, seed, consent);
            else _setConsent(alice, id, consent);
            times[i] = block.timestamp;
            covers[i] = allModels || _listed(models, queryModel);
            training[i] = consent.training && covers[i];
            inference[i] = consent.inference && covers[i];
        }
        vm.warp(block.timestamp + 1);

        for (uint256 i; i < count; ++i) {
            _checkAgainstScan(id, queryModel, times[i], times, training, inference);
            _checkAgainstScan(id, queryModel, times[i] - 1, times, training, inference);
        }
        _checkAgainstScan(id, queryModel, block.timestamp, times, training, inference);
    }

    function _checkAgainstScan(
        uint256 id,
        uint256 modelId,
        uint256 at,
        uint256[] memory times,
        bool[] memory training,
        bool[] memory inference
    ) private view {
        bool expectedTraining;
        bool expectedInference;
        for (uint256 j; j < times.length; ++j) {
            if (times[j] <= at) (expectedTraining, expectedInference) = (training[j], inference[j]);
        }
        _assertConsent(id, modelId, at, expectedTraining, expectedInference);
    }

    /// @dev Every model, or an ascending random subset of models 1..8.
    function _randomScope(uint256 r) private pure returns (bool allModels, uint256[] memory models) {
        if (r % 3 == 0) return (true, new uint256[](0));
        uint256[] memory picked = new uint256[](8);
        uint256 n;
        for (uint256 m = 1; m <= 8; ++m) {
            if ((r >> (m + 2)) & 1 == 1) picked[n++] = m;
        }
        models = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            models[i] = picked[i];
        }
    }

    function _listed(uint256[] memory models, uint256 modelId) private pure returns (bool) {
        for (uint256 i; i < models.length; ++i) {
            if (models[i] == modelId) return true;
        }
        return false;
    }

    function _assertConsent(uint256 id, uint256 modelId, uint256 at, bool training, bool inference) internal view {
        (bool actualTraining, bool actualInference) = _consentAt(id, modelId, at);
        assertEq(actualTraining, training, "training consent");
        assertEq(actualInference, inference, "inference consent");
    }
}

contract DataRegistryGrantTest is DataRegistryTestBase {
    function test_grantAccess_storesTheGrant() public {
        uint64 expiresAt = uint64(START + WEEK);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.AccessGranted(alice, lender, MODEL, expiresAt, 3);
        _grant(alice, lender, MODEL, expiresAt, 3);

        Grant memory grant = dataRegistry.grantOf(alice, lender, MODEL);
        assertEq(grant.grantedAt, START);
        assertEq(grant.expiresAt, expiresAt);
        assertEq(grant.maxUses, 3);
        assertEq(grant.used, 0);
        assertFalse(grant.revoked);
        assertTrue(dataRegistry.isGrantValid(alice, lender, MODEL));
        // Scoped to one owner, requester and model.
        assertFalse(dataRegistry.isGrantValid(alice, lender, MODEL + 1));
        assertFalse(dataRegistry.isGrantValid(alice, bob, MODEL));
        assertFalse(dataRegistry.isGrantValid(bob, lender, MODEL));
    }

    function test_consumeGrant_countsUsesUntilUsedUp() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 2);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.GrantConsumed(alice, lender, MODEL, 1);
        assertEq(_consume(alice, lender, MODEL), 1);
        assertTrue(dataRegistry.isGrantValid(alice, lender, MODEL));
        assertEq(_consume(alice, lender, MODEL), 0);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 2);
        assertFalse(dataRegistry.isGrantValid(alice, lender, MODEL));

        bytes32 before = _stateOf(0, alice, lender, MODEL);
        vm.prank(coordinator);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryGrantExhausted.selector, alice, lender, MODEL, 2)
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(_stateOf(0, alice, lender, MODEL), before);
    }

    function test_RevertWhen_consumingAMissingGrant() public {
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryGrantNotFound.selector, alice, lender, MODEL));
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 0);
    }

    /// @dev Usable strictly before `expiresAt`; from that second on it is expired.
    function test_RevertWhen_consumingAnExpiredGrant() public {
        uint64 expiresAt = uint64(START + WEEK);
        _grant(alice, lender, MODEL, expiresAt, 5);
        vm.warp(expiresAt - 1);
        assertTrue(dataRegistry.isGrantValid(alice, lender, MODEL));
        _consume(alice, lender, MODEL);

        vm.warp(expiresAt);
        assertFalse(dataRegistry.isGrantValid(alice, lender, MODEL));
        bytes32 before = _stateOf(0, alice, lender, MODEL);
        vm.prank(coordinator);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryGrantExpired.selector, alice, lender, MODEL, expiresAt)
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(_stateOf(0, alice, lender, MODEL), before);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 1);
    }

    function test_revokeAccess_stopsTheGrantAtOnce() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 5);
        _consume(alice, lender, MODEL);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.AccessRevoked(alice, lender, MODEL);
        vm.prank(alice);
        dataRegistry.revokeAccess(lender, MODEL);

        assertTrue(dataRegistry.grantOf(alice, lender, MODEL).revoked);
        assertFalse(dataRegistry.isGrantValid(alice, lender, MODEL));
        bytes32 before = _stateOf(0, alice, lender, MODEL);
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryGrantRevoked.selector, alice, lender, MODEL));
        dataRegistry.consumeGrant(alice, lender, MODEL);
        assertEq(_stateOf(0, alice, lender, MODEL), before);
    }

    /// @dev A revoked grant reports "revoked" even once it is also past its expiry, so the reason is the owner's.
    function test_RevertWhen_consumingARevokedGrantAfterExpiry() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 5);
        vm.prank(alice);
        dataRegistry.revokeAccess(lender, MODEL);
        vm.warp(START + 2 * WEEK);
        vm.prank(coordinator);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryGrantRevoked.selector, alice, lender, MODEL));
        dataRegistry.consumeGrant(alice, lender, MODEL);
    }

    function test_revokeAccess_worksOnAnExpiredGrant() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 5);
        vm.warp(START + 2 * WEEK);
        vm.prank(alice);
        dataRegistry.revokeAccess(lender, MODEL);
        assertTrue(dataRegistry.grantOf(alice, lender, MODEL).revoked);
    }

    function test_grantAccess_replacesAnEarlierGrantAndRestartsItsUses() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 1);
        _consume(alice, lender, MODEL);
        vm.prank(alice);
        dataRegistry.revokeAccess(lender, MODEL);

        vm.warp(START + 1 days);
        _grant(alice, lender, MODEL, uint64(START + 2 * WEEK), 4);
        Grant memory grant = dataRegistry.grantOf(alice, lender, MODEL);
        assertEq(grant.grantedAt, START + 1 days);
        assertEq(grant.expiresAt, START + 2 * WEEK);
        assertEq(grant.maxUses, 4);
        assertEq(grant.used, 0);
        assertFalse(grant.revoked);
        assertEq(_consume(alice, lender, MODEL), 3);
    }

    function test_RevertWhen_revokingAMissingGrant() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryGrantNotFound.selector, alice, lender, MODEL));
        dataRegistry.revokeAccess(lender, MODEL);
    }

    /// @dev A requester cannot revoke someone else's grant: revocation looks up the caller's own grants only.
    function test_RevertWhen_requesterRevokesTheOwnersGrant() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 5);
        bytes memory notFound =
            abi.encodeWithSelector(IDataRegistry.DataRegistryGrantNotFound.selector, lender, lender, MODEL);
        vm.prank(lender);
        vm.expectRevert(notFound);
        dataRegistry.revokeAccess(lender, MODEL);
        assertTrue(dataRegistry.isGrantValid(alice, lender, MODEL));
    }

    function test_RevertWhen_revokingTwice() public {
        _grant(alice, lender, MODEL, uint64(START + WEEK), 5);
        vm.startPrank(alice);
        dataRegistry.revokeAccess(lender, MODEL);
        bytes32 before = _stateOf(0, alice, lender, MODEL);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryGrantRevoked.selector, alice, lender, MODEL));
        dataRegistry.revokeAccess(lender, MODEL);
        vm.stopPrank();
        assertEq(_stateOf(0, alice, lender, MODEL), before);
    }

    function test_RevertWhen_grantingToZero() public {
        vm.prank(alice);
        vm.expectRevert(IDataRegistry.DataRegistryZeroAddress.selector);
        dataRegistry.grantAccess(address(0), MODEL, uint64(START + WEEK), 1);
        assertEq(dataRegistry.grantOf(alice, address(0), MODEL).grantedAt, 0);
    }

    function test_RevertWhen_grantingForModelZero() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidModelId.selector, 0));
        dataRegistry.grantAccess(lender, 0, uint64(START + WEEK), 1);
        assertEq(dataRegistry.grantOf(alice, lender, 0).grantedAt, 0);
    }

    function test_RevertWhen_grantingAnExpiryNotInTheFuture() public {
        vm.startPrank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidExpiry.selector, uint64(START), uint64(START))
        );
        dataRegistry.grantAccess(lender, MODEL, uint64(START), 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidExpiry.selector, uint64(START - 1), uint64(START))
        );
        dataRegistry.grantAccess(lender, MODEL, uint64(START - 1), 1);
        vm.stopPrank();
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).grantedAt, 0);
    }

    function test_RevertWhen_grantingZeroUses() public {
        vm.prank(alice);
        vm.expectRevert(IDataRegistry.DataRegistryZeroUses.selector);
        dataRegistry.grantAccess(lender, MODEL, uint64(START + WEEK), 0);
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).grantedAt, 0);
    }

    /// @dev Exactly `maxUses` consumptions succeed before expiry, each leaving one fewer; the next one is refused.
    function testFuzz_consumeGrant_allowsExactlyMaxUses(uint32 maxUses, uint64 lifetime) public {
        maxUses = uint32(bound(maxUses, 1, 40));
        lifetime = uint64(bound(lifetime, 1, 365 days));
        _grant(alice, lender, MODEL, uint64(START) + lifetime, maxUses);
        for (uint32 i = 1; i <= maxUses; ++i) {
            assertEq(_consume(alice, lender, MODEL), maxUses - i);
        }
        vm.prank(coordinator);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryGrantExhausted.selector, alice, lender, MODEL, maxUses)
        );
        dataRegistry.consumeGrant(alice, lender, MODEL);
    }

    /// @dev A grant is valid exactly while unrevoked, before expiry and not used up; `isGrantValid` agrees with
    /// whether `consumeGrant` succeeds.
    function testFuzz_isGrantValid_agreesWithConsumeGrant(uint64 lifetime, uint64 elapsed, uint8 uses, bool revoke)
        public
    {
        lifetime = uint64(bound(lifetime, 1, 30 days));
        elapsed = uint64(bound(elapsed, 0, 60 days));
        uint32 maxUses = 3;
        uses = uint8(bound(uses, 0, maxUses));
        _grant(alice, lender, MODEL, uint64(START) + lifetime, maxUses);
        for (uint256 i; i < uses; ++i) {
            _consume(alice, lender, MODEL);
        }
        if (revoke) {
            vm.prank(alice);
            dataRegistry.revokeAccess(lender, MODEL);
        }
        vm.warp(START + elapsed);

        bool expected = !revoke && elapsed < lifetime && uses < maxUses;
        assertEq(dataRegistry.isGrantValid(alice, lender, MODEL), expected);
        bool consumed;
        vm.prank(coordinator);
        try dataRegistry.consumeGrant(alice, lender, MODEL) {
            consumed = true;
        } catch {}
        assertEq(consumed, expected);
    }
}

/// @notice Data nodes take their role only by accepting it; committed inputs are the owner's registered commitments.
contract DataRegistryDataNodeTest is DataRegistryTestBase {
    address internal node = makeAddr("node");

    function test_setDataNode_takesEffectOnlyWhenTheNodeAccepts() public {
        vm.prank(alice);
        dataRegistry.setDataNode(node);
        assertEq(dataRegistry.dataNodeOf(alice), alice);
        assertEq(dataRegistry.proposedDataNodeOf(alice), node);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotProposedNode.selector, alice, node, bob));
        dataRegistry.acceptDataNode(alice);
        vm.expectEmit(address(dataRegistry));
        emit IDataRegistry.DataNodeSet(alice, node);
        vm.prank(node);
        dataRegistry.acceptDataNode(alice);
        assertEq(dataRegistry.dataNodeOf(alice), node);
        assertEq(dataRegistry.proposedDataNodeOf(alice), address(0));
    }

    function test_resignDataNode_andReset() public {
        vm.prank(alice);
        dataRegistry.setDataNode(node);
        vm.prank(node);
        dataRegistry.acceptDataNode(alice);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryNotDataNode.selector, alice, node, bob));
        dataRegistry.resignDataNode(alice);
        vm.prank(node);
        dataRegistry.resignDataNode(alice);
        assertEq(dataRegistry.dataNodeOf(alice), alice);
        // The owner takes its data back at once.
        vm.prank(alice);
        dataRegistry.setDataNode(node);
        vm.prank(node);
        dataRegistry.acceptDataNode(alice);
        vm.prank(alice);
        dataRegistry.setDataNode(address(0));
        assertEq(dataRegistry.dataNodeOf(alice), alice);
    }

    function test_inputCommitments_registerAndRevoke() public {
        uint256[] memory commitments = new uint256[](1);
        commitments[0] = 12_345;
        vm.prank(alice);
        dataRegistry.registerInputCommitments(commitments);
        assertTrue(dataRegistry.isInputCommitmentRegistered(alice, 12_345));
        assertFalse(dataRegistry.isInputCommitmentRegistered(bob, 12_345));
        vm.prank(alice);
        dataRegistry.revokeInputCommitments(commitments);
        assertFalse(dataRegistry.isInputCommitmentRegistered(alice, 12_345));
    }

    function test_RevertWhen_inputCommitmentIsZeroOrOutsideTheField() public {
        uint256[] memory commitments = new uint256[](1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidInputCommitment.selector, 0));
        dataRegistry.registerInputCommitments(commitments);
        commitments[0] = type(uint256).max;
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryInvalidInputCommitment.selector, type(uint256).max)
        );
        dataRegistry.registerInputCommitments(commitments);
    }

    function test_useCommittedInput_usesOneUseWithoutAGrantConsumedLog() public {
        uint256[] memory commitments = new uint256[](1);
        commitments[0] = 7;
        vm.prank(alice);
        dataRegistry.registerInputCommitments(commitments);
        _grant(alice, lender, MODEL, uint64(START + WEEK), 2);
        vm.recordLogs();
        vm.prank(coordinator);
        assertEq(dataRegistry.useCommittedInput(alice, lender, MODEL, 7), alice, "the owner serves itself");
        assertEq(dataRegistry.grantOf(alice, lender, MODEL).used, 1);
        // the coordinator's InferenceRequested records the use; the registry logs nothing for it
        assertEq(vm.getRecordedLogs().length, 0);
        vm.prank(coordinator);
        dataRegistry.useCommittedInput(alice, lender, MODEL, 7);
        vm.prank(coordinator);
        vm.expectRevert(
            abi.encodeWithSelector(IDataRegistry.DataRegistryGrantExhausted.selector, alice, lender, MODEL, uint32(2))
        );
        dataRegistry.useCommittedInput(alice, lender, MODEL, 7);
    }

    function test_RevertWhen_outsiderUsesACommittedInput() public {
        bytes32 role = dataRegistry.GRANT_CONSUMER_ROLE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        dataRegistry.useCommittedInput(alice, bob, MODEL, 1);
    }
}
