// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {Family, InputMode} from "../types/ModelTypes.sol";
import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title InputLanes
/// @notice The input words of a circuit and the domain the circuit accepts in them. A public-input circuit of every
/// family takes its input values (N features, or a recommender's user embedding of D values) packed VALUE_LANES per
/// word: lane j of a word holds value + 2^23 in bits [24 j, 24 j + 24), the last word holds the remaining lanes, and
/// every value lies in [-VALUE_MAX, VALUE_MAX]. A committed-input circuit takes one word, the input commitment.
/// @dev Mirrors circuits/lib/params.circom (VALUE_BITS, VALUE_LANES, VALUE_MAX),
/// circuits/lib/unpack_signed_lanes.circom and sdk/src/codecs/packing.ts (packFeatures / unpackFeatures): words pass
/// here exactly when the circuit has a witness for them. The lane layout is the manifest's `featureWords` /
/// `userWords` (InputLanes.t.sol reads it to check).
library InputLanes {
    /// @notice Bits of one input lane.
    uint256 internal constant VALUE_BITS = 24;
    /// @notice Lanes in one full input word (240 of the 252 bits a word may use).
    uint256 internal constant VALUE_LANES = 10;
    /// @notice Largest magnitude of an input value, raw fixed point (2^23 - 1, about 128.0): the circuits refuse -2^23.
    uint256 internal constant VALUE_MAX = (1 << (VALUE_BITS - 1)) - 1;
    /// @notice What a lane adds to its value (offset binary): lane = value + 2^23, so a lane is never 0.
    uint256 internal constant LANE_OFFSET = 1 << (VALUE_BITS - 1);

    /// @dev Bit 0 of each of the ten lanes.
    uint256 private constant LOW_BITS = 0x000001000001000001000001000001000001000001000001000001000001;
    /// @dev Bit 23 (the top bit) of each of the ten lanes.
    uint256 private constant HIGH_BITS = LOW_BITS << (VALUE_BITS - 1);

    /// @notice Number of input values of a circuit: the first entry of its shape in every family (classifier [N, 0, 0],
    /// MLP [N, H, K], dense [N, layers, K] and tree ensemble [F, T, D] take N (F) features; the recommender [D, M, k]
    /// a user embedding of D values).
    /// @dev `family` is an ABI-checked enum, so every value is a family this library knows.
    function valueCount(Family family, uint16[3] memory shape) internal pure returns (uint256) {
        family;
        return shape[0];
    }

    /// @notice Number of input words for `count` values: ceil(count / 10) packed words in public mode, the one input
    /// commitment in committed mode.
    function wordCount(InputMode mode, uint256 count) internal pure returns (uint256) {
        if (mode == InputMode.Committed) return 1;
        return (count + VALUE_LANES - 1) / VALUE_LANES;
    }

    /// @notice Reverts unless `words` are input words that some valid witness of a circuit of this family, mode and
    /// shape accepts.
    /// @dev Reverts with RegistryInputWordCount for a wrong number of words and RegistryInputOutOfDomain for the first
    /// word that no witness accepts.
    function check(Family family, InputMode mode, uint16[3] memory shape, uint256[] calldata words) internal pure {
        checkValues(mode, valueCount(family, shape), words);
    }

    /// @notice `check` for a circuit of `count` input values (its `valueCount`): what the coordinator runs on its copy
    /// of the circuit's terms.
    function checkValues(InputMode mode, uint256 count, uint256[] calldata words) internal pure {
        uint256 expected = wordCount(mode, count);
        if (words.length != expected || expected == 0) {
            revert IModelRegistry.RegistryInputWordCount(words.length, expected);
        }
        if (mode == InputMode.Committed) {
            // any field element can be a commitment; the verifier refuses a public signal >= r
            if (words[0] >= ProtocolConstants.SNARK_SCALAR_FIELD) {
                revert IModelRegistry.RegistryInputOutOfDomain(0, 0, words[0]);
            }
            return;
        }
        for (uint256 w; w < expected; ++w) {
            uint256 lanes = w + 1 < expected ? VALUE_LANES : count - w * VALUE_LANES;
            uint256 lane = firstRefusedLane(words[w], lanes);
            if (lane != type(uint256).max) revert IModelRegistry.RegistryInputOutOfDomain(w, lane, words[w]);
        }
    }

    /// @notice The first lane of a packed word of `lanes` lanes (1 to 10) that the circuits refuse: the lowest lane
    /// holding 0 (the value -2^23), or `lanes` when only bits above the last lane are set; type(uint256).max when the
    /// word is in the domain.
    /// @dev A lane holds value + 2^23 in 24 bits, so with nothing above the lanes every lane is a value of the domain
    /// except a lane of 0. The zero-lane test is the SWAR one: (word - LOW_BITS) & ~word & HIGH_BITS sets a lane's
    /// top bit when that lane is 0 (or, through the borrow, sits above a lane that is), so it is zero exactly when no
    /// lane is, and its lowest set bit is the lowest zero lane.
    function firstRefusedLane(uint256 word, uint256 lanes) internal pure returns (uint256) {
        uint256 used = lanes * VALUE_BITS;
        if (word >> used != 0) return lanes;
        uint256 laneBits = (1 << used) - 1;
        uint256 zeroLanes;
        // wraps only when the lowest lanes are 0, which the mask-and-complement below still reads correctly: the low
        // `used` bits of a difference do not depend on the bits above them
        unchecked {
            zeroLanes = (word - (LOW_BITS & laneBits)) & ~word & (HIGH_BITS & laneBits);
        }
        if (zeroLanes == 0) return type(uint256).max;
        // isolate the lowest flag; its bit index is 24 j + 23 for the lowest zero lane j
        uint256 lowest = zeroLanes & (~zeroLanes + 1);
        uint256 lane;
        while (lowest > (1 << (VALUE_BITS - 1))) {
            lowest >>= VALUE_BITS;
            ++lane;
        }
        return lane;
    }
}
