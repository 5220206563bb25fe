// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title PackedSignals
/// @notice Reads the public signals of the inference circuits as circuits/manifest.json describes them: packed
/// lanes in offset binary and signed values encoded as field elements (negative x is r - |x|).
library PackedSignals {
    /// @dev BN254 scalar field modulus r.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;

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
        // both branches are below 2^254 in magnitude, so the casts cannot overflow
        return element > SNARK_SCALAR_FIELD / 2 ? -int256(SNARK_SCALAR_FIELD - element) : int256(element);
    }
}
