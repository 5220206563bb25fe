// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PackedSignals} from "../../../../contracts/libraries/PackedSignals.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Test} from "forge-std/Test.sol";

/// @dev Exposes the library so reverts and values can be observed.
contract PackedSignalsHarness {
    function lane(uint256 word, uint256 shift, uint256 bits, uint256 offset) external pure returns (int256) {
        return PackedSignals.lane(word, shift, bits, offset);
    }

    function signedField(uint256 element) external pure returns (int256) {
        return PackedSignals.signedField(element);
    }
}

contract PackedSignalsTest is Test {
    PackedSignalsHarness internal harness;

    function setUp() public {
        harness = new PackedSignalsHarness();
    }

    /// The classifier fixture's explanation, decoded on chain lane by lane as the manifest lays it out, equals the
    /// values the pipeline decoded in TypeScript: 16 contributions (47 bits, five per word), score, decision.
    function test_lane_decodesClassifierExplanationLikeTheOracle() public view {
        string memory json =
            vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/zk/classifier16-public-groth16.json"));
        string[] memory signals = vm.parseJsonStringArray(json, ".publicSignals");
        string[] memory decoded = vm.parseJsonStringArray(json, ".decoded");
        string[] memory names = vm.parseJsonStringArray(json, ".decodedNames");
        for (uint256 i = 0; i < 16; i++) {
            uint256 word = vm.parseUint(signals[i / 5]);
            assertEq(harness.lane(word, (i % 5) * 47, 47, 1 << 46), vm.parseInt(decoded[i]), names[i]);
        }
        uint256 last = vm.parseUint(signals[3]);
        assertEq(keccak256(bytes(names[16])), keccak256("score"));
        assertEq(harness.lane(last, 47, 52, 1 << 51), vm.parseInt(decoded[16]), "score");
        assertEq(keccak256(bytes(names[17])), keccak256("decision"));
        assertEq(harness.lane(last, 99, 1, 0), vm.parseInt(decoded[17]), "decision");
    }

    function testFuzz_lane_roundTripsOffsetBinary(int256 value, uint8 shiftSeed) public view {
        value = bound(value, -(int256(1) << 46), (int256(1) << 46) - 1);
        uint256 shift = bound(shiftSeed, 0, 200);
        uint256 word = uint256(value + (int256(1) << 46)) << shift;
        assertEq(harness.lane(word, shift, 47, 1 << 46), value);
    }

    function test_signedField_readsNegativesAsFieldComplements() public view {
        assertEq(harness.signedField(5), 5);
        assertEq(harness.signedField(ProtocolConstants.SNARK_SCALAR_FIELD - 5), -5);
        assertEq(
            harness.signedField(ProtocolConstants.SNARK_SCALAR_FIELD / 2),
            int256(ProtocolConstants.SNARK_SCALAR_FIELD / 2)
        );
    }
}
