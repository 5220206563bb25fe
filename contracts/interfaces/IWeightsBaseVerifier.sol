// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IWeightsBaseVerifier
/// @notice The weights-base entry points of a generated Groth16 verifier of an inference circuit, whose public signals
/// are its outputs, its input words, the model version's weights commitment and the binding (circuits/manifest.json).
/// Every proof of one version shares the weights-commitment term of vk_x, so a caller that stores
/// `weightsBase(commitment)` once can verify each later proof with one elliptic-curve multiplication fewer.
interface IWeightsBaseVerifier {
    /// @notice IC_0 + IC_w · `weightsCommitment`, where IC_w is the key's point for the weights-commitment signal.
    /// @return x The point's x coordinate; (0, 0) if `weightsCommitment` is not below the scalar field.
    /// @return y The point's y coordinate.
    function weightsBase(uint256 weightsCommitment) external view returns (uint256 x, uint256 y);

    /// @notice `verifyProof` with vk_x starting at `_base` instead of IC_0 and without the weights-commitment term:
    /// `_pubSignals` holds the other signals in order (outputs, input words, binding).
    /// @dev Only sound for a base the caller computed itself with `weightsBase` from a commitment it trusts: with a
    /// chosen base, any proof passes (the base of infinity with A = α, B = β and C = infinity does).
    /// @return False, never a revert, for a wrong signal count, a signal not below the scalar field, a point not on
    /// the curve or a failing proof.
    function verifyProofFromBase(
        uint256[2] calldata _pA,
        uint256[2][2] calldata _pB,
        uint256[2] calldata _pC,
        uint256[2] calldata _base,
        uint256[] calldata _pubSignals
    ) external view returns (bool);
}
