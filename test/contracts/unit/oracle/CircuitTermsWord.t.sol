// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {CircuitTermsWord} from "../../../../contracts/oracle/CircuitTermsWord.sol";
import {CoordinatorSlot} from "../../../../contracts/oracle/CoordinatorSlot.sol";
import {CoordinatorStorage} from "../../../../contracts/oracle/CoordinatorStorage.sol";
import {ProofSystem} from "../../../../contracts/types/ModelTypes.sol";

/// @dev Writes circuit terms as the coordinator does (through the struct) and reads them back as CircuitTermsWord does.
contract CircuitTermsWordHarness {
    function store(uint32 circuitId, CoordinatorStorage.CircuitTerms calldata terms) external {
        CoordinatorSlot.state().circuitTerms[circuitId] = terms;
    }

    function readVerifier(uint32 circuitId) external view returns (address verifier, ProofSystem system, bytes4 sel) {
        uint256 word = CircuitTermsWord.load(circuitId);
        return (CircuitTermsWord.verifier(word), CircuitTermsWord.proofSystem(word), CircuitTermsWord.selector(word));
    }

    function readShape(uint32 circuitId) external view returns (uint256 outputs, uint256 inputs, uint256 values) {
        uint256 word = CircuitTermsWord.load(circuitId);
        return
            (CircuitTermsWord.outputWords(word), CircuitTermsWord.inputWords(word), CircuitTermsWord.valueCount(word));
    }

    function readFlags(uint32 circuitId) external view returns (bool retired, bool fromBase) {
        uint256 word = CircuitTermsWord.load(circuitId);
        return (CircuitTermsWord.retired(word), CircuitTermsWord.fromBase(word));
    }
}

/// @notice CircuitTermsWord's bit positions are Solidity's packing of CoordinatorStorage.CircuitTerms: every field it
/// reads comes back as stored, whatever the neighbouring fields hold.
contract CircuitTermsWordTest is Test {
    CircuitTermsWordHarness internal harness = new CircuitTermsWordHarness();

    function testFuzz_readsEveryFieldAsStored(uint32 circuitId, address verifier, bool plonk, uint256 fields) public {
        CoordinatorStorage.CircuitTerms memory terms = CoordinatorStorage.CircuitTerms({
            verifier: verifier,
            proofSystem: plonk ? ProofSystem.Plonk : ProofSystem.Groth16,
            outputWords: uint8(fields),
            retired: (fields >> 8) & 1 == 1,
            selector: bytes4(uint32(fields >> 16)),
            inputWords: uint8(fields >> 48),
            valueCount: uint16(fields >> 56),
            fromBase: (fields >> 72) & 1 == 1
        });
        harness.store(circuitId, terms);
        (address verifier, ProofSystem system, bytes4 selector) = harness.readVerifier(circuitId);
        assertEq(verifier, terms.verifier, "verifier");
        assertEq(uint8(system), uint8(terms.proofSystem), "proof system");
        assertEq(selector, terms.selector, "selector");
        (uint256 outputs, uint256 inputs, uint256 values) = harness.readShape(circuitId);
        assertEq(outputs, terms.outputWords, "output words");
        assertEq(inputs, terms.inputWords, "input words");
        assertEq(values, terms.valueCount, "value count");
        (bool retired, bool fromBase) = harness.readFlags(circuitId);
        assertEq(retired, terms.retired, "retired");
        assertEq(fromBase, terms.fromBase, "from base");
    }
}
