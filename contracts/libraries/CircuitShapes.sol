// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Family} from "../types/ModelTypes.sol";

/// @title CircuitShapes
/// @notice A circuit's full shape (`Circuit.dims`) and the three-number summary (`Circuit.shape`) the coordinator
/// copies: which lists describe a circuit of a family, and the full shape of a circuit stored before `dims` existed.
/// @dev Mirrors the manifest's `shape` (circuits/manifest.json, compiler/src/compile/compileModel.ts): classifier
/// {n}; MLP {n, h, k}; recommender {d, m, topK}; dense {widths}; trees {features, trees, depth, columns}.
library CircuitShapes {
    /// @notice Most dense layers a registered circuit may have (the compiler's limit, compiler/src/circuit/limits.ts).
    uint256 internal constant MAX_DENSE_LAYERS = 8;

    /// @notice Whether `dims` is a full shape of `family` and `shape` its summary: every entry positive;
    /// classifier [N] with summary [N, 0, 0]; MLP [N, H, K] and recommender [D, M, k] equal to their summary;
    /// dense [N, w1, ..., K] (1 to MAX_DENSE_LAYERS layers) with summary [N, layers, K]; tree ensemble [F, T, D, C]
    /// with summary [F, T, D].
    function isValid(Family family, uint16[3] memory shape, uint16[] memory dims) internal pure returns (bool) {
        uint256 n = dims.length;
        if (n == 0) return false;
        for (uint256 i; i < n; ++i) {
            if (dims[i] == 0) return false;
        }
        if (family == Family.Classifier) return n == 1 && shape[0] == dims[0] && shape[1] == 0 && shape[2] == 0;
        if (family == Family.Mlp || family == Family.Recommender) {
            return n == 3 && shape[0] == dims[0] && shape[1] == dims[1] && shape[2] == dims[2];
        }
        if (family == Family.Dense) {
            return
                n >= 2 && n <= MAX_DENSE_LAYERS + 1 && shape[0] == dims[0] && shape[1] == n - 1
                    && shape[2] == dims[n - 1];
        }
        // TreeEnsemble, the last family
        return n == 4 && shape[0] == dims[0] && shape[1] == dims[1] && shape[2] == dims[2];
    }

    /// @notice The full shape of a stored circuit: its `dims`, or, for a circuit registered before `dims` existed
    /// (always a classifier, MLP or recommender), the one its summary implies.
    function full(Family family, uint16[3] memory shape, uint16[] memory dims) internal pure returns (uint16[] memory) {
        if (dims.length != 0) return dims;
        uint16[] memory derived;
        if (family == Family.Classifier) {
            derived = new uint16[](1);
            derived[0] = shape[0];
            return derived;
        }
        derived = new uint16[](3);
        (derived[0], derived[1], derived[2]) = (shape[0], shape[1], shape[2]);
        return derived;
    }
}
