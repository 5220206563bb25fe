// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";
import {ProofSystem} from "../types/ModelTypes.sol";

/// @title ProofVerification
/// @notice Calls a snarkjs-exported verifier whose public-signal count is only known at run time.
/// @dev snarkjs verifiers take fixed-size arrays, which ABI-encode in place: the calldata is just the selector, the
/// proof words and the signals, one after another. Groth16: `verifyProof(uint[2],uint[2][2],uint[2],uint[N])` with the
/// proof as 8 words (a, b, c, with b's coordinates as snarkjs orders them for Solidity); PLONK:
/// `verifyProof(uint256[24],uint256[N])`.
library ProofVerification {
    /// @notice Gas given to a verifier: several times what the largest registered circuit needs (a PLONK check with
    /// 32 signals stays well under 600k), so that a malformed proof, whose failing pairing precompile eats all the gas
    /// it is given, costs its submitter a bounded amount instead of the whole transaction's gas.
    uint256 internal constant VERIFIER_GAS_LIMIT = 1_500_000;

    /// @notice Proof length in bytes for each proof system.
    function proofLength(ProofSystem system) internal pure returns (uint256) {
        return system == ProofSystem.Groth16 ? 8 * 32 : 24 * 32;
    }

    /// @notice The verifier's selector for `signalCount` public signals (below 100; the registry allows 32).
    function selector(ProofSystem system, uint256 signalCount) internal pure returns (bytes4) {
        // Two decimal digits at most: smaller code than a general integer-to-string conversion.
        bytes memory count = signalCount < 10
            ? abi.encodePacked(bytes1(uint8(48 + signalCount)))
            : abi.encodePacked(bytes1(uint8(48 + signalCount / 10 % 10)), bytes1(uint8(48 + signalCount % 10)));
        return system == ProofSystem.Groth16
            ? bytes4(
                keccak256(abi.encodePacked("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", count, "])"))
            )
            : bytes4(keccak256(abi.encodePacked("verifyProof(uint256[24],uint256[", count, "])")));
    }

    /// @notice Whether `verifier` accepts the `verifyProof` (or `verifyProofFromBase`) call of `callBytes` bytes at
    /// `callAt`: the selector followed by the proof words and the signals, laid out in memory (a caller may build it
    /// past the free memory pointer without claiming that memory). A verifier that reverts, returns anything but a
    /// 32-byte true, or has no code, rejects.
    /// @dev Reads the answer from scratch space rather than copying the return data into a new `bytes`.
    function verifyAt(address verifier, uint256 callAt, uint256 callBytes) internal view returns (bool ok) {
        assembly ("memory-safe") {
            let success := staticcall(VERIFIER_GAS_LIMIT, verifier, callAt, callBytes, 0, 0x20)
            ok := and(success, and(eq(returndatasize(), 0x20), eq(mload(0), 1)))
        }
    }

    /// @notice Gas given to a Groth16 `verifyProofs` of k proofs: BATCH_GAS_BASE + BATCH_GAS_PER_PROOF·k, about twice
    /// what the largest registered circuit needs (measured in docs/circuits.md, "Batch verification"), for the same
    /// reason as VERIFIER_GAS_LIMIT: an invalid point makes a precompile eat all the gas it is given.
    uint256 internal constant BATCH_GAS_BASE = 400_000;
    /// @notice See BATCH_GAS_BASE.
    uint256 internal constant BATCH_GAS_PER_PROOF = 120_000;

    /// @notice Gas given to a PLONK `verifyProofs` of k proofs: PLONK_BATCH_GAS_BASE + PLONK_BATCH_GAS_PER_PROOF·k,
    /// about twice the measured cost (each proof's checks run in full, only the final pairings are folded into one).
    uint256 internal constant PLONK_BATCH_GAS_BASE = 300_000;
    /// @notice See PLONK_BATCH_GAS_BASE.
    uint256 internal constant PLONK_BATCH_GAS_PER_PROOF = 350_000;

    /// @notice The gas cap of a `verifyProofs` call of `count` proofs.
    function batchGasLimit(ProofSystem system, uint256 count) internal pure returns (uint256) {
        return system == ProofSystem.Groth16
            ? BATCH_GAS_BASE + BATCH_GAS_PER_PROOF * count
            : PLONK_BATCH_GAS_BASE + PLONK_BATCH_GAS_PER_PROOF * count;
    }

    /// @notice verifyBatch for a Groth16 verifier (8 words per proof).
    function verifyBatch(address verifier, uint256[] memory proofs, uint256[] memory signals)
        internal
        view
        returns (bool)
    {
        return verifyBatch(verifier, ProofSystem.Groth16, proofs, signals);
    }

    /// @notice Whether `verifier` accepts every proof of a batch (IBatchVerifier.verifyProofs), called with the gas
    /// cap of batchGasLimit. A verifier that reverts, returns anything but a 32-byte true, or has no code, rejects.
    /// @param proofs The proofs' words, one proof after another (proofLength(system) / 32 words each).
    /// @param signals The public signals of every proof, concatenated in the order of the proofs.
    function verifyBatch(address verifier, ProofSystem system, uint256[] memory proofs, uint256[] memory signals)
        internal
        view
        returns (bool)
    {
        bytes memory data = abi.encodeCall(IBatchVerifier.verifyProofs, (proofs, signals));
        return callBatch(verifier, system, data, proofs.length / (proofLength(system) / 32));
    }

    /// @notice An `IBatchVerifier.verifyProofs` call for `count` Groth16 proofs of `signalCount` signals each, with
    /// its selector, offsets and lengths written and its words left to fill: proof k's 8 words at `groth16ProofAt`,
    /// its signals at `groth16SignalsAt`. Filling the call in place spares a batch two arrays encoded a second time.
    function groth16BatchCall(uint256 count, uint256 signalCount) internal pure returns (bytes memory data) {
        bytes4 verifyProofs = IBatchVerifier.verifyProofs.selector;
        uint256 proofBytes = count * 0x100;
        uint256 signalBytes = count * signalCount * 0x20;
        assembly ("memory-safe") {
            data := mload(0x40)
            let length := add(0x84, add(proofBytes, signalBytes))
            mstore(data, length)
            let body := add(data, 0x20)
            mstore(body, verifyProofs)
            mstore(add(body, 0x04), 0x40)
            mstore(add(body, 0x24), add(0x60, proofBytes))
            mstore(add(body, 0x44), shr(5, proofBytes))
            mstore(add(body, add(0x64, proofBytes)), shr(5, signalBytes))
            mstore(0x40, and(add(add(body, length), 0x1f), not(0x1f)))
        }
    }

    /// @notice Where proof `k`'s 8 words go in a groth16BatchCall.
    function groth16ProofAt(bytes memory data, uint256 k) internal pure returns (uint256 pointer) {
        assembly ("memory-safe") {
            pointer := add(add(data, 0x84), shl(8, k))
        }
    }

    /// @notice Where the signals of proof `k` (of `count`, `signalCount` each) go in a groth16BatchCall.
    function groth16SignalsAt(bytes memory data, uint256 count, uint256 signalCount, uint256 k)
        internal
        pure
        returns (uint256 pointer)
    {
        assembly ("memory-safe") {
            pointer := add(add(add(data, 0xa4), shl(8, count)), shl(5, mul(k, signalCount)))
        }
    }

    /// @notice Whether `verifier` accepts the `verifyProofs` call `data` of `count` proofs, called with the gas cap of
    /// batchGasLimit. A verifier that reverts, returns anything but a 32-byte true, or has no code, rejects.
    function callBatch(address verifier, ProofSystem system, bytes memory data, uint256 count)
        internal
        view
        returns (bool ok)
    {
        uint256 gasLimit = batchGasLimit(system, count);
        assembly ("memory-safe") {
            let success := staticcall(gasLimit, verifier, add(data, 0x20), mload(data), 0, 0x20)
            ok := and(success, and(eq(returndatasize(), 0x20), eq(mload(0), 1)))
        }
    }
}
