// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorStorage} from "./CoordinatorStorage.sol";

/// @title RoundAssignment
/// @notice Who was drawn for a public request: the operator picked by the round's seed over the operator set as it
/// stood at the end of the second before the round began. Both inputs were fixed before anyone could know the seed,
/// so neither the requester nor an operator can steer or escape the draw afterwards.
library RoundAssignment {
    /// @notice The operator drawn for request `requestId` of round `round`, and when the round's seed arrived (both 0
    /// while the seed is unknown; the operator is also 0 if no draw hit an operator that had declared the version).
    function drawn(
        CoordinatorStorage.CoordinatorState storage $,
        uint256 requestId,
        uint64 round,
        uint256 modelId,
        uint32 version
    ) internal view returns (address assigned, uint64 seedArrivedAt) {
        uint256 seed;
        (seed, seedArrivedAt) = $.randomness.seedInfo(round);
        if (seed == 0) return (address(0), 0);
        assigned = $.vault.assignedOperatorAt(seed, requestId, modelId, version, uint48($.roundStartTimes[round] - 1));
    }
}
