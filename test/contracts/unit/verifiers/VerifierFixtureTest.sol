// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProofBinding} from "../../../../contracts/libraries/ProofBinding.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Shared checks for every exported verifier against the proof fixture the circuits pipeline produced
/// (test/fixtures/zk/<circuit>-<backend>.json). Verifiers differ only in their public-signal count, so calls are
/// encoded by hand: every argument is a static array, i.e. consecutive 32-byte words after the selector.
abstract contract VerifierFixtureTest is Test {
    uint256 internal constant FIELD = ProtocolConstants.SNARK_SCALAR_FIELD;
    /// @dev Far above any verifier's cost (< 1M gas).
    uint256 internal constant VERIFY_GAS_CAP = 2_000_000;

    address internal verifier;
    string internal json;
    uint256[] internal proofWords;
    uint256[] internal signals;
    bool internal isGroth16;

    /// @dev The fixture file (under test/fixtures/zk/) and a deployed verifier for it.
    function _fixtureFile() internal pure virtual returns (string memory);
    function _deployVerifier() internal virtual returns (address);

    function setUp() public virtual {
        verifier = _deployVerifier();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/zk/", _fixtureFile()));
        isGroth16 = keccak256(bytes(vm.parseJsonString(json, ".backend"))) == keccak256("groth16");
        if (isGroth16) {
            _pushAll(vm.parseJsonStringArray(json, ".calldata.a"));
            _pushAll(vm.parseJsonStringArray(json, ".calldata.b[0]"));
            _pushAll(vm.parseJsonStringArray(json, ".calldata.b[1]"));
            _pushAll(vm.parseJsonStringArray(json, ".calldata.c"));
        } else {
            _pushAll(vm.parseJsonStringArray(json, ".calldata.proof"));
        }
        string[] memory raw = vm.parseJsonStringArray(json, ".publicSignals");
        for (uint256 i = 0; i < raw.length; i++) {
            signals.push(vm.parseUint(raw[i]));
        }
    }

    function _pushAll(string[] memory words) private {
        for (uint256 i = 0; i < words.length; i++) {
            proofWords.push(vm.parseUint(words[i]));
        }
    }

    function _selector(uint256 nPublic) internal view returns (bytes4) {
        string memory n = vm.toString(nPublic);
        string memory signature = isGroth16
            ? string.concat("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", n, "])")
            : string.concat("verifyProof(uint256[24],uint256[", n, "])");
        return bytes4(keccak256(bytes(signature)));
    }

    /// @dev True only when the call succeeds and the verifier answers true; also returns the gas of the call.
    function _verify(uint256[] memory proof, uint256[] memory pub) internal view returns (bool ok, uint256 gasUsed) {
        bytes memory data = abi.encodePacked(_selector(pub.length), proof, pub);
        uint256 before = gasleft();
        // capped: a failing pairing precompile burns all the gas it is given
        (bool success, bytes memory ret) = verifier.staticcall{gas: VERIFY_GAS_CAP}(data);
        gasUsed = before - gasleft();
        ok = success && ret.length == 32 && abi.decode(ret, (bool));
    }

    function test_verifyProof_acceptsPipelineFixture() public view {
        (bool ok,) = _verify(proofWords, signals);
        assertTrue(ok, "the pipeline's fixture proof must verify");
    }

    function test_verifyProof_reportsGas() public {
        (bool ok, uint256 gasUsed) = _verify(proofWords, signals);
        assertTrue(ok);
        // read by `npm run bench:zk`; a benchmark figure, not an assertion
        emit log_named_uint(string.concat("verifier_gas ", _fixtureFile()), gasUsed);
    }

    function test_verifyProof_rejectsMutatedProof() public view {
        for (uint256 i = 0; i < proofWords.length; i++) {
            uint256[] memory mutated = proofWords;
            mutated[i] = addmod(mutated[i], 1, FIELD);
            (bool ok,) = _verify(mutated, signals);
            assertFalse(ok, "a proof with any word changed must not verify");
            mutated[i] = proofWords[i];
        }
    }

    function testFuzz_verifyProof_rejectsMutatedPublicSignal(uint256 index, uint256 delta) public view {
        index = bound(index, 0, signals.length - 1);
        delta = bound(delta, 1, FIELD - 1);
        uint256[] memory mutated = signals;
        mutated[index] = addmod(mutated[index], delta, FIELD);
        (bool ok,) = _verify(proofWords, mutated);
        assertFalse(ok, "a proof must not verify for other public signals");
    }

    function test_verifyProof_rejectsPublicSignalNotReducedModField() public view {
        // s + r is congruent to s: a verifier that skipped the range check would accept it (malleability)
        for (uint256 i = 0; i < signals.length; i++) {
            uint256[] memory mutated = signals;
            mutated[i] = signals[i] + FIELD;
            (bool ok,) = _verify(proofWords, mutated);
            assertFalse(ok, "a public signal >= r must be refused");
        }
    }

    /// @dev The coordinator tells a refused proof from a broken verifier by the answer: a refusal is `false`, returned.
    function test_verifyProof_answersFalseInsteadOfReverting() public view {
        uint256[] memory offCurve = proofWords;
        offCurve[1] = addmod(offCurve[1], 1, FIELD); // A (or PLONK's first commitment) off the curve
        _assertAnswersFalse(offCurve, signals);
        uint256[] memory unreduced = signals;
        unreduced[0] = signals[0] + FIELD;
        _assertAnswersFalse(proofWords, unreduced);
    }

    function _assertAnswersFalse(uint256[] memory proof, uint256[] memory pub) private view {
        bytes memory data = abi.encodePacked(_selector(pub.length), proof, pub);
        (bool success, bytes memory ret) = verifier.staticcall{gas: VERIFY_GAS_CAP}(data);
        assertTrue(success, "a refusal must be an answer, not a revert");
        assertEq(ret.length, 32, "the answer is one word");
        assertFalse(abi.decode(ret, (bool)), "and that word is false");
    }

    function test_binding_matchesFixtureRequest() public view {
        uint256 expected = ProofBinding.binding(
            vm.parseUint(vm.parseJsonString(json, ".request.chainId")),
            vm.parseJsonAddress(json, ".request.coordinator"),
            vm.parseUint(vm.parseJsonString(json, ".request.requestId")),
            vm.parseJsonAddress(json, ".request.operator")
        );
        assertEq(
            expected, vm.parseUint(vm.parseJsonString(json, ".request.binding")), "TS and Solidity bindings differ"
        );
        assertEq(expected, signals[signals.length - 1], "binding is the last public signal");
    }

    function test_verifyProof_rejectsProofForAnotherRequestOrOperator() public view {
        uint256 chainId = vm.parseUint(vm.parseJsonString(json, ".request.chainId"));
        address coordinator = vm.parseJsonAddress(json, ".request.coordinator");
        uint256 requestId = vm.parseUint(vm.parseJsonString(json, ".request.requestId"));
        address operator = vm.parseJsonAddress(json, ".request.operator");
        uint256[] memory replayed = signals;
        replayed[signals.length - 1] = ProofBinding.binding(chainId, coordinator, requestId + 1, operator);
        (bool ok,) = _verify(proofWords, replayed);
        assertFalse(ok, "replayed for another request");
        replayed[signals.length - 1] = ProofBinding.binding(chainId, coordinator, requestId, address(0xBEEF));
        (ok,) = _verify(proofWords, replayed);
        assertFalse(ok, "stolen by another operator");
    }
}
