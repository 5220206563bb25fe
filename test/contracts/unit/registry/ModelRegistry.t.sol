// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {IModelRegistryListener} from "../../../../contracts/interfaces/IModelRegistryListener.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {ModelRegistry} from "../../../../contracts/registry/ModelRegistry.sol";
import {Circuit, Family, InputMode, Model, Version} from "../../../../contracts/types/ModelTypes.sol";
import {RegistryFixture} from "../../utils/RegistryFixture.sol";

contract ModelRegistryV2 is ModelRegistry {
    function version() external pure returns (string memory) {
        return "2";
    }
}

/// @dev Records what the registry reports, or refuses everything when told to.
contract RecordingListener is IModelRegistryListener {
    bytes[] public calls;
    bool public refuse;

    function setRefuse(bool value) external {
        refuse = value;
    }

    function onVersionFlagChanged(uint256 modelId, uint32 version, bool flagged) external {
        require(!refuse, "listener refuses");
        calls.push(abi.encodeCall(IModelRegistryListener.onVersionFlagChanged, (modelId, version, flagged)));
    }

    function onCircuitRetired(uint32 circuitId) external {
        require(!refuse, "listener refuses");
        calls.push(abi.encodeCall(IModelRegistryListener.onCircuitRetired, (circuitId)));
    }

    function onModelFeeChanged(uint256 modelId, uint96 feePerInference) external {
        require(!refuse, "listener refuses");
        calls.push(abi.encodeCall(IModelRegistryListener.onModelFeeChanged, (modelId, feePerInference)));
    }

    function onVersionPublished(uint256 modelId, uint32 version) external {
        require(!refuse, "listener refuses");
        calls.push(abi.encodeCall(IModelRegistryListener.onVersionPublished, (modelId, version)));
    }

    function callCount() external view returns (uint256) {
        return calls.length;
    }
}

contract ModelRegistryTest is RegistryFixture {
    address internal owner = makeAddr("modelOwner");
    address internal outsider = makeAddr("outsider");
    uint32 internal publicCircuit;
    uint32 internal committedCircuit;
    uint16[3] internal shape16 = [uint16(16), 0, 0];

    function setUp() public {
        _deployRegistry();
        publicCircuit =
            _registerCircuit(_circuitParams(address(vault), Family.Classifier, InputMode.Public, 4, 2, shape16));
        committedCircuit =
            _registerCircuit(_circuitParams(address(vault), Family.Classifier, InputMode.Committed, 4, 1, shape16));
    }

    /* ------------------------------- circuits ------------------------------- */

    function test_registerCircuit_storesEverything() public view {
        Circuit memory stored = registry.circuit(committedCircuit);
        assertEq(stored.verifier, address(vault));
        assertEq(uint8(stored.inputMode), uint8(InputMode.Committed));
        assertTrue(stored.active);
        assertEq(stored.outputWords, 4);
        assertEq(stored.inputWords, 1);
        assertEq(stored.shape[0], 16);
        assertEq(stored.vkeyHash, keccak256("vkey"));
        assertEq(registry.circuitCount(), 2);
    }

    function test_RevertWhen_outsiderRegistersCircuit() public {
        Circuit memory params = _circuitParams(address(vault), Family.Mlp, InputMode.Public, 2, 2, [uint16(16), 32, 4]);
        vm.prank(outsider);
        vm.expectRevert(_denied(outsider));
        registry.registerCircuit(params);
        assertEq(registry.circuitCount(), 2);
    }

    function test_RevertWhen_circuitIsInvalid() public {
        Circuit memory params = _circuitParams(makeAddr("eoa"), Family.Mlp, InputMode.Public, 2, 2, [uint16(16), 32, 4]);
        vm.startPrank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "verifier has no code"));
        registry.registerCircuit(params);

        params.verifier = address(vault);
        params.outputWords = 0;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "no output words"));
        registry.registerCircuit(params);

        params.outputWords = 2;
        params.inputWords = 0;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "no input words"));
        registry.registerCircuit(params);

        params.inputWords = 29;
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "too many public signals")
        );
        registry.registerCircuit(params);

        params.inputWords = 2;
        params.shape = [uint16(0), 0, 0];
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "empty shape"));
        registry.registerCircuit(params);

        params.shape = [uint16(16), 32, 4];
        params.zkeyHash = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "missing artifact hash"));
        registry.registerCircuit(params);

        params.zkeyHash = keccak256("zkey");
        params.artifactURI = "";
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidURI.selector, 0, 512));
        registry.registerCircuit(params);
        vm.stopPrank();
        assertEq(registry.circuitCount(), 2);
    }

    function test_retireCircuit_blocksNewModelsAndServing() public {
        uint256 modelId = _registerModel(owner, false);
        vm.prank(address(timelock));
        registry.retireCircuit(publicCircuit);
        assertFalse(registry.circuit(publicCircuit).active);

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, publicCircuit));
        registry.servingTerms(modelId, 0, InputMode.Public);
        // The other mode still serves.
        registry.servingTerms(modelId, 0, InputMode.Committed);

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, publicCircuit));
        registry.registerModel(publicCircuit, 0, 1 ether, false, _versionParams(7, bytes32(0), 0));

        vm.prank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCircuitRetired.selector, publicCircuit));
        registry.retireCircuit(publicCircuit);
    }

    function test_RevertWhen_outsiderRetiresCircuit() public {
        vm.prank(outsider);
        vm.expectRevert(_denied(outsider));
        registry.retireCircuit(publicCircuit);
        assertTrue(registry.circuit(publicCircuit).active);
    }

    function test_RevertWhen_unknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownCircuit.selector, 3));
        registry.circuit(3);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownCircuit.selector, 0));
        registry.circuit(0);
    }

    /* -------------------------------- models -------------------------------- */

    function test_registerModel_withFirstVersion() public {
        vm.warp(1000);
        uint256 modelId = _registerModel(owner, false);
        Model memory stored = registry.model(modelId);
        assertEq(stored.owner, owner);
        assertEq(stored.feePerInference, 2 ether);
        assertEq(stored.publicCircuitId, publicCircuit);
        assertEq(stored.committedCircuitId, committedCircuit);
        assertEq(stored.versionCount, 1);
        Version memory first = registry.version(modelId, 1);
        assertEq(first.weightsCommitment, 123);
        assertEq(first.trainingDataRoot, keccak256("root"));
        assertEq(first.totalDataWeight, 1000);
        assertEq(first.publishedAt, 1000);
        assertEq(first.metadataURI, "ipfs://model-card");
        assertFalse(first.flagged);
    }

    function test_RevertWhen_modelOffersNoMode() public {
        vm.expectRevert(IModelRegistry.RegistryNoInputMode.selector);
        registry.registerModel(0, 0, 1, false, _versionParams(7, bytes32(0), 0));
    }

    function test_RevertWhen_circuitInWrongModeSlot() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.RegistryCircuitModeMismatch.selector, committedCircuit, InputMode.Public
            )
        );
        registry.registerModel(committedCircuit, 0, 1, false, _versionParams(7, bytes32(0), 0));
    }

    function test_RevertWhen_modesDisagreeOnShape() public {
        uint32 mlpCommitted = _registerCircuit(
            _circuitParams(address(vault), Family.Mlp, InputMode.Committed, 2, 1, [uint16(16), 32, 4])
        );
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCircuitShapeMismatch.selector, publicCircuit, mlpCommitted)
        );
        registry.registerModel(publicCircuit, mlpCommitted, 1, false, _versionParams(7, bytes32(0), 0));
    }

    function test_RevertWhen_commitmentOutsideField() public {
        uint256 r = ProtocolConstants.SNARK_SCALAR_FIELD;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCommitment.selector, r));
        registry.registerModel(publicCircuit, 0, 1, false, _versionParams(r, bytes32(0), 0));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInvalidCommitment.selector, 0));
        registry.registerModel(publicCircuit, 0, 1, false, _versionParams(0, bytes32(0), 0));
        assertEq(registry.modelCount(), 0);
    }

    function test_RevertWhen_dataRootWithoutWeight() public {
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInconsistentDataRoot.selector, keccak256("root"), 0)
        );
        registry.registerModel(publicCircuit, 0, 1, false, _versionParams(7, keccak256("root"), 0));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInconsistentDataRoot.selector, bytes32(0), 5));
        registry.registerModel(publicCircuit, 0, 1, false, _versionParams(7, bytes32(0), 5));
    }

    function test_publishVersion_appendsAndKeepsHistory() public {
        uint256 modelId = _registerModel(owner, false);
        vm.warp(block.timestamp + 1 days);
        vm.prank(owner);
        uint32 v2 = registry.publishVersion(modelId, _versionParams(456, bytes32(0), 0));
        assertEq(v2, 2);
        assertEq(registry.version(modelId, 1).weightsCommitment, 123);
        assertEq(registry.version(modelId, 2).weightsCommitment, 456);
        assertEq(registry.servingTerms(modelId, 0, InputMode.Public).version, 2);
        assertEq(registry.servingTerms(modelId, 1, InputMode.Public).weightsCommitment, 123);
    }

    /// Weights already published: a stranger may not publish them again; their owner may (say, to serve them through
    /// another model's circuits), but only with the same training data and while the first version is not flagged.
    function test_RevertWhen_publishingACommitmentAlreadyPublished() public {
        uint256 modelId = _registerModel(owner, false);
        uint32 publicCircuit = registry.model(modelId).publicCircuitId;
        bytes memory taken =
            abi.encodeWithSelector(IModelRegistry.RegistryCommitmentAlreadyPublished.selector, 123, modelId, 1);

        vm.prank(outsider);
        vm.expectRevert(taken);
        registry.registerModel(publicCircuit, 0, 1 ether, false, _versionParams(123, keccak256("root"), 1000));

        // the owner, with other training data: the first version's contributors would not be paid from the copy
        vm.prank(owner);
        vm.expectRevert(taken);
        registry.publishVersion(modelId, _versionParams(123, keccak256("other root"), 1000));

        // the owner, with the same: allowed, and the record still names the first publication
        vm.prank(owner);
        registry.registerModel(publicCircuit, 0, 1 ether, false, _versionParams(123, keccak256("root"), 1000));
        vm.prank(outsider);
        vm.expectRevert(taken);
        registry.registerModel(publicCircuit, 0, 1 ether, false, _versionParams(123, keccak256("root"), 1000));

        // once the first version is flagged, not even its owner publishes the weights again
        vm.prank(address(timelock));
        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        vm.prank(owner);
        vm.expectRevert(taken);
        registry.publishVersion(modelId, _versionParams(123, keccak256("root"), 1000));
    }

    function test_RevertWhen_outsiderPublishesVersion() public {
        uint256 modelId = _registerModel(owner, false);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryNotModelOwner.selector, modelId, outsider));
        registry.publishVersion(modelId, _versionParams(456, bytes32(0), 0));
        assertEq(registry.model(modelId).versionCount, 1);
    }

    function test_communityModel_versionsOnlyThroughGovernance() public {
        uint256 modelId = _registerModel(owner, true);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryCommunityModel.selector, modelId, owner));
        registry.publishVersion(modelId, _versionParams(456, bytes32(0), 0));

        vm.prank(address(timelock));
        assertEq(registry.publishVersion(modelId, _versionParams(456, bytes32(0), 0)), 2);
    }

    function test_setModelFee_andTransferOwnership() public {
        uint256 modelId = _registerModel(owner, false);
        vm.prank(owner);
        registry.setModelFee(modelId, 5 ether);
        assertEq(registry.model(modelId).feePerInference, 5 ether);

        address next = makeAddr("next");
        vm.prank(owner);
        registry.transferModelOwnership(modelId, next);
        assertEq(registry.model(modelId).owner, next);

        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryNotModelOwner.selector, modelId, owner));
        registry.setModelFee(modelId, 1);

        vm.prank(next);
        vm.expectRevert(IModelRegistry.RegistryZeroAddress.selector);
        registry.transferModelOwnership(modelId, address(0));
    }

    /* -------------------------------- flags --------------------------------- */

    function test_flagVersion_refusesRequestsUntilCorrected() public {
        uint256 modelId = _registerModel(owner, false);
        vm.prank(address(timelock));
        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        Version memory flagged = registry.version(modelId, 1);
        assertTrue(flagged.flagged);
        assertEq(flagged.flagReasonURI, "ipfs://bias-report");

        bytes memory refused = abi.encodeWithSelector(
            IModelRegistry.RegistryVersionFlagged.selector, modelId, uint32(1), "ipfs://bias-report"
        );
        vm.expectRevert(refused);
        registry.servingTerms(modelId, 0, InputMode.Public);
        vm.expectRevert(refused);
        registry.servingTerms(modelId, 1, InputMode.Committed);

        vm.prank(owner);
        registry.publishVersion(modelId, _versionParams(789, bytes32(0), 0));
        assertEq(registry.servingTerms(modelId, 0, InputMode.Public).weightsCommitment, 789);
        // Pinning the flagged version is still refused; its history is still readable.
        vm.expectRevert(refused);
        registry.servingTerms(modelId, 1, InputMode.Public);
        assertEq(registry.version(modelId, 1).weightsCommitment, 123);
    }

    function test_unflagVersion() public {
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(address(timelock));
        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        registry.unflagVersion(modelId, 1);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryVersionNotFlagged.selector, modelId, 1));
        registry.unflagVersion(modelId, 1);
        vm.stopPrank();
        assertEq(registry.servingTerms(modelId, 1, InputMode.Public).version, 1);
    }

    function test_RevertWhen_outsiderFlagsOrUnflags() public {
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(outsider);
        vm.expectRevert(_denied(outsider));
        registry.flagVersion(modelId, 1, "ipfs://x");
        vm.expectRevert(_denied(outsider));
        registry.unflagVersion(modelId, 1);
        vm.stopPrank();
        assertFalse(registry.version(modelId, 1).flagged);
    }

    function test_RevertWhen_flaggingUnknownVersion() public {
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(address(timelock));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownVersion.selector, modelId, 2));
        registry.flagVersion(modelId, 2, "ipfs://x");
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownModel.selector, 9));
        registry.flagVersion(9, 1, "ipfs://x");
        vm.stopPrank();
    }

    function test_servingTerms_refusesModeNotOffered() public {
        uint256 modelId = registry.registerModel(publicCircuit, 0, 1, false, _versionParams(7, bytes32(0), 0));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInputModeNotOffered.selector, modelId, InputMode.Committed)
        );
        registry.servingTerms(modelId, 0, InputMode.Committed);
    }

    /* ------------------------------- upgrades ------------------------------- */

    function test_upgrade_byGovernanceKeepsModels() public {
        uint256 modelId = _registerModel(owner, false);
        address implementation = address(new ModelRegistryV2());
        vm.prank(address(timelock));
        registry.upgradeToAndCall(implementation, "");
        assertEq(ModelRegistryV2(address(registry)).version(), "2");
        assertEq(registry.model(modelId).owner, owner);
        assertEq(registry.version(modelId, 1).weightsCommitment, 123);
    }

    function test_RevertWhen_outsiderUpgrades() public {
        address implementation = address(new ModelRegistryV2());
        vm.prank(outsider);
        vm.expectRevert(_denied(outsider));
        registry.upgradeToAndCall(implementation, "");
    }

    function test_RevertWhen_initializingTwiceOrImplementation() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        registry.initialize(outsider);
        ModelRegistry implementation = new ModelRegistry();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        implementation.initialize(outsider);
    }

    function testFuzz_versionsAreAppendOnly(uint8 count, uint256 seed) public {
        count = uint8(bound(count, 1, 20));
        uint256 modelId = _registerModel(owner, false);
        uint256[] memory commitments = new uint256[](count + 1);
        commitments[0] = 123;
        for (uint256 i = 1; i <= count; ++i) {
            commitments[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1, ProtocolConstants.SNARK_SCALAR_FIELD - 1);
            vm.prank(owner);
            assertEq(registry.publishVersion(modelId, _versionParams(commitments[i], bytes32(0), 0)), i + 1);
        }
        for (uint32 v = 1; v <= count + 1; ++v) {
            assertEq(registry.version(modelId, v).weightsCommitment, commitments[v - 1]);
        }
    }

    /* --------------------------- coordinator binding --------------------------- */

    function test_bindCoordinator_reportsEveryFlagAndRetirementToIt() public {
        RecordingListener listener = new RecordingListener();
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(address(timelock));
        vm.expectEmit(address(registry));
        emit IModelRegistry.CoordinatorBound(address(listener));
        registry.bindCoordinator(address(listener));
        assertEq(registry.boundCoordinator(), address(listener));

        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        registry.unflagVersion(modelId, 1);
        registry.retireCircuit(publicCircuit);
        vm.stopPrank();

        assertEq(listener.callCount(), 3);
        assertEq(listener.calls(0), abi.encodeCall(IModelRegistryListener.onVersionFlagChanged, (modelId, 1, true)));
        assertEq(listener.calls(1), abi.encodeCall(IModelRegistryListener.onVersionFlagChanged, (modelId, 1, false)));
        assertEq(listener.calls(2), abi.encodeCall(IModelRegistryListener.onCircuitRetired, (publicCircuit)));
    }

    function test_RevertWhen_theBoundCoordinatorRefuses_theFlagDoesNotHappen() public {
        RecordingListener listener = new RecordingListener();
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(address(timelock));
        registry.bindCoordinator(address(listener));
        listener.setRefuse(true);
        // A flag the coordinator did not record would be one it does not enforce: both happen or neither.
        vm.expectRevert("listener refuses");
        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        vm.expectRevert("listener refuses");
        registry.retireCircuit(publicCircuit);
        vm.stopPrank();
        assertFalse(registry.version(modelId, 1).flagged);
        assertTrue(registry.circuit(publicCircuit).active);
    }

    function test_unbound_flagsAndRetirementsNeedNoCoordinator() public {
        uint256 modelId = _registerModel(owner, false);
        vm.startPrank(address(timelock));
        registry.flagVersion(modelId, 1, "ipfs://bias-report");
        registry.retireCircuit(publicCircuit);
        vm.stopPrank();
        assertEq(registry.boundCoordinator(), address(0));
        assertTrue(registry.version(modelId, 1).flagged);
    }

    function test_RevertWhen_bindingTwiceOrToZero() public {
        vm.startPrank(address(timelock));
        vm.expectRevert(IModelRegistry.RegistryZeroAddress.selector);
        registry.bindCoordinator(address(0));
        registry.bindCoordinator(address(0xC0FFEE));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCoordinatorAlreadyBound.selector, address(0xC0FFEE))
        );
        registry.bindCoordinator(address(0xBEEF));
        vm.stopPrank();
        assertEq(registry.boundCoordinator(), address(0xC0FFEE));
    }

    function test_RevertWhen_outsiderBindsCoordinator() public {
        vm.prank(outsider);
        vm.expectRevert(_denied(outsider));
        registry.bindCoordinator(outsider);
        assertEq(registry.boundCoordinator(), address(0));
    }

    function _registerModel(address account, bool community) private returns (uint256) {
        vm.prank(account);
        return registry.registerModel(
            publicCircuit, committedCircuit, 2 ether, community, _versionParams(123, keccak256("root"), 1000)
        );
    }

    function _denied(address account) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, bytes32(0));
    }
}
