// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IOperatorRegistry} from "./IOperatorRegistry.sol";
import {IStakingVault} from "./IStakingVault.sol";

/// @title IOperatorVault
/// @notice The staking vault as the inference coordinator depends on it: the bond (stake, cooldown, slashing, staker
/// rewards) and the operator set that assignments are drawn from, in one typed dependency.
interface IOperatorVault is IStakingVault, IOperatorRegistry {}
