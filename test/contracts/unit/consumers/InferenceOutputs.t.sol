// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InferenceOutputs} from "../../../../contracts/consumers/InferenceOutputs.sol";
import {Test} from "forge-std/Test.sol";

/// @dev Takes the output words as calldata, as a consumer's `onInferenceResult` does, and hands them to the library.
contract InferenceOutputsHarness {
    function classifierDecision(uint256[] calldata outputs) external pure returns (int256, bool) {
        return InferenceOutputs.classifierDecision(outputs);
    }

    function contribution(uint256[] calldata outputs, uint256 index) external pure returns (int256) {
        return InferenceOutputs.contribution(outputs, index);
    }

    function storedContribution(uint256[4] memory words, uint256 index) external pure returns (int256) {
        return InferenceOutputs.contribution(words, index);
    }

    function contributions(uint256[] calldata outputs) external pure returns (int256[16] memory) {
        return InferenceOutputs.contributions(outputs);
    }

    function mlpSignal(uint256[] calldata outputs) external pure returns (uint256, int256[4] memory) {
        return InferenceOutputs.mlpSignal(outputs);
    }

    function topItems(uint256[] calldata outputs) external pure returns (uint8[3] memory, int256[3] memory) {
        return InferenceOutputs.topItems(outputs);
    }
}

/// @notice Every decoder, fed the output words of a real proof (test/fixtures/zk), returns what the proving pipeline
/// decoded in TypeScript for the same proof.
contract InferenceOutputsTest is Test {
    InferenceOutputsHarness internal harness;

    function setUp() public {
        harness = new InferenceOutputsHarness();
    }

    function test_classifierDecision_decodesTheProvenScoreAndDecision() public view {
        (uint256[] memory outputs, string[] memory decoded) = _fixture("classifier16-public-groth16", 4);
        (int256 score, bool approved) = harness.classifierDecision(outputs);
        assertEq(score, vm.parseInt(decoded[16]), "score");
        assertEq(approved, vm.parseInt(decoded[17]) == 1, "decision");
    }

    function test_contribution_decodesEachFeatureFromCalldataAndFromStoredWords() public view {
        (uint256[] memory outputs, string[] memory decoded) = _fixture("classifier16-committed-groth16", 4);
        uint256[4] memory stored = [outputs[0], outputs[1], outputs[2], outputs[3]];
        for (uint256 i; i < InferenceOutputs.CLASSIFIER_FEATURES; ++i) {
            assertEq(harness.contribution(outputs, i), vm.parseInt(decoded[i]), "calldata");
            assertEq(harness.storedContribution(stored, i), vm.parseInt(decoded[i]), "stored words");
        }
    }

    function test_contributions_decodesTheWholeExplanationInFeatureOrder() public view {
        (uint256[] memory outputs, string[] memory decoded) = _fixture("classifier16-public-groth16", 4);
        int256[16] memory values = harness.contributions(outputs);
        for (uint256 i; i < 16; ++i) {
            assertEq(values[i], vm.parseInt(decoded[i]));
        }
    }

    function testFuzz_contribution_calldataAndStoredWordsAgree(uint256[4] memory words, uint256 index) public view {
        index = bound(index, 0, InferenceOutputs.CLASSIFIER_FEATURES - 1);
        uint256[] memory outputs = new uint256[](4);
        for (uint256 i; i < 4; ++i) {
            outputs[i] = words[i];
        }
        assertEq(harness.contribution(outputs, index), harness.storedContribution(words, index));
    }

    function test_mlpSignal_decodesTheProvenLogitsAndClass() public view {
        (uint256[] memory outputs, string[] memory decoded) = _fixture("mlp16x32x4-public-groth16", 2);
        (uint256 class, int256[4] memory logits) = harness.mlpSignal(outputs);
        for (uint256 k; k < 4; ++k) {
            assertEq(logits[k], vm.parseInt(decoded[k]), "logit");
        }
        assertEq(class, vm.parseUint(decoded[4]), "argmax");
    }

    function test_topItems_decodesTheProvenRanking() public view {
        (uint256[] memory outputs, string[] memory decoded) = _fixture("recommender16x32-public-groth16", 1);
        (uint8[3] memory items, int256[3] memory scores) = harness.topItems(outputs);
        for (uint256 j; j < 3; ++j) {
            assertEq(items[j], vm.parseUint(decoded[2 * j]), "index");
            assertEq(scores[j], vm.parseInt(decoded[2 * j + 1]), "score");
        }
    }

    function test_RevertWhen_outputsHaveAnotherFamilysLength() public {
        uint256[] memory three = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(InferenceOutputs.InferenceOutputsWrongLength.selector, 3, 4));
        harness.classifierDecision(three);
        vm.expectRevert(abi.encodeWithSelector(InferenceOutputs.InferenceOutputsWrongLength.selector, 3, 4));
        harness.contribution(three, 0);
        vm.expectRevert(abi.encodeWithSelector(InferenceOutputs.InferenceOutputsWrongLength.selector, 3, 4));
        harness.contributions(three);
        vm.expectRevert(abi.encodeWithSelector(InferenceOutputs.InferenceOutputsWrongLength.selector, 3, 2));
        harness.mlpSignal(three);
        vm.expectRevert(abi.encodeWithSelector(InferenceOutputs.InferenceOutputsWrongLength.selector, 3, 1));
        harness.topItems(three);
    }

    /// @dev The first `count` public signals of a proof fixture (a circuit's outputs come first) and its decoded values.
    function _fixture(string memory name, uint256 count)
        private
        view
        returns (uint256[] memory outputs, string[] memory decoded)
    {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/zk/", name, ".json"));
        string[] memory signals = vm.parseJsonStringArray(json, ".publicSignals");
        decoded = vm.parseJsonStringArray(json, ".decoded");
        outputs = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            outputs[i] = vm.parseUint(signals[i]);
        }
    }
}
