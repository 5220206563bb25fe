// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {DecisionHashes} from "../../../../contracts/libraries/DecisionHashes.sol";
import {ProofBinding} from "../../../../contracts/libraries/ProofBinding.sol";
import {ProtocolConstants} from "../../../../contracts/libraries/ProtocolConstants.sol";
import {Request} from "../../../../contracts/types/InferenceTypes.sol";
import {InputMode} from "../../../../contracts/types/ModelTypes.sol";
import {RequestEncodings} from "../../utils/RequestEncodings.sol";

/// @dev Calls the library on real calldata, and leaves a marker word at the free memory pointer to show the hashes
/// allocate nothing.
contract DecisionHashesHarness {
    function ofRequest(Request calldata request) external pure returns (bytes32) {
        return DecisionHashes.ofRequest(request);
    }

    function ofProof(bytes calldata proof) external pure returns (bytes32) {
        return DecisionHashes.ofProof(proof);
    }

    function ofDecision(bytes32 requestHash, uint256[] calldata outputs, bytes32 proofHash, address operator)
        external
        pure
        returns (bytes32)
    {
        return DecisionHashes.ofDecision(requestHash, outputs, proofHash, operator);
    }

    function freePointerAfterHashing(Request calldata request, bytes calldata proof, uint256[] calldata outputs)
        external
        view
        returns (uint256 before, uint256 afterHashing)
    {
        assembly ("memory-safe") {
            before := mload(0x40)
        }
        bytes32 requestHash = DecisionHashes.ofRequest(request);
        DecisionHashes.ofDecision(requestHash, outputs, DecisionHashes.ofProof(proof), address(this));
        ProofBinding.binding(block.chainid, address(this), request.requestId, msg.sender);
        assembly ("memory-safe") {
            afterHashing := mload(0x40)
        }
    }
}

/// @notice The calldata hashes equal their `keccak256(abi.encode(...))` definitions (Decision.hash), for any request,
/// outputs and proof; a request passed back in another encoding of the same values does not hash as the canonical one.
contract DecisionHashesTest is Test {
    DecisionHashesHarness private harness;

    function setUp() public {
        harness = new DecisionHashesHarness();
    }

    function _request(uint256 seed, uint256[] memory inputWords) private pure returns (Request memory) {
        return Request({
            requestId: uint256(keccak256(abi.encode(seed, 1))),
            requester: address(uint160(uint256(keccak256(abi.encode(seed, 2))))),
            modelId: uint256(keccak256(abi.encode(seed, 3))),
            version: uint32(seed),
            circuitId: uint32(seed >> 32),
            inputMode: seed % 2 == 0 ? InputMode.Public : InputMode.Committed,
            dataOwner: address(uint160(seed)),
            servingNode: address(uint160(seed >> 96)),
            callbackGasLimit: uint32(seed >> 64),
            fee: uint96(seed >> 100),
            callbackFee: uint96(seed >> 150),
            requestedAt: uint64(seed >> 20),
            deadline: uint64(seed >> 40),
            round: uint64(seed >> 60),
            weightsCommitment: uint256(keccak256(abi.encode(seed, 4))),
            inputWords: inputWords
        });
    }

    function testFuzz_ofRequest_isTheHashOfTheRequestsEncoding(uint256 seed, uint256[] memory inputWords) public view {
        vm.assume(inputWords.length <= 40);
        Request memory request = _request(seed, inputWords);
        assertEq(harness.ofRequest(request), keccak256(abi.encode(request)));
    }

    function test_ofRequest_ofARequestWithoutInputWords() public view {
        Request memory request = _request(7, new uint256[](0));
        assertEq(harness.ofRequest(request), keccak256(abi.encode(request)));
    }

    function testFuzz_ofProof_isTheProofsHash(bytes memory proof) public view {
        assertEq(harness.ofProof(proof), keccak256(proof));
    }

    function testFuzz_ofDecision_isTheHashOfItsEncoding(
        bytes32 requestHash,
        uint256[] memory outputs,
        bytes32 proofHash,
        address operator
    ) public view {
        vm.assume(outputs.length <= 40);
        assertEq(
            harness.ofDecision(requestHash, outputs, proofHash, operator),
            keccak256(abi.encode(requestHash, outputs, proofHash, operator))
        );
    }

    function testFuzz_binding_isTheReducedHashOfItsEncoding(
        uint256 chainId,
        address coordinator,
        uint256 requestId,
        address operator
    ) public pure {
        assertEq(
            ProofBinding.binding(chainId, coordinator, requestId, operator),
            uint256(keccak256(abi.encode(chainId, coordinator, requestId, operator)))
                % ProtocolConstants.SNARK_SCALAR_FIELD
        );
    }

    function test_hashesAllocateNoMemory() public view {
        uint256[] memory words = new uint256[](3);
        (uint256 before, uint256 afterHashing) =
            harness.freePointerAfterHashing(_request(1, words), new bytes(256), new uint256[](4));
        assertEq(afterHashing, before);
    }

    /// @dev The same request values in a second valid encoding: `inputWords` placed one word later (its offset 0x220
    /// instead of 0x200). Solidity decodes both to the same struct; only the canonical one hashes as the request.
    function test_ofRequest_anotherEncodingOfTheSameValuesHashesDifferently() public view {
        uint256[] memory words = new uint256[](2);
        words[0] = 11;
        words[1] = 12;
        Request memory request = _request(3, words);
        bytes memory canonical = abi.encodeCall(harness.ofRequest, (request));
        bytes memory shifted = RequestEncodings.shiftInputWords(canonical, 4 + 0x20);
        (bool ok, bytes memory decoded) = address(harness).staticcall(shifted);
        assertTrue(ok);
        assertEq(abi.decode(decoded, (bytes32)) == keccak256(abi.encode(request)), false);
        // both decode to the same request
        Request memory fromShifted = this.decodeRequest(RequestEncodings.withoutSelector(shifted));
        assertEq(keccak256(abi.encode(fromShifted)), keccak256(abi.encode(request)));
    }

    function decodeRequest(bytes calldata args) external pure returns (Request memory) {
        return abi.decode(args, (Request));
    }
}
