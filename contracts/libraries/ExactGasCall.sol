// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ExactGasCall
/// @notice Calls a target with exactly the gas promised to it, copying no return data.
/// @dev The pattern of Chainlink's callWithExactGas: the caller must hold enough gas that, after the 63/64 rule, the
/// callee still receives `gasAmount`; otherwise the whole transaction reverts, so an operator cannot starve a
/// consumer's callback by sending too little gas. Return data is never copied, so a consumer returning megabytes
/// cannot make the caller run out of gas (a "return bomb").
library ExactGasCall {
    /// @dev Gas kept for the checks between `gas()` and `call` (a safe upper bound of their cost).
    uint256 internal constant GAS_FOR_CHECKS = 5000;

    /// @notice Whether the current frame can give `gasAmount` to a call.
    function hasEnoughGas(uint256 gasAmount) internal view returns (bool enough) {
        assembly ("memory-safe") {
            let g := gas()
            enough := gt(g, GAS_FOR_CHECKS)
            if enough {
                g := sub(g, GAS_FOR_CHECKS)
                // The callee receives at most all but one 64th of what is left.
                enough := gt(sub(g, div(g, 64)), gasAmount)
            }
        }
    }

    /// @notice Calls `target` with exactly `gasAmount` gas and the `dataBytes` bytes of memory at `dataAt` as call data
    /// (a caller may encode them in scratch memory past the free memory pointer rather than allocate them); returns
    /// whether it succeeded. A target without code counts as a failure. Callers must check `hasEnoughGas` first.
    function callWithExactGas(address target, uint256 gasAmount, uint256 dataAt, uint256 dataBytes)
        internal
        returns (bool success)
    {
        if (target.code.length == 0) return false;
        assembly ("memory-safe") {
            success := call(gasAmount, target, 0, dataAt, dataBytes, 0, 0)
        }
    }
}
