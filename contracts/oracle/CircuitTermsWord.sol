// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProofSystem} from "../types/ModelTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CircuitTermsWord
/// @notice A circuit's terms (CoordinatorStorage.CircuitTerms) read as the one word they are packed in, for the
/// request and fulfillment paths: reading fields through a storage pointer loads the slot once per field, and copying
/// the struct to memory unpacks every field; here the slot is loaded once and each field is a shift and a mask.
/// @dev Solidity packs a struct's fields from the low end in declaration order: verifier (bits 0-159), proofSystem
/// (160-167), outputWords (168-175), retired (176-183), selector (184-215), inputWords (216-223), valueCount
/// (224-239), fromBase (240-247). test/contracts/unit/oracle/CircuitTermsWord.t.sol checks this against the struct.
library CircuitTermsWord {
    /// @notice The word of circuit `circuitId`'s terms.
    function load(uint32 circuitId) internal view returns (uint256 word) {
        CoordinatorStorage.CircuitTerms storage terms = CoordinatorSlot.state().circuitTerms[circuitId];
        assembly ("memory-safe") {
            word := sload(terms.slot)
        }
    }

    /// @notice The circuit's verifier.
    function verifier(uint256 word) internal pure returns (address) {
        return address(uint160(word));
    }

    /// @notice The circuit's proof system.
    function proofSystem(uint256 word) internal pure returns (ProofSystem) {
        return ProofSystem(uint8(word >> 160));
    }

    /// @notice The circuit's number of output words.
    function outputWords(uint256 word) internal pure returns (uint256) {
        return uint8(word >> 168);
    }

    /// @notice Whether the registry retired the circuit.
    function retired(uint256 word) internal pure returns (bool) {
        return uint8(word >> 176) != 0;
    }

    /// @notice The verifier's `verifyProof` selector for the circuit's signal count.
    function selector(uint256 word) internal pure returns (bytes4) {
        return bytes4(uint32(word >> 184));
    }

    /// @notice The circuit's number of input words (0 for terms not copied yet).
    function inputWords(uint256 word) internal pure returns (uint256) {
        return uint8(word >> 216);
    }

    /// @notice The number of values the circuit's input words carry (InputLanes).
    function valueCount(uint256 word) internal pure returns (uint256) {
        return uint16(word >> 224);
    }

    /// @notice Whether the verifier has the weights-base entry points.
    function fromBase(uint256 word) internal pure returns (bool) {
        return uint8(word >> 240) != 0;
    }
}
