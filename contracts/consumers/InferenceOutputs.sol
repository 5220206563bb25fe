// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {PackedSignals} from "../libraries/PackedSignals.sol";

/// @title InferenceOutputs
/// @notice Decodes the output words a consumer receives, per model family, following circuits/manifest.json.
/// Values are raw signed fixed point: 16 fractional bits (1.0 = 65,536) unless said otherwise.
/// @dev Reads `uint256[] calldata`, the words exactly as `onInferenceResult` receives them, so a callback decodes
/// without copying them to memory. Published in the contracts package (contracts/package.json), hence the open pragma.
library InferenceOutputs {
    /// @dev The output words do not have the family's length.
    error InferenceOutputsWrongLength(uint256 given, uint256 expected);

    /// @notice Classifier outputs: four explanation words. Lanes, least significant first: contributions 0-4, 5-9,
    /// 10-14, then contribution 15, the score and the decision in the last word. Contributions and the score are exact
    /// products with 32 fractional bits (1.0 = 2^32).
    uint256 internal constant CLASSIFIER_WORDS = 4;
    uint256 internal constant CLASSIFIER_FEATURES = 16;
    uint256 internal constant CONTRIBUTION_BITS = 47;
    uint256 internal constant CONTRIBUTION_LANES = 5;
    uint256 internal constant CONTRIBUTION_OFFSET = 1 << 46;
    uint256 internal constant SCORE_SHIFT = 47;
    uint256 internal constant SCORE_BITS = 52;
    uint256 internal constant SCORE_OFFSET = 1 << 51;
    uint256 internal constant DECISION_SHIFT = 99;

    /// @notice MLP outputs: [logits[0..3] packed, argmax].
    uint256 internal constant MLP_WORDS = 2;
    uint256 internal constant LOGIT_BITS = 49;
    uint256 internal constant LOGIT_OFFSET = 1 << 48;

    /// @notice Recommender outputs: [topK packed: (index 8 bits, score 35 bits) × 3].
    uint256 internal constant RECOMMENDER_WORDS = 1;
    uint256 internal constant TOP_K = 3;
    uint256 internal constant TOP_K_STRIDE = 43;
    uint256 internal constant INDEX_BITS = 8;
    uint256 internal constant ITEM_SCORE_BITS = 35;
    uint256 internal constant ITEM_SCORE_OFFSET = 1 << 34;

    /// @notice The classifier's score (bias + Σ wᵢ·xᵢ, 32 fractional bits) and decision (score ≥ threshold).
    function classifierDecision(uint256[] calldata outputs) internal pure returns (int256 score, bool approved) {
        _checkLength(outputs, CLASSIFIER_WORDS);
        uint256 last = outputs[CLASSIFIER_WORDS - 1];
        score = PackedSignals.lane(last, SCORE_SHIFT, SCORE_BITS, SCORE_OFFSET);
        approved = (last >> DECISION_SHIFT) & 1 == 1;
    }

    /// @notice The classifier's explanation: feature `index`'s contribution wᵢ·xᵢ (32 fractional bits).
    /// @param outputs The classifier's output words, as the callback receives them.
    /// @param index The feature, below CLASSIFIER_FEATURES: indices 16 to 19 would read the score's lanes.
    function contribution(uint256[] calldata outputs, uint256 index) internal pure returns (int256) {
        _checkLength(outputs, CLASSIFIER_WORDS);
        return _contribution(outputs[index / CONTRIBUTION_LANES], index);
    }

    /// @notice The same, from the four output words a consumer kept to explain its decision later (as CreditGate does
    /// in storage).
    function contribution(uint256[CLASSIFIER_WORDS] memory words, uint256 index) internal pure returns (int256) {
        return _contribution(words[index / CONTRIBUTION_LANES], index);
    }

    /// @notice The classifier's whole explanation: every feature's contribution wᵢ·xᵢ (32 fractional bits), in feature
    /// order.
    function contributions(uint256[] calldata outputs)
        internal
        pure
        returns (int256[CLASSIFIER_FEATURES] memory values)
    {
        _checkLength(outputs, CLASSIFIER_WORDS);
        for (uint256 i; i < CLASSIFIER_FEATURES; ++i) {
            values[i] = _contribution(outputs[i / CONTRIBUTION_LANES], i);
        }
    }

    /// @notice The MLP's arg-max class and its four logits.
    function mlpSignal(uint256[] calldata outputs) internal pure returns (uint256 class, int256[4] memory logits) {
        _checkLength(outputs, MLP_WORDS);
        for (uint256 k; k < 4; ++k) {
            logits[k] = PackedSignals.lane(outputs[0], k * LOGIT_BITS, LOGIT_BITS, LOGIT_OFFSET);
        }
        class = outputs[1];
    }

    /// @notice The recommender's top-3 item indices (best first) and their scores.
    function topItems(uint256[] calldata outputs)
        internal
        pure
        returns (uint8[TOP_K] memory items, int256[TOP_K] memory scores)
    {
        _checkLength(outputs, RECOMMENDER_WORDS);
        uint256 word = outputs[0];
        for (uint256 j; j < TOP_K; ++j) {
            uint256 base = j * TOP_K_STRIDE;
            // forge-lint: disable-next-line(unsafe-typecast)
            items[j] = uint8(uint256(PackedSignals.lane(word, base, INDEX_BITS, 0))); // an 8-bit lane
            scores[j] = PackedSignals.lane(word, base + INDEX_BITS, ITEM_SCORE_BITS, ITEM_SCORE_OFFSET);
        }
    }

    /// @dev Feature `index`'s lane in the explanation word that holds it.
    function _contribution(uint256 word, uint256 index) private pure returns (int256) {
        uint256 shift = (index % CONTRIBUTION_LANES) * CONTRIBUTION_BITS;
        return PackedSignals.lane(word, shift, CONTRIBUTION_BITS, CONTRIBUTION_OFFSET);
    }

    function _checkLength(uint256[] calldata outputs, uint256 expected) private pure {
        if (outputs.length != expected) revert InferenceOutputsWrongLength(outputs.length, expected);
    }
}
