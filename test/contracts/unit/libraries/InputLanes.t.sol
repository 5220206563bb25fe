// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {IModelRegistry} from "../../../../contracts/interfaces/IModelRegistry.sol";
import {InputLanes} from "../../../../contracts/libraries/InputLanes.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Family, InputMode} from "../../../../contracts/types/ModelTypes.sol";

/// @dev Exposes the library to external calls.
contract InputLanesHarness {
    function firstRefusedLane(uint256 word, uint256 lanes) external pure returns (uint256) {
        return InputLanes.firstRefusedLane(word, lanes);
    }

    function check(Family family, InputMode mode, uint16[3] memory shape, uint256[] calldata words) external pure {
        InputLanes.check(family, mode, shape, words);
    }
}

contract InputLanesTest is Test {
    uint256 internal constant NONE = type(uint256).max;
    uint256 internal constant MAX = InputLanes.VALUE_MAX;

    InputLanesHarness internal harness = new InputLanesHarness();

    /// @dev Packs signed values as sdk/src/codecs/packing.ts packFeatures does: lane j = value + 2^23 at bit 24 j.
    /// Added, not or-ed, so that a value beyond the upper end carries into the next lane as in a field element.
    function _pack(int256[] memory values) internal pure returns (uint256 word) {
        for (uint256 j; j < values.length; ++j) {
            word += uint256(values[j] + int256(InputLanes.LANE_OFFSET)) << (j * InputLanes.VALUE_BITS);
        }
    }

    function _filled(uint256 lanes, int256 value) internal pure returns (int256[] memory values) {
        values = new int256[](lanes);
        for (uint256 j; j < lanes; ++j) {
            values[j] = value;
        }
    }

    /// @dev `lanes` seeded values of the domain [-(2^23 - 1), 2^23 - 1], the ends included often.
    function _seededValues(uint256 seed, uint256 lanes) internal pure returns (int256[] memory values) {
        values = new int256[](lanes);
        for (uint256 j; j < lanes; ++j) {
            uint256 r = uint256(keccak256(abi.encode(seed, j)));
            uint256 pick = r % 4;
            if (pick == 0) values[j] = int256(MAX);
            else if (pick == 1) values[j] = -int256(MAX);
            else values[j] = int256((r >> 8) % (2 * MAX + 1)) - int256(MAX);
        }
    }

    /* ------------------------------ firstRefusedLane ------------------------------ */

    function test_firstRefusedLane_acceptsBothEndsOfTheDomainInEveryLane() public view {
        for (uint256 lanes = 1; lanes <= InputLanes.VALUE_LANES; ++lanes) {
            assertEq(harness.firstRefusedLane(_pack(_filled(lanes, int256(MAX))), lanes), NONE);
            assertEq(harness.firstRefusedLane(_pack(_filled(lanes, -int256(MAX))), lanes), NONE);
            assertEq(harness.firstRefusedLane(_pack(_filled(lanes, 0)), lanes), NONE);
        }
    }

    function test_firstRefusedLane_namesTheLowestLaneAtMinus2Pow23() public view {
        for (uint256 lanes = 1; lanes <= InputLanes.VALUE_LANES; ++lanes) {
            for (uint256 j; j < lanes; ++j) {
                // the lowest lane beyond the domain's lower end: raw -2^23, stored as 0
                int256[] memory values = _filled(lanes, -int256(MAX));
                values[j] = -int256(MAX) - 1;
                assertEq(harness.firstRefusedLane(_pack(values), lanes), j);
                // a second refused lane above it does not hide the first
                if (j + 1 < lanes) values[lanes - 1] = -int256(MAX) - 1;
                assertEq(harness.firstRefusedLane(_pack(values), lanes), j);
            }
        }
    }

    function test_firstRefusedLane_refusesTheUpperEndPlusOneAsABitAboveOrACarry() public view {
        // 2^23 in the last lane is 2^24 stored: a bit above the last lane
        int256[] memory values = _filled(3, int256(MAX));
        values[2] = int256(MAX) + 1;
        assertEq(harness.firstRefusedLane(_pack(values), 3), 3);
        // in a lower lane it carries into the next lane and leaves its own at 0
        values = _filled(3, 0);
        values[0] = int256(MAX) + 1;
        assertEq(harness.firstRefusedLane(_pack(values), 3), 0);
    }

    function test_firstRefusedLane_refusesAnyBitAboveTheLastLane() public view {
        uint256 word = _pack(_filled(6, 5));
        assertEq(harness.firstRefusedLane(word | (1 << 144), 6), 6);
        assertEq(harness.firstRefusedLane(word | (1 << 255), 6), 6);
        assertEq(harness.firstRefusedLane(ProtocolConstants.SNARK_SCALAR_FIELD, 10), 10);
    }

    /// @dev Any word built from values of the domain passes.
    function testFuzz_firstRefusedLane_acceptsInDomainLanes(uint256 seed, uint256 lanes) public view {
        lanes = bound(lanes, 1, InputLanes.VALUE_LANES);
        assertEq(harness.firstRefusedLane(_pack(_seededValues(seed, lanes)), lanes), NONE);
    }

    /// @dev Flipping any bit above the last lane of an in-domain word makes it refused, naming the lane count.
    function testFuzz_firstRefusedLane_refusesAFlippedBitAboveTheLastLane(uint256 seed, uint256 lanes, uint256 bit)
        public
        view
    {
        lanes = bound(lanes, 1, InputLanes.VALUE_LANES);
        bit = bound(bit, lanes * InputLanes.VALUE_BITS, 255);
        uint256 word = _pack(_seededValues(seed, lanes)) ^ (1 << bit);
        assertEq(harness.firstRefusedLane(word, lanes), lanes);
    }

    /// @dev Clearing any lane of an in-domain word (the value -2^23) makes it refused, naming the lowest cleared lane.
    function testFuzz_firstRefusedLane_refusesAClearedLane(uint256 seed, uint256 lanes, uint256 lane) public view {
        lanes = bound(lanes, 1, InputLanes.VALUE_LANES);
        lane = bound(lane, 0, lanes - 1);
        uint256 word = _pack(_seededValues(seed, lanes)) & ~(((1 << 24) - 1) << (lane * 24));
        assertEq(harness.firstRefusedLane(word, lanes), lane);
    }

    /* ---------------------------------- check ---------------------------------- */

    function test_check_splitsValuesIntoFullWordsAndARemainder() public {
        uint256[] memory words = new uint256[](3);
        words[0] = _pack(_filled(10, -int256(MAX)));
        words[1] = _pack(_filled(10, int256(MAX)));
        words[2] = _pack(_filled(5, 0));
        harness.check(Family.Mlp, InputMode.Public, [uint16(25), 8, 2], words);

        // a sixth lane in the last word is a bit above its five
        words[2] = _pack(_filled(6, 0));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInputOutOfDomain.selector, 2, 5, words[2]));
        harness.check(Family.Mlp, InputMode.Public, [uint16(25), 8, 2], words);
    }

    function test_check_takesOneFieldElementInCommittedMode() public {
        Family family = Family.Recommender;
        InputMode mode = InputMode.Committed;
        uint16[3] memory shape = [uint16(16), 32, 3];
        uint256[] memory words = new uint256[](1);
        words[0] = ProtocolConstants.SNARK_SCALAR_FIELD - 1;
        harness.check(family, mode, shape, words);

        words[0] = ProtocolConstants.SNARK_SCALAR_FIELD;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInputOutOfDomain.selector, 0, 0, words[0]));
        harness.check(family, mode, shape, words);

        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInputWordCount.selector, 2, 1));
        harness.check(family, mode, shape, new uint256[](2));
    }

    function test_check_refusesEveryWordListForAnEmptyShape() public {
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.RegistryInputWordCount.selector, 0, 0));
        harness.check(Family.Classifier, InputMode.Public, [uint16(0), 0, 0], new uint256[](0));
    }

    /* ------------------------- the manifest's input layout ------------------------- */

    /// @dev Every packed input word of every circuit in circuits/manifest.json has the lanes this library checks:
    /// lane j at bit 24 j, 24 bits, offset 2^23, ten per word and the remainder in the last.
    function test_layout_matchesEveryPackedInputOfTheManifest() public view {
        string memory json = vm.readFile("circuits/manifest.json");
        uint256 checkedWords;
        for (uint256 c; vm.keyExistsJson(json, string.concat(".circuits[", vm.toString(c), "]")); ++c) {
            checkedWords += _checkCircuitLayout(json, string.concat(".circuits[", vm.toString(c), "]"));
        }
        // three public circuits of two words each
        assertEq(checkedWords, 6);
    }

    /// @dev Checks the packed input words of one manifest circuit and returns how many it has.
    function _checkCircuitLayout(string memory json, string memory circuit) private view returns (uint256 inputWord) {
        bool recommender = _is(json, string.concat(circuit, ".shape.family"), "recommender");
        uint256 count = vm.parseJsonUint(json, string.concat(circuit, ".shape.", recommender ? "d" : "n"));
        for (uint256 s; vm.keyExistsJson(json, _signal(circuit, s)); ++s) {
            string memory signal = _signal(circuit, s);
            if (
                !_is(json, string.concat(signal, ".kind"), "input")
                    || !_is(json, string.concat(signal, ".encoding"), "packed")
            ) {
                continue;
            }
            uint256 lanes = count - inputWord * InputLanes.VALUE_LANES;
            _checkLanes(json, signal, lanes > InputLanes.VALUE_LANES ? InputLanes.VALUE_LANES : lanes);
            ++inputWord;
        }
        bool isPublic = _is(json, string.concat(circuit, ".inputMode"), "public");
        assertEq(inputWord, isPublic ? InputLanes.wordCount(InputMode.Public, count) : 0);
    }

    function _checkLanes(string memory json, string memory signal, uint256 lanes) private view {
        for (uint256 j; j < lanes; ++j) {
            string memory lane = string.concat(signal, ".lanes[", vm.toString(j), "]");
            assertEq(vm.parseJsonUint(json, string.concat(lane, ".shift")), j * InputLanes.VALUE_BITS);
            assertEq(vm.parseJsonUint(json, string.concat(lane, ".bits")), InputLanes.VALUE_BITS);
            assertEq(vm.parseUint(vm.parseJsonString(json, string.concat(lane, ".offset"))), InputLanes.LANE_OFFSET);
        }
        assertFalse(vm.keyExistsJson(json, string.concat(signal, ".lanes[", vm.toString(lanes), "]")));
    }

    function _is(string memory json, string memory key, string memory expected) private pure returns (bool) {
        return keccak256(bytes(vm.parseJsonString(json, key))) == keccak256(bytes(expected));
    }

    function _signal(string memory circuit, uint256 s) private pure returns (string memory) {
        return string.concat(circuit, ".publicSignals[", vm.toString(s), "]");
    }
}
