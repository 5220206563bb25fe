// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBatchVerifier} from "../../../../contracts/interfaces/IBatchVerifier.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Real proofs for `verifyProofs` (test/fixtures/batch/<circuit>-<backend>.json, written by
/// `npm run fixtures:batch`) and the calls to the single and the batch entry points of a verifier.
abstract contract BatchFixture is Test {
    /// @dev Scalar field r (public signals) and base field q (point coordinates) of BN254.
    uint256 internal constant R =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;
    uint256 internal constant Q =
        21_888_242_871_839_275_222_246_405_745_257_275_088_696_311_157_297_823_662_689_037_894_645_226_208_583;
    /// @dev Far above a 32-proof Groth16 batch (about 2M) or a few PLONK proofs checked one by one.
    uint256 internal constant CALL_GAS_CAP = 30_000_000;

    /// @dev One fixture: its proofs' words and public signals, proof by proof.
    struct Batch {
        bool groth16;
        uint256 proofWords;
        uint256 nPublic;
        uint256[][] proofs;
        uint256[][] signals;
    }

    function _load(string memory file) internal view returns (Batch memory b) {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/batch/", file));
        b.groth16 = keccak256(bytes(vm.parseJsonString(json, ".backend"))) == keccak256("groth16");
        b.proofWords = b.groth16 ? 8 : 24;
        b.nPublic = vm.parseJsonUint(json, ".nPublic");
        uint256 count = vm.parseJsonUint(json, ".count");
        b.proofs = new uint256[][](count);
        b.signals = new uint256[][](count);
        for (uint256 i = 0; i < count; i++) {
            b.proofs[i] = _uints(vm.parseJsonStringArray(json, string.concat(".proofs[", vm.toString(i), "]")));
            b.signals[i] = _uints(vm.parseJsonStringArray(json, string.concat(".publicSignals[", vm.toString(i), "]")));
            assertEq(b.proofs[i].length, b.proofWords, "proof words");
            assertEq(b.signals[i].length, b.nPublic, "public signals");
        }
    }

    function _uints(string[] memory words) private pure returns (uint256[] memory out) {
        out = new uint256[](words.length);
        for (uint256 i = 0; i < words.length; i++) {
            out[i] = vm.parseUint(words[i]);
        }
    }

    /// @dev The flat arrays `verifyProofs` takes for the fixture's proofs at `order` (repeats allowed).
    function _arrays(Batch memory b, uint256[] memory order)
        internal
        pure
        returns (uint256[] memory proofs, uint256[] memory signals)
    {
        proofs = new uint256[](order.length * b.proofWords);
        signals = new uint256[](order.length * b.nPublic);
        for (uint256 i = 0; i < order.length; i++) {
            for (uint256 w = 0; w < b.proofWords; w++) {
                proofs[i * b.proofWords + w] = b.proofs[order[i]][w];
            }
            for (uint256 j = 0; j < b.nPublic; j++) {
                signals[i * b.nPublic + j] = b.signals[order[i]][j];
            }
        }
    }

    /// @dev The first k proofs in order.
    function _firstK(Batch memory b, uint256 k)
        internal
        pure
        returns (uint256[] memory proofs, uint256[] memory signals)
    {
        uint256[] memory order = new uint256[](k);
        for (uint256 i = 0; i < k; i++) {
            order[i] = i;
        }
        return _arrays(b, order);
    }

    /// @dev True only when `verifyProofs` succeeds and answers true; also the gas of the call.
    function _verifyBatch(address verifier, uint256[] memory proofs, uint256[] memory signals)
        internal
        view
        returns (bool ok, uint256 gasUsed)
    {
        return _verifyBatch(verifier, proofs, signals, CALL_GAS_CAP);
    }

    /// @dev _verifyBatch with `gasCap` for the call (a failing precompile burns all of it).
    function _verifyBatch(address verifier, uint256[] memory proofs, uint256[] memory signals, uint256 gasCap)
        internal
        view
        returns (bool ok, uint256 gasUsed)
    {
        bytes memory data = abi.encodeCall(IBatchVerifier.verifyProofs, (proofs, signals));
        uint256 before = gasleft();
        (bool success, bytes memory ret) = verifier.staticcall{gas: gasCap}(data);
        gasUsed = before - gasleft();
        ok = success && ret.length == 32 && abi.decode(ret, (bool));
    }

    /// @dev True only when the single `verifyProof` accepts proof `i` of the fixture; also the gas of the call.
    function _verifySingle(address verifier, Batch memory b, uint256 i)
        internal
        view
        returns (bool ok, uint256 gasUsed)
    {
        string memory n = vm.toString(b.nPublic);
        string memory signature = b.groth16
            ? string.concat("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", n, "])")
            : string.concat("verifyProof(uint256[24],uint256[", n, "])");
        bytes memory data = abi.encodePacked(bytes4(keccak256(bytes(signature))), b.proofs[i], b.signals[i]);
        uint256 before = gasleft();
        (bool success, bytes memory ret) = verifier.staticcall{gas: CALL_GAS_CAP}(data);
        gasUsed = before - gasleft();
        ok = success && ret.length == 32 && abi.decode(ret, (bool));
    }

    /// @dev Calldata gas of a transaction carrying `data` (EIP-2028: 16 per non-zero byte, 4 per zero byte).
    function _calldataGas(bytes memory data) internal pure returns (uint256 gasUsed) {
        for (uint256 i = 0; i < data.length; i++) {
            gasUsed += data[i] == 0 ? 4 : 16;
        }
    }
}
