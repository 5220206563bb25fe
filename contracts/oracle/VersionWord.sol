// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title VersionWord
/// @notice The coordinator's copy of a model version, in the one slot a request reads anyway: the weights commitment
/// (a BN254 field element, below 2^254) in the low 254 bits, the registry's flag in bit 254, and in bit 255 a mark
/// that the flag is mirrored here. A word without the mark was copied before the flag moved here: the next request
/// copies the version from the registry again, once.
library VersionWord {
    uint256 private constant MIRRORED = 1 << 255;
    uint256 private constant FLAGGED = 1 << 254;
    uint256 private constant COMMITMENT_MASK = FLAGGED - 1;

    /// @notice The word for `weightsCommitment` with `flagged`.
    function pack(uint256 weightsCommitment, bool flagged) internal pure returns (uint256) {
        return (weightsCommitment & COMMITMENT_MASK) | MIRRORED | (flagged ? FLAGGED : 0);
    }

    /// @notice Whether the word carries its version's flag.
    function mirrored(uint256 word) internal pure returns (bool) {
        return word & MIRRORED != 0;
    }

    /// @notice Whether the version is flagged (meaningful only for a mirrored word).
    function flagged(uint256 word) internal pure returns (bool) {
        return word & FLAGGED != 0;
    }

    /// @notice The version's weights commitment.
    function commitment(uint256 word) internal pure returns (uint256) {
        return word & COMMITMENT_MASK;
    }
}
