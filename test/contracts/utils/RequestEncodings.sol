// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Builds non-canonical encodings of calldata that holds a Request.
library RequestEncodings {
    /// @dev `data` with a zero word inserted before the `inputWords` of the Request tuple at `tuple`, that tuple's
    /// `inputWords` offset raised by 0x20 and every top-level offset past the insertion raised too (calldata after a
    /// 4-byte selector: the top-level head is the words from byte 4 up to the tuple).
    function shiftInputWords(bytes memory data, uint256 tuple) internal pure returns (bytes memory shifted) {
        uint256 insertAt = tuple + 0x200;
        shifted = new bytes(data.length + 0x20);
        for (uint256 i; i < insertAt; ++i) {
            shifted[i] = data[i];
        }
        for (uint256 i = insertAt; i < data.length; ++i) {
            shifted[i + 0x20] = data[i];
        }
        _add(shifted, tuple + 0x1e0, 0x20);
        for (uint256 head = 4; head < tuple; head += 0x20) {
            uint256 offset = _word(shifted, head);
            if (4 + offset >= insertAt) _add(shifted, head, 0x20);
        }
    }

    function withoutSelector(bytes memory data) internal pure returns (bytes memory args) {
        args = new bytes(data.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = data[i + 4];
        }
    }

    function _word(bytes memory data, uint256 at) private pure returns (uint256 value) {
        assembly ("memory-safe") {
            value := mload(add(add(data, 0x20), at))
        }
    }

    function _add(bytes memory data, uint256 at, uint256 amount) private pure {
        assembly ("memory-safe") {
            let p := add(add(data, 0x20), at)
            mstore(p, add(mload(p), amount))
        }
    }
}
