// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FairnessMetrics, GroupCounts, Ratio} from "../types/AuditTypes.sol";

/// @title AuditMetrics
/// @notice Reads the counts word a fairness-audit proof outputs and derives the fairness metrics from it, exactly.
/// @dev The counts word holds 12 lanes of 16 bits: group 0's rows, positives, labeled, labelPositives, truePositives,
/// falsePositives, then group 1's (circuits/lib/audit_tally.circom). oracle/src/audit/metrics.ts is the reference.
library AuditMetrics {
    /// @dev Width of a count's lane.
    uint256 internal constant COUNT_BITS = 16;
    /// @dev Counts per group.
    uint256 internal constant COUNTS_PER_GROUP = 6;
    /// @dev Bits the 12 lanes occupy; a counts word has nothing above them.
    uint256 internal constant COUNTS_WORD_BITS = 2 * COUNTS_PER_GROUP * COUNT_BITS;

    /// @notice Whether `word` has bits above its 12 lanes (then it is no audit's counts signal).
    function hasStrayBits(uint256 word) internal pure returns (bool) {
        return word >> COUNTS_WORD_BITS != 0;
    }

    /// @notice Group `g`'s counts (0: reference, 1: protected) from a counts word.
    function group(uint256 word, uint256 g) internal pure returns (GroupCounts memory c) {
        uint256 shift = g * COUNTS_PER_GROUP * COUNT_BITS;
        c.rows = uint16(word >> shift);
        c.positives = uint16(word >> (shift + COUNT_BITS));
        c.labeled = uint16(word >> (shift + 2 * COUNT_BITS));
        c.labelPositives = uint16(word >> (shift + 3 * COUNT_BITS));
        c.truePositives = uint16(word >> (shift + 4 * COUNT_BITS));
        c.falsePositives = uint16(word >> (shift + 5 * COUNT_BITS));
    }

    /// @notice The metrics of an audit: demographic parity difference, disparate-impact ratio, equal-opportunity
    /// difference, each in lowest terms or with denominator 0 where a group lacks the rows it needs.
    function metrics(GroupCounts memory ref, GroupCounts memory prot) internal pure returns (FairnessMetrics memory m) {
        // counts are below 2^16, so every product below fits easily in 64 bits: no overflow to consider
        if (ref.rows != 0 && prot.rows != 0) {
            m.demographicParityDifference = _difference(prot.positives, prot.rows, ref.positives, ref.rows);
            if (ref.positives != 0) {
                m.disparateImpactRatio =
                    _reduce(int256(uint256(prot.positives) * ref.rows), uint256(prot.rows) * ref.positives);
            }
        }
        if (ref.labelPositives != 0 && prot.labelPositives != 0) {
            m.equalOpportunityDifference =
                _difference(prot.truePositives, prot.labelPositives, ref.truePositives, ref.labelPositives);
        }
    }

    /// @dev a / b - c / d for b, d > 0.
    function _difference(uint256 a, uint256 b, uint256 c, uint256 d) private pure returns (Ratio memory) {
        return _reduce(int256(a * d) - int256(c * b), b * d);
    }

    /// @dev numerator / denominator in lowest terms (denominator > 0).
    function _reduce(int256 numerator, uint256 denominator) private pure returns (Ratio memory) {
        uint256 x = numerator < 0 ? uint256(-numerator) : uint256(numerator);
        uint256 y = denominator;
        while (y != 0) {
            (x, y) = (y, x % y);
        }
        // x is the gcd, at least 1 since the denominator is not 0
        return Ratio({numerator: numerator / int256(x), denominator: denominator / x});
    }
}
