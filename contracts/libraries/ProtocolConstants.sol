// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ProtocolConstants
/// @notice Bounds on governable parameters, with their units, and the proof system's field, in one place.
/// @dev Published in the contracts package (contracts/package.json; PackedSignals reads the field from here),
/// hence the open pragma.
library ProtocolConstants {
    /// @notice Shortest unstake cooldown governance may set: 1 day, in seconds.
    uint64 internal constant MIN_COOLDOWN = 1 days;
    /// @notice Longest unstake cooldown governance may set: 90 days, in seconds.
    uint64 internal constant MAX_COOLDOWN = 90 days;
    /// @notice Default unstake cooldown: 7 days, in seconds.
    uint64 internal constant DEFAULT_COOLDOWN = 7 days;
    /// @notice Time the keeper has after a request's deadline to cancel it and slash the operator: 1 hour, in
    /// seconds. The unstake cooldown must cover the request timeout plus this grace, or the operator could withdraw
    /// before the slash.
    uint64 internal constant SLASH_GRACE = 1 hours;
    /// @notice The BN254 scalar field modulus r: every public signal of a proof must be below it (the verifiers refuse
    /// it otherwise). The only copy in Solidity outside the generated verifiers.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;
    /// @notice Hard cap on the callback gas governance may allow: 2,500,000 gas.
    uint32 internal constant MAX_CALLBACK_GAS = 2_500_000;
    /// @notice Basis points in one whole.
    uint16 internal constant BPS = 10_000;

    /// @notice Gas the coordinator gives the staking vault's `slash` when it cancels an unanswered request: twice a
    /// slash's worst case (rewards settled, maturing stake and a cooldown taken, the vote and selection-weight
    /// histories each pushing a new entry: 476,747 gas with every slot cold, StakingVaultHistoryGas.t.sol), so that a
    /// slash only ever fails for a reason of its own, never for the caller's gas. A cancel must be sent with this much
    /// to spare at each slash; unused, it costs nothing.
    uint256 internal constant SLASH_GAS = 1_000_000;
}
