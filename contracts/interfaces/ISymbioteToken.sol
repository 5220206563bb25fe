// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ISymbioteToken
/// @notice The governance and fee token: ERC-20 with EIP-2612 permits, a fixed cap, and minting by governance only.
interface ISymbioteToken is IERC20, IERC20Permit {
    /// @dev The zero address was given for the treasury or governance.
    error TokenZeroAddress();
    /// @dev The initial supply `initialSupply` exceeds the cap `cap`.
    error TokenInitialSupplyAboveCap(uint256 initialSupply, uint256 cap);
    /// @dev A mint of zero tokens.
    error TokenZeroAmount();

    /// @notice Mints `amount` to `to`, within the cap. Governance (the timelock) only.
    /// @param to Receiver of the new tokens.
    /// @param amount Tokens to mint, > 0; total supply after minting must not exceed `cap()`.
    function mint(address to, uint256 amount) external;

    /// @notice The maximum total supply.
    function cap() external view returns (uint256);
}
