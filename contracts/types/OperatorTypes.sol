// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The operator set's types.

/// @notice Public registration data of an operator.
struct OperatorInfo {
    bool registered;
    uint32 slot;
    uint64 registeredAt;
    string endpoint;
    bytes publicKey;
}
