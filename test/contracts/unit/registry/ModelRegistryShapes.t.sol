// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {Circuit, Family, InputMode, Model} from "../../../../contracts/types/ModelTypes.sol";
import {RegistryFixture} from "../../utils/RegistryFixture.sol";

/// @dev The families the model compiler emits beyond the original three: dense networks of any depth and tree
/// ensembles, each registered with its full shape.
contract ModelRegistryShapesTest is RegistryFixture {
    address internal owner = makeAddr("modelOwner");
    address internal outsider = makeAddr("outsider");

    function setUp() public {
        _deployRegistry();
    }

    function _dense(InputMode mode, uint16[] memory widths) internal view returns (Circuit memory params) {
        uint16 n = widths[0];
        uint16 k = widths[widths.length - 1];
        uint8 inputWords = mode == InputMode.Committed ? 1 : uint8((uint256(n) + 9) / 10);
        params = _circuitParams(address(vault), Family.Dense, mode, 2, inputWords, [n, uint16(widths.length - 1), k]);
        params.dims = widths;
    }

    function _trees(InputMode mode, uint16 features, uint16 trees, uint16 depth, uint16 columns)
        internal
        view
        returns (Circuit memory params)
    {
        uint8 inputWords = mode == InputMode.Committed ? 1 : uint8((uint256(features) + 9) / 10);
        params = _circuitParams(address(vault), Family.TreeEnsemble, mode, 3, inputWords, [features, trees, depth]);
        params.dims = _list4(features, trees, depth, columns);
    }

    function _list3(uint16 a, uint16 b, uint16 c) internal pure returns (uint16[] memory list) {
        list = new uint16[](3);
        (list[0], list[1], list[2]) = (a, b, c);
    }

    function _list4(uint16 a, uint16 b, uint16 c, uint16 d) internal pure returns (uint16[] memory list) {
        list = new uint16[](4);
        (list[0], list[1], list[2], list[3]) = (a, b, c, d);
    }

    function _invalidShape(Circuit memory params) internal pure returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IModelRegistry.RegistryInvalidShape.selector, params.family, params.shape, params.dims
            );
    }

    /* ------------------------------ registration ------------------------------ */

    function test_registerCircuit_storesTheDenseNetworksWidths() public {
        uint16[] memory widths = _list4(30, 16, 8, 2);
        uint32 id = _registerCircuit(_dense(InputMode.Committed, widths));
        Circuit memory stored = registry.circuit(id);
        assertEq(uint8(stored.family), uint8(Family.Dense));
        assertEq(stored.shape[0], 30);
        assertEq(stored.shape[1], 3);
        assertEq(stored.shape[2], 2);
        assertEq(stored.dims.length, 4);
        assertEq(stored.dims[1], 16);
        assertEq(stored.dims[2], 8);
    }

    function test_registerCircuit_storesTheTreeEnsemblesShape() public {
        uint32 id = _registerCircuit(_trees(InputMode.Public, 32, 10, 4, 1));
        Circuit memory stored = registry.circuit(id);
        assertEq(uint8(stored.family), uint8(Family.TreeEnsemble));
        assertEq(stored.inputWords, 4);
        assertEq(stored.dims.length, 4);
        assertEq(stored.dims[0], 32);
        assertEq(stored.dims[3], 1);

        // the registry checks request words against the tree ensemble's F features
        uint256[] memory words = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInputWordCount.selector, 3, 4));
        registry.checkInputWords(id, words);
    }

    function test_registerCircuit_fullShapeOfTheOriginalFamiliesIsTheirSummary() public {
        uint32 id = _registerCircuit(
            _circuitParams(address(vault), Family.Mlp, InputMode.Committed, 2, 1, [uint16(16), 32, 4])
        );
        uint16[] memory dims = registry.circuit(id).dims;
        assertEq(dims.length, 3);
        assertEq(dims[1], 32);
    }

    function test_RevertWhen_outsiderRegistersATreeCircuit() public {
        Circuit memory params = _trees(InputMode.Committed, 32, 10, 4, 1);
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, admin)
        );
        registry.registerCircuit(params);
        assertEq(registry.circuitCount(), 0);
    }

    function test_RevertWhen_theSummaryDisagreesWithTheFullShape() public {
        vm.startPrank(address(timelock));

        // a dense summary that counts the wrong number of layers
        Circuit memory params = _dense(InputMode.Committed, _list4(30, 16, 8, 2));
        params.shape[1] = 2;
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        // a dense summary with another output width
        params = _dense(InputMode.Committed, _list4(30, 16, 8, 2));
        params.shape[2] = 3;
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        // a tree ensemble without its score columns
        params = _trees(InputMode.Committed, 32, 10, 4, 1);
        params.dims = _list3(32, 10, 4);
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        // a zero in the full shape
        params = _trees(InputMode.Committed, 32, 10, 4, 1);
        params.dims[3] = 0;
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        // a classifier described as three numbers
        params = _circuitParams(address(vault), Family.Classifier, InputMode.Committed, 4, 1, [uint16(16), 0, 0]);
        params.dims = _list3(16, 0, 0);
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        // no full shape at all
        params.dims = new uint16[](0);
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);

        vm.stopPrank();
        assertEq(registry.circuitCount(), 0);
    }

    function test_RevertWhen_aDenseNetworkHasTooManyLayers() public {
        uint16[] memory widths = new uint16[](10);
        for (uint256 i; i < widths.length; ++i) {
            widths[i] = 4;
        }
        Circuit memory params = _dense(InputMode.Committed, widths);
        vm.prank(address(timelock));
        vm.expectRevert(_invalidShape(params));
        registry.registerCircuit(params);
    }

    /// @dev Any width list of 1 to 8 layers registers; its summary is derived from it.
    function testFuzz_registerCircuit_anyDenseWidths(uint16[9] memory raw, uint8 layerSeed) public {
        uint256 layers = bound(layerSeed, 1, 8);
        uint16[] memory widths = new uint16[](layers + 1);
        for (uint256 i; i <= layers; ++i) {
            widths[i] = uint16(bound(raw[i], 1, 512));
        }
        uint32 id = _registerCircuit(_dense(InputMode.Committed, widths));
        assertEq(keccak256(abi.encode(registry.circuit(id).dims)), keccak256(abi.encode(widths)));
    }

    /* --------------------------------- models --------------------------------- */

    function test_registerModel_pairsTwoModesOfOneTreeShape() public {
        uint32 publicId = _registerCircuit(_trees(InputMode.Public, 32, 10, 4, 1));
        uint32 committedId = _registerCircuit(_trees(InputMode.Committed, 32, 10, 4, 1));
        vm.prank(owner);
        uint256 modelId = registry.registerModel(publicId, committedId, 1, false, _versionParams(7, bytes32(0), 0));
        Model memory stored = registry.model(modelId);
        assertEq(stored.publicCircuitId, publicId);
        assertEq(stored.committedCircuitId, committedId);
    }

    /// @dev Same family, inputs, depth and outputs, so the same summary; the hidden widths differ, so one weights
    /// commitment cannot open in both.
    function test_RevertWhen_denseModesDifferInHiddenWidths() public {
        uint32 publicId = _registerCircuit(_dense(InputMode.Public, _list3(30, 16, 2)));
        uint32 committedId = _registerCircuit(_dense(InputMode.Committed, _list3(30, 8, 2)));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCircuitShapeMismatch.selector, publicId, committedId)
        );
        registry.registerModel(publicId, committedId, 1, false, _versionParams(7, bytes32(0), 0));
    }

    function test_RevertWhen_treeModesDifferInScoreColumns() public {
        uint32 publicId = _registerCircuit(_trees(InputMode.Public, 32, 10, 4, 1));
        uint32 committedId = _registerCircuit(_trees(InputMode.Committed, 32, 10, 4, 3));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryCircuitShapeMismatch.selector, publicId, committedId)
        );
        registry.registerModel(publicId, committedId, 1, false, _versionParams(7, bytes32(0), 0));
    }
}
