// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PriceFeatures
/// @notice The market-signal MLP's 16 features from the last 33 rounds of a Chainlink price feed, in the circuits'
/// fixed point (raw = value × 2^16), packed into the two public words the MLP's public-input circuit takes.
/// @dev Mirrors oracle/src/data/prices.ts (percent units): ret_1..ret_8, mom_4/8/16/32, vol_8/32, ma_gap_8/32. The
/// trainer uses log returns; on chain a simple return p1/p0 - 1 stands in for ln(p1/p0) — they differ by under 0.5%
/// of the value for moves under 1% — the proof binds whatever words are sent, so this only touches model quality.
library PriceFeatures {
    /// @notice Prices read: the window of 32 returns needs 33 prices.
    uint256 internal constant PRICES = 33;
    uint256 internal constant FEATURES = 16;
    int256 internal constant ONE = 1 << 16;
    /// @dev Values must fit the circuits' signed 24-bit lanes.
    int256 internal constant MAX_RAW = (1 << 23) - 1;
    uint256 internal constant LANE_BITS = 24;
    uint256 internal constant LANES = 10;

    /// @dev The feed returned a non-positive price at round `roundId`.
    error PriceFeaturesBadPrice(uint80 roundId, int256 answer);
    /// @dev The feed has fewer than 33 rounds.
    error PriceFeaturesShortHistory(uint80 latestRound);

    /// @notice Reads the last 33 prices, newest first.
    function readPrices(AggregatorV3Interface feed) internal view returns (int256[PRICES] memory prices) {
        (uint80 latest,,,,) = feed.latestRoundData();
        if (latest < PRICES) revert PriceFeaturesShortHistory(latest);
        for (uint256 k; k < PRICES; ++k) {
            // forge-lint: disable-next-line(unsafe-typecast)
            uint80 roundId = latest - uint80(k); // k < 33 <= latest
            (, int256 answer,,,) = feed.getRoundData(roundId);
            if (answer <= 0) revert PriceFeaturesBadPrice(roundId, answer);
            prices[k] = answer;
        }
    }

    /// @notice The 16 features, raw fixed point, clamped to the circuits' range.
    function compute(int256[PRICES] memory p) internal pure returns (int256[FEATURES] memory f) {
        int256[32] memory returns_;
        for (uint256 k; k < 32; ++k) {
            returns_[k] = _percentChange(p[k], p[k + 1]);
        }
        for (uint256 k; k < 8; ++k) {
            f[k] = returns_[k];
        }
        f[8] = _percentChange(p[0], p[4]);
        f[9] = _percentChange(p[0], p[8]);
        f[10] = _percentChange(p[0], p[16]);
        f[11] = _percentChange(p[0], p[32]);
        f[12] = _stdDev(returns_, 8);
        f[13] = _stdDev(returns_, 32);
        f[14] = _maGap(p, 8);
        f[15] = _maGap(p, 32);
        for (uint256 i; i < FEATURES; ++i) {
            f[i] = f[i] > MAX_RAW ? MAX_RAW : (f[i] < -MAX_RAW ? -MAX_RAW : f[i]);
        }
    }

    /// @notice Packs 16 raw values into two words: lane j of a word holds value + 2^23 at bit 24·j.
    function pack(int256[FEATURES] memory values) internal pure returns (uint256[] memory words) {
        words = new uint256[](2);
        int256 offset = int256(1) << (LANE_BITS - 1);
        for (uint256 i; i < FEATURES; ++i) {
            // value + offset is in [1, 2^24 - 1] after clamping
            // forge-lint: disable-next-line(unsafe-typecast)
            words[i / LANES] |= uint256(values[i] + offset) << (LANE_BITS * (i % LANES));
        }
    }

    /// @dev 100 × (now / before − 1), raw fixed point.
    function _percentChange(int256 now_, int256 before) private pure returns (int256) {
        return 100 * ONE * (now_ - before) / before;
    }

    function _stdDev(int256[32] memory values, uint256 n) private pure returns (int256) {
        int256 sum;
        for (uint256 k; k < n; ++k) {
            sum += values[k];
        }
        int256 mean = sum / int256(n);
        uint256 squares;
        for (uint256 k; k < n; ++k) {
            int256 d = values[k] - mean;
            squares += uint256(d * d);
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        return int256(Math.sqrt(squares / n)); // sqrt of a uint256 fits int256
    }

    function _maGap(int256[PRICES] memory p, uint256 n) private pure returns (int256) {
        int256 sum;
        for (uint256 k; k < n; ++k) {
            sum += p[k];
        }
        return 100 * ONE * (p[0] * int256(n) - sum) / sum;
    }
}
