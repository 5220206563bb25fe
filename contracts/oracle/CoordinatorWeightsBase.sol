// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IWeightsBaseVerifier} from "../interfaces/IWeightsBaseVerifier.sol";
import {Request} from "../types/InferenceTypes.sol";
import {CoordinatorSlot} from "./CoordinatorSlot.sol";
import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title CoordinatorWeightsBase
/// @notice The weights bases of model versions (CoordinatorStorage.WeightsBase): IC_0 + IC_w · weightsCommitment of a
/// circuit's key, which every proof of one version on that circuit shares. Stored, it turns each single
/// fulfillment's multiplication of IC_w by the commitment (an ECMUL, 6,000 gas) into two storage reads.
/// @dev Soundness rests on the base being the verifier's own answer for the version's commitment: the coordinator
/// computes it from a request that matched its stored hash (whose commitment was copied from the registry at request
/// time and is fixed for the version), never takes one from a caller.
library CoordinatorWeightsBase {
    /// @dev Gas given to `weightsBase` (an ECMUL and an ECADD, about 6.5k): bounded, as an invalid point makes a
    /// precompile eat all it is given.
    uint256 private constant WEIGHTS_BASE_GAS = 30_000;

    /// @notice Whether `verifier` has the weights-base entry points: it answers `weightsBase(1)` with a point.
    /// @dev Probed once, when the coordinator copies a circuit; a verifier generated before them reverts.
    function hasEntryPoints(address verifier) internal view returns (bool) {
        (uint256 x, uint256 y) = _weightsBase(verifier, 1);
        return x != 0 || y != 0;
    }

    /// @notice The weights base of `request`'s version on its circuit, computed by `verifier` and stored the first
    /// time; `known` is false if the verifier gave none (then nothing is stored and the caller verifies in full).
    /// @dev Only for a request that matched its stored hash: its weights commitment is then the version's.
    function baseOf(Request calldata request, address verifier) internal returns (bool known, uint256 x, uint256 y) {
        CoordinatorStorage.WeightsBase storage base =
            CoordinatorSlot.state().weightsBases[key(request.modelId, request.version, request.circuitId)];
        x = base.x;
        y = base.y;
        if (x != 0 || y != 0) return (true, x, y);
        (x, y) = _weightsBase(verifier, request.weightsCommitment);
        if (x == 0 && y == 0) return (false, 0, 0);
        base.x = x;
        base.y = y;
        return (true, x, y);
    }

    /// @notice Where the weights base of `modelId`'s `version` on circuit `circuitId` is kept: keccak256 of the three,
    /// ABI-encoded.
    function key(uint256 modelId, uint32 version, uint32 circuitId) internal pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let at := mload(0x40)
            mstore(at, modelId)
            mstore(add(at, 0x20), and(version, 0xffffffff))
            mstore(add(at, 0x40), and(circuitId, 0xffffffff))
            digest := keccak256(at, 0x60)
        }
    }

    /// @dev `verifier.weightsBase(weightsCommitment)`, or (0, 0) if the call fails or answers anything but two words.
    function _weightsBase(address verifier, uint256 weightsCommitment) private view returns (uint256 x, uint256 y) {
        bytes4 selector = IWeightsBaseVerifier.weightsBase.selector;
        assembly ("memory-safe") {
            let at := mload(0x40)
            mstore(at, selector)
            mstore(add(at, 0x04), weightsCommitment)
            // the call first: Yul evaluates arguments right to left, so returndatasize() inside one `and` with the
            // call would be the previous call's
            let success := staticcall(WEIGHTS_BASE_GAS, verifier, at, 0x24, at, 0x40)
            if and(success, eq(returndatasize(), 0x40)) {
                x := mload(at)
                y := mload(add(at, 0x20))
            }
        }
    }
}
