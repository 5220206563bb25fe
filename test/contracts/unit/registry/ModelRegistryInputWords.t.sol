// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {stdJson} from "forge-std/StdJson.sol";

import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {InputLanes} from "../../../../contracts/libraries/InputLanes.sol";
import {Circuit, Family, InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {RegistryFixture} from "../../utils/RegistryFixture.sol";

/// @notice ModelRegistry.checkInputWords against words the TypeScript packer wrote (test/fixtures/registry/
/// input-lanes.json, built by test/circuits/inputLanesFixture.ts): for every family and both input modes, the words
/// of values at both ends of the domain pass, and every word list no witness accepts reverts with the error the fixture
/// names.
contract ModelRegistryInputWordsTest is RegistryFixture {
    using stdJson for string;

    string internal fixture;
    uint256 internal circuitCount;

    function setUp() public {
        _deployRegistry();
        fixture = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/registry/input-lanes.json"));
        circuitCount = fixture.readUint(".circuitCount");
        for (uint256 c; c < circuitCount; ++c) {
            _registerCircuit(
                _circuitParams(
                    address(vault),
                    _family(c),
                    _mode(c),
                    1,
                    uint8(InputLanes.wordCount(_mode(c), _shape(c)[0])),
                    _shape(c)
                )
            );
        }
    }

    function _at(uint256 c) internal pure returns (string memory) {
        return string.concat(".circuits[", vm.toString(c), "]");
    }

    function _family(uint256 c) internal view returns (Family) {
        return Family(fixture.readUint(string.concat(_at(c), ".family")));
    }

    function _mode(uint256 c) internal view returns (InputMode) {
        return InputMode(fixture.readUint(string.concat(_at(c), ".mode")));
    }

    function _shape(uint256 c) internal view returns (uint16[3] memory shape) {
        uint256[] memory raw = fixture.readUintArray(string.concat(_at(c), ".shape"));
        shape = [uint16(raw[0]), uint16(raw[1]), uint16(raw[2])];
    }

    function _words(string memory path) internal view returns (uint256[] memory words) {
        string[] memory decimals = fixture.readStringArray(path);
        words = new uint256[](decimals.length);
        for (uint256 i; i < decimals.length; ++i) {
            words[i] = vm.parseUint(decimals[i]);
        }
    }

    /// @dev Circuit ids follow the fixture's order (registered from 1).
    function _id(uint256 c) internal pure returns (uint32) {
        return uint32(c + 1);
    }

    /* ------------------------------------------------------------------ */

    function test_checkInputWords_acceptsPackedWordsAtBothEndsOfTheDomain() public view {
        uint256 checked;
        for (uint256 c; c < circuitCount; ++c) {
            uint256 count = fixture.readUint(string.concat(_at(c), ".acceptedCount"));
            for (uint256 k; k < count; ++k) {
                this.checkAcceptedCase(c, k);
                ++checked;
            }
        }
        assertGt(checked, 50);
    }

    function test_RevertWhen_inputWordsAreOutsideTheCircuitsDomain() public {
        uint256 checked;
        for (uint256 c; c < circuitCount; ++c) {
            uint256 count = fixture.readUint(string.concat(_at(c), ".refusedCount"));
            for (uint256 k; k < count; ++k) {
                this.checkRefusedCase(c, k);
                ++checked;
            }
        }
        assertGt(checked, 100);
    }

    /// @dev One case per external call: every fixture read copies the fixture into memory, which a single call would
    /// keep growing until it runs out of gas.
    function checkAcceptedCase(uint256 c, uint256 k) external view {
        registry.checkInputWords(_id(c), _words(string.concat(_at(c), ".accepted[", vm.toString(k), "]")));
    }

    /// @dev See checkAcceptedCase.
    function checkRefusedCase(uint256 c, uint256 k) external {
        string memory refused = string.concat(_at(c), ".refused[", vm.toString(k), "]");
        uint256[] memory words = _words(string.concat(refused, ".words"));
        if (keccak256(bytes(fixture.readString(string.concat(refused, ".error")))) == keccak256("count")) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IModelRegistry.RegistryInputWordCount.selector,
                    fixture.readUint(string.concat(refused, ".count")),
                    fixture.readUint(string.concat(refused, ".expected"))
                )
            );
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IModelRegistry.RegistryInputOutOfDomain.selector,
                    fixture.readUint(string.concat(refused, ".wordIndex")),
                    fixture.readUint(string.concat(refused, ".laneIndex")),
                    vm.parseUint(fixture.readString(string.concat(refused, ".word")))
                )
            );
        }
        registry.checkInputWords(_id(c), words);
    }

    function test_RevertWhen_checkInputWordsNamesAnUnknownCircuit() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownCircuit.selector, uint32(0)));
        registry.checkInputWords(0, new uint256[](1));
        uint32 next = _id(circuitCount);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryUnknownCircuit.selector, next));
        registry.checkInputWords(next, new uint256[](1));
    }

    function test_checkInputWords_stillAnswersForARetiredCircuit() public {
        vm.prank(address(timelock));
        registry.retireCircuit(_id(0));
        registry.checkInputWords(_id(0), _words(string.concat(_at(0), ".accepted[0]")));
    }

    /// @dev The classifier16-public circuit (fixture circuit 0): any two words built from in-domain values pass, and
    /// flipping any bit above the last lane of either word fails, naming that word and its lane count.
    function testFuzz_checkInputWords_acceptsInDomainLanesAndRefusesABitAboveThem(
        uint256 seed,
        uint256 wordIndex,
        uint256 bit
    ) public {
        uint256[] memory words = new uint256[](2);
        uint256 max = InputLanes.VALUE_MAX;
        for (uint256 i; i < 16; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // offset-binary lane of a value in [-max, max]: [1, 2 max + 1], the ends drawn often
            uint256 lane = r % 3 == 0 ? 1 : r % 3 == 1 ? 2 * max + 1 : 1 + (r >> 8) % (2 * max + 1);
            words[i / 10] |= lane << ((i % 10) * InputLanes.VALUE_BITS);
        }
        registry.checkInputWords(_id(0), words);

        wordIndex = bound(wordIndex, 0, 1);
        uint256 lanes = wordIndex == 0 ? 10 : 6;
        bit = bound(bit, lanes * InputLanes.VALUE_BITS, 255);
        words[wordIndex] ^= 1 << bit;
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInputOutOfDomain.selector, wordIndex, lanes, words[wordIndex])
        );
        registry.checkInputWords(_id(0), words);
    }

    /// @dev The registry derives the input layout from family and shape, so it refuses a circuit whose word count
    /// says otherwise.
    function test_RevertWhen_registeredInputWordsDoNotMatchTheShape() public {
        Circuit memory params =
            _circuitParams(address(vault), Family.Recommender, InputMode.Public, 1, 1, [uint16(16), 32, 3]);
        vm.startPrank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "input words do not match the shape")
        );
        registry.registerCircuit(params);

        params.inputMode = InputMode.Committed;
        params.inputWords = 2;
        vm.expectRevert(
            abi.encodeWithSelector(IModelRegistry.RegistryInvalidCircuit.selector, "input words do not match the shape")
        );
        registry.registerCircuit(params);
        vm.stopPrank();
    }
}
