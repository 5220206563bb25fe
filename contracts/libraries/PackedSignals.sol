// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title PackedSignals
/// @notice Reads the public signals of the inference circuits as circuits/manifest.json describes them: packed
/// lanes in offset binary and signed values encoded as field elements (negative x is r - |x|).
/// @dev Published in the contracts package (contracts/package.json; InferenceOutputs decodes with it), hence the
/// open pragma.
library PackedSignals {
    /// @notice One lane of a packed word: ((word >> shift) & (2^bits - 1)) - offset.
    /// @param word The public signal.
    /// @param shift The lane's bit offset (manifest `lanes[].shift`).
    /// @param bits The lane's width (manifest `lanes[].bits`), at most 255.
    /// @param offset The offset-binary bias (manifest `lanes[].offset`), below 2^bits.
    /// @return The lane's signed value (raw fixed point where the manifest gives `fracBits`).
    function lane(uint256 word, uint256 shift, uint256 bits, uint256 offset) internal pure returns (int256) {
        // a lane of at most 255 bits minus an offset below 2^bits always fits int256
        return int256((word >> shift) & ((uint256(1) << bits) - 1)) - int256(offset);
    }

    /// @notice A signed value carried as a whole field element (manifest encoding `signed`).
    /// @param element The public signal, below r.
    /// @return The signed value: elements above (r - 1) / 2 are negative.
    function signedField(uint256 element) internal pure returns (int256) {
        uint256 r = ProtocolConstants.SNARK_SCALAR_FIELD;
        // both branches are below 2^254 in magnitude, so the casts cannot overflow
        return element > r / 2 ? -int256(r - element) : int256(element);
    }
}
